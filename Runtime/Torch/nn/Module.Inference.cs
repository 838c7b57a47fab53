using System;
using System.Linq;

namespace SegGen.Torch;

public static partial class torch
{
    public static partial class nn
    {
        // Inference preparation, TorchScript's freeze + optimize_for_inference done once in C#: generated models fold
        // batch norm into the preceding convolution and reorder weights into oneDNN's blocked layout (see docs/inference.md).
        public abstract partial class Module
        {
            private IDisposable? inferenceState;

            /// <summary>
            /// Switches to eval mode and prepares this module and its descendants for inference: a generated model folds
            /// each batch norm into the convolution before it and reorders the convolution weights once into oneDNN's
            /// blocked layout, and its <c>forward</c> then runs on those copies in eval mode with gradients off
            /// (<c>using var _ = torch.no_grad();</c>), keeping activations in the blocked layout between the ops that take it.
            /// The copies are a snapshot of the weights: <see cref="train"/>, <see cref="load_state_dict"/>, <c>to()</c> and
            /// <see cref="Dispose()"/> drop them; after changing weights any other way (an optimizer step, <c>copy_</c> into a
            /// parameter), call this again. Only float32 CPU weights are prepared (oneDNN's layout is a CPU one); other
            /// modules keep their ordinary forward.
            /// </summary>
            public Module optimize_for_inference()
            {
                eval();
                var prepare = parameters().All(p => p.device.type == DeviceType.CPU && p.dtype == ScalarType.Float32);
                foreach (var (_, module) in named_modules())
                {
                    module.DropOwnInferenceState();
                    if (prepare) module.inferenceState = module.prepare_inference();
                }
                return this;
            }

            /// <summary>Whether <see cref="optimize_for_inference"/> prepared state here or below that nothing has dropped since.</summary>
            public bool inference_optimized => named_modules().Any(m => m.module.inferenceState is not null);

            /// <summary>What <see cref="optimize_for_inference"/> prepares for this module (null: nothing); generated models override it.</summary>
            protected virtual IDisposable? prepare_inference() => null;

            /// <summary>The state <see cref="prepare_inference"/> gave, while it is valid; forward takes the prepared path only with it.</summary>
            protected IDisposable? inference_state => inferenceState;

            private void DropInferenceState()
            {
                foreach (var (_, module) in named_modules()) module.DropOwnInferenceState();
            }

            private void DropOwnInferenceState()
            {
                inferenceState?.Dispose();
                inferenceState = null;
            }
        }
    }
}
