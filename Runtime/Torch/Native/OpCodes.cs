namespace SegGen.Torch.Native;

// Op codes shared with native/src/sg_ops.cpp and sg_nn.cpp: keep both in the same order.

internal enum UnaryOp : sbyte
{
    Relu, Sigmoid, Tanh, Exp, Log, Neg, Abs, Sqrt, Rsqrt, Floor, Ceil, Round, Sign, Reciprocal,
    LogicalNot, Sin, Cos, Square, Trunc, IsNan, Erf, Log1p, Expm1, Silu, Gelu,
}

internal enum BinaryOp : sbyte
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Remainder, Eq, Ne, Lt, Le, Gt, Ge,
    LogicalAnd, LogicalOr, BitwiseAnd, BitwiseOr, FloorDivide, Matmul,
}

internal enum ReductionOp : sbyte { Sum, Mean, Amax, Amin, Prod, Any, All, Std, Var }

internal enum FactoryKind : sbyte { Zeros, Ones, Full, Empty, Rand, Randn }

internal enum PadModeCode : sbyte { Constant, Reflect, Replicate }

internal enum InterpolationCode : sbyte { Nearest, Bilinear }
