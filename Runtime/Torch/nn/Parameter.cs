using SegGen.Torch.Native;

namespace SegGen.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A trainable tensor of a module: a leaf that requires grad unless told otherwise.</summary>
        public sealed class Parameter : Tensor
        {
            /// <summary>Takes over <paramref name="data"/>: the parameter holds its values, and <paramref name="data"/> is disposed.</summary>
            public Parameter(Tensor data, bool requires_grad = true) : base(NativeMethods.sg_detach(data.Handle))
            {
                data.Dispose();
                // A module owns its parameters: no dispose scope may take them.
                DetachFromDisposeScope();
                this.requires_grad = requires_grad;
            }
        }
    }
}
