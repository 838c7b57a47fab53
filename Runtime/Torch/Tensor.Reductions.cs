using System;
using SegGen.Torch.Native;

namespace SegGen.Torch;

public static partial class torch
{
    // Reductions and ops along a dimension.
    public partial class Tensor
    {
        private unsafe Tensor Reduce(ReductionOp op, ReadOnlySpan<long> dims, bool keepdim, ScalarType? type)
        {
            fixed (long* p = dims)
            {
                return new Tensor(NativeMethods.sg_reduce(op, Handle, p, dims.Length, keepdim, type.HasValue ? (sbyte)type.Value : (sbyte)-1));
            }
        }

        public Tensor sum(ScalarType? type = null) => Reduce(ReductionOp.Sum, default, false, type);
        public Tensor sum(long[] dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Sum, dim, keepdim, type);
        public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Sum, [dim], keepdim, type);
        public Tensor mean(ScalarType? type = null) => Reduce(ReductionOp.Mean, default, false, type);
        public Tensor mean(long[] dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Mean, dim, keepdim, type);
        public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Mean, [dim], keepdim, type);
        public Tensor prod(ScalarType? type = null) => Reduce(ReductionOp.Prod, default, false, type);
        public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Prod, [dim], keepdim, type);
        public Tensor amax(params long[] dim) => Reduce(ReductionOp.Amax, dim, false, null);
        public Tensor amin(params long[] dim) => Reduce(ReductionOp.Amin, dim, false, null);
        public Tensor any() => Reduce(ReductionOp.Any, default, false, null);
        public Tensor all() => Reduce(ReductionOp.All, default, false, null);
        public Tensor std() => Reduce(ReductionOp.Std, default, false, null);
        public Tensor std(long dim, bool keepdim = false) => Reduce(ReductionOp.Std, [dim], keepdim, null);
        public Tensor var() => Reduce(ReductionOp.Var, default, false, null);
        public Tensor var(long dim, bool keepdim = false) => Reduce(ReductionOp.Var, [dim], keepdim, null);

        /// <summary>The largest element.</summary>
        public Tensor max() => Reduce(ReductionOp.Amax, default, false, null);

        public Tensor min() => Reduce(ReductionOp.Amin, default, false, null);

        /// <summary>The largest elements along <paramref name="dim"/> and where they are.</summary>
        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) => MaxMin(dim, keepdim, isMin: false);

        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) => MaxMin(dim, keepdim, isMin: true);

        private (Tensor values, Tensor indexes) MaxMin(long dim, bool keepdim, bool isMin)
        {
            NativeMethods.Check(NativeMethods.sg_max_dim(Handle, dim, keepdim, isMin, out var values, out var indexes));
            return (new Tensor(values), new Tensor(indexes));
        }

        public Tensor argmax() => new(NativeMethods.sg_argmax(Handle, false, 0, false, false));
        public Tensor argmax(long dim, bool keepdim = false) => new(NativeMethods.sg_argmax(Handle, true, dim, keepdim, false));
        public Tensor argmin() => new(NativeMethods.sg_argmax(Handle, false, 0, false, true));
        public Tensor argmin(long dim, bool keepdim = false) => new(NativeMethods.sg_argmax(Handle, true, dim, keepdim, true));

        public Tensor bincount(Tensor? weights = null, long minlength = 0) =>
            new(NativeMethods.sg_bincount(Handle, weights?.Handle ?? TensorHandle.Null, minlength));

        public Tensor softmax(long dim, ScalarType? dtype = null) =>
            new(NativeMethods.sg_softmax(Handle, dim, dtype.HasValue ? (sbyte)dtype.Value : (sbyte)-1, false));

        public Tensor log_softmax(long dim, ScalarType? dtype = null) =>
            new(NativeMethods.sg_softmax(Handle, dim, dtype.HasValue ? (sbyte)dtype.Value : (sbyte)-1, true));

        public Tensor index_select(long dim, Tensor index) => new(NativeMethods.sg_index_select(Handle, dim, index.Handle));

        public Tensor gather(long dim, Tensor index) => new(NativeMethods.sg_gather(Handle, dim, index.Handle));
    }
}
