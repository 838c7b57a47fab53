using SegGen.Torch.Native;

namespace SegGen.Torch;

public static partial class torch
{
    // Element-wise math, comparisons and their in-place forms.
    public partial class Tensor
    {
        private Tensor Unary(UnaryOp op) => new(NativeMethods.sg_unary(op, Handle));

        private Tensor Unary_(UnaryOp op)
        {
            NativeMethods.Check(NativeMethods.sg_unary_(op, Handle));
            return this;
        }

        private Tensor Binary(BinaryOp op, Tensor other) => new(NativeMethods.sg_binary(op, Handle, other.Handle));

        private Tensor Binary(BinaryOp op, Scalar other) => new(NativeMethods.sg_binary_scalar(op, Handle, other.Value, other.Kind));

        private Tensor Binary_(BinaryOp op, Tensor other)
        {
            NativeMethods.Check(NativeMethods.sg_binary_(op, Handle, other.Handle));
            return this;
        }

        private Tensor Binary_(BinaryOp op, Scalar other)
        {
            NativeMethods.Check(NativeMethods.sg_binary_scalar_(op, Handle, other.Value, other.Kind));
            return this;
        }

        public Tensor relu() => Unary(UnaryOp.Relu);
        public Tensor relu_() => Unary_(UnaryOp.Relu);
        public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
        public Tensor sigmoid_() => Unary_(UnaryOp.Sigmoid);
        public Tensor tanh() => Unary(UnaryOp.Tanh);
        public Tensor tanh_() => Unary_(UnaryOp.Tanh);
        public Tensor exp() => Unary(UnaryOp.Exp);
        public Tensor exp_() => Unary_(UnaryOp.Exp);
        public Tensor log() => Unary(UnaryOp.Log);
        public Tensor log_() => Unary_(UnaryOp.Log);
        public Tensor log1p() => Unary(UnaryOp.Log1p);
        public Tensor expm1() => Unary(UnaryOp.Expm1);
        public Tensor neg() => Unary(UnaryOp.Neg);
        public Tensor neg_() => Unary_(UnaryOp.Neg);
        public Tensor abs() => Unary(UnaryOp.Abs);
        public Tensor abs_() => Unary_(UnaryOp.Abs);
        public Tensor sqrt() => Unary(UnaryOp.Sqrt);
        public Tensor sqrt_() => Unary_(UnaryOp.Sqrt);
        public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
        public Tensor floor() => Unary(UnaryOp.Floor);
        public Tensor floor_() => Unary_(UnaryOp.Floor);
        public Tensor ceil() => Unary(UnaryOp.Ceil);
        public Tensor ceil_() => Unary_(UnaryOp.Ceil);
        public Tensor round() => Unary(UnaryOp.Round);
        public Tensor round_() => Unary_(UnaryOp.Round);
        public Tensor trunc() => Unary(UnaryOp.Trunc);
        public Tensor sign() => Unary(UnaryOp.Sign);
        public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
        public Tensor reciprocal_() => Unary_(UnaryOp.Reciprocal);
        public Tensor square() => Unary(UnaryOp.Square);
        public Tensor sin() => Unary(UnaryOp.Sin);
        public Tensor cos() => Unary(UnaryOp.Cos);
        public Tensor erf() => Unary(UnaryOp.Erf);
        public Tensor silu() => Unary(UnaryOp.Silu);
        public Tensor gelu() => Unary(UnaryOp.Gelu);
        public Tensor isnan() => Unary(UnaryOp.IsNan);
        public Tensor logical_not() => Unary(UnaryOp.LogicalNot);

        public Tensor add(Tensor other) => Binary(BinaryOp.Add, other);
        public Tensor add(Scalar other) => Binary(BinaryOp.Add, other);
        public Tensor add(Tensor other, Scalar alpha) => new(NativeMethods.sg_add_scaled(Handle, other.Handle, alpha.Value, alpha.Kind));
        public Tensor add_(Tensor other) => Binary_(BinaryOp.Add, other);
        public Tensor add_(Scalar other) => Binary_(BinaryOp.Add, other);

        public Tensor add_(Tensor other, Scalar alpha)
        {
            NativeMethods.Check(NativeMethods.sg_add_scaled_(Handle, other.Handle, alpha.Value, alpha.Kind));
            return this;
        }

        public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other);
        public Tensor sub(Scalar other) => Binary(BinaryOp.Sub, other);
        public Tensor sub_(Tensor other) => Binary_(BinaryOp.Sub, other);
        public Tensor sub_(Scalar other) => Binary_(BinaryOp.Sub, other);
        public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other);
        public Tensor mul(Scalar other) => Binary(BinaryOp.Mul, other);
        public Tensor mul_(Tensor other) => Binary_(BinaryOp.Mul, other);
        public Tensor mul_(Scalar other) => Binary_(BinaryOp.Mul, other);
        public Tensor div(Tensor other) => Binary(BinaryOp.Div, other);
        public Tensor div(Scalar other) => Binary(BinaryOp.Div, other);
        public Tensor div_(Tensor other) => Binary_(BinaryOp.Div, other);
        public Tensor div_(Scalar other) => Binary_(BinaryOp.Div, other);
        public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
        public Tensor pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent);
        public Tensor pow_(Scalar exponent) => Binary_(BinaryOp.Pow, exponent);
        public Tensor remainder(Tensor other) => Binary(BinaryOp.Remainder, other);
        public Tensor remainder(Scalar other) => Binary(BinaryOp.Remainder, other);
        public Tensor floor_divide(Tensor other) => Binary(BinaryOp.FloorDivide, other);
        public Tensor floor_divide(Scalar other) => Binary(BinaryOp.FloorDivide, other);
        public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
        public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
        public Tensor matmul(Tensor other) => Binary(BinaryOp.Matmul, other);

        public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other);
        public Tensor eq(Scalar other) => Binary(BinaryOp.Eq, other);
        public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other);
        public Tensor ne(Scalar other) => Binary(BinaryOp.Ne, other);
        public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other);
        public Tensor lt(Scalar other) => Binary(BinaryOp.Lt, other);
        public Tensor le(Tensor other) => Binary(BinaryOp.Le, other);
        public Tensor le(Scalar other) => Binary(BinaryOp.Le, other);
        public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other);
        public Tensor gt(Scalar other) => Binary(BinaryOp.Gt, other);
        public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other);
        public Tensor ge(Scalar other) => Binary(BinaryOp.Ge, other);
        public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
        public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other);
        public Tensor bitwise_and(Tensor other) => Binary(BinaryOp.BitwiseAnd, other);
        public Tensor bitwise_or(Tensor other) => Binary(BinaryOp.BitwiseOr, other);

        public Tensor addcmul_(Tensor tensor1, Tensor tensor2, double value = 1)
        {
            NativeMethods.Check(NativeMethods.sg_addcmul_(Handle, tensor1.Handle, tensor2.Handle, value));
            return this;
        }

        public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, double value = 1)
        {
            NativeMethods.Check(NativeMethods.sg_addcdiv_(Handle, tensor1.Handle, tensor2.Handle, value));
            return this;
        }

        public Tensor lerp_(Tensor end, double weight)
        {
            NativeMethods.Check(NativeMethods.sg_lerp_(Handle, end.Handle, weight));
            return this;
        }

        public Tensor clamp(Scalar? min = null, Scalar? max = null) =>
            new(NativeMethods.sg_clamp(Handle, min.HasValue, min?.Value ?? 0, max.HasValue, max?.Value ?? 0, KindOf(min, max)));

        public Tensor clamp_(Scalar? min = null, Scalar? max = null)
        {
            NativeMethods.Check(NativeMethods.sg_clamp_(Handle, min.HasValue, min?.Value ?? 0, max.HasValue, max?.Value ?? 0, KindOf(min, max)));
            return this;
        }

        private static ScalarKind KindOf(Scalar? min, Scalar? max) =>
            min?.Kind == ScalarKind.Floating || max?.Kind == ScalarKind.Floating ? ScalarKind.Floating : ScalarKind.Integral;

        public Tensor masked_fill(Tensor mask, Scalar value) => new(NativeMethods.sg_masked_fill(Handle, mask.Handle, value.Value, value.Kind));

        public bool allclose(Tensor other, double rtol = 1e-05, double atol = 1e-08)
        {
            NativeMethods.Check(NativeMethods.sg_allclose(Handle, other.Handle, rtol, atol, out var result));
            return result;
        }

        public Tensor fill_(Scalar value)
        {
            NativeMethods.Check(NativeMethods.sg_fill_(Handle, value.Value, value.Kind));
            return this;
        }

        public Tensor zero_()
        {
            NativeMethods.Check(NativeMethods.sg_zero_(Handle));
            return this;
        }

        public Tensor uniform_(double from = 0, double to = 1)
        {
            NativeMethods.Check(NativeMethods.sg_uniform_(Handle, from, to));
            return this;
        }

        public Tensor normal_(double mean = 0, double std = 1)
        {
            NativeMethods.Check(NativeMethods.sg_normal_(Handle, mean, std));
            return this;
        }

        /// <summary>Makes this tensor hold <paramref name="source"/>'s data (PyTorch's <c>t.data = source</c>), keeping this object.</summary>
        public void set_data(Tensor source) => NativeMethods.Check(NativeMethods.sg_tensor_set_data(Handle, source.Handle));

        public Tensor copy_(Tensor source)
        {
            NativeMethods.Check(NativeMethods.sg_copy_(Handle, source.Handle));
            return this;
        }

        public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
        public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
        public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
        public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
        public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
        public static Tensor operator -(Scalar a, Tensor b)
        {
            using var negated = b.neg();
            return negated.add(a);
        }

        public static Tensor operator -(Tensor a) => a.neg();
        public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
        public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
        public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
        public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
        public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
        public static Tensor operator %(Tensor a, Scalar b) => a.remainder(b);
    }
}
