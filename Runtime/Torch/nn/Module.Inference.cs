using System;
using System.Collections.Generic;
using System.Linq;

namespace SegGen.Torch;

public static partial class torch
{
    public static partial class nn
    {
        // Inference preparation, TorchScript's freeze + optimize_for_inference done once in C#: generated models fold
        // batch norm into the preceding convolution, pack each convolution for oneDNN with the sum and ReLU after it
        // fused, and run channels-last (see docs/inference.md).
        public abstract partial class Module
        {
            private IDisposable? inferenceState;

            /// <summary>
            /// Switches to eval mode and prepares this module and its descendants for inference: a generated model folds
            /// each batch norm into the convolution before it, reorders the convolution weights once for oneDNN and fuses
            /// the residual sums and ReLUs after convolutions into their passes, and its <c>forward</c> then runs on those
            /// copies in eval mode with gradients off (<c>using var _ = torch.no_grad();</c>), keeping activations
            /// channels-last; results leave contiguous.
            /// The copies are a snapshot of the weights: <see cref="train"/>, <see cref="load_state_dict"/>, <c>to()</c> and
            /// <see cref="Dispose()"/> drop them; after changing weights any other way (an optimizer step, <c>copy_</c> into a
            /// parameter), call this again. Only float32 CPU weights are prepared (oneDNN's CPU kernels); other
            /// modules keep their ordinary forward.
            /// </summary>
            /// <param name="release_weights">
            /// Inference only, like TorchScript's freeze: also frees the parameters and buffers the prepared copies replace
            /// (each packed convolution's, each folded batch norm's), so the weights are held once. The module can then only
            /// run the prepared forward; <see cref="train"/>, <see cref="state_dict"/>, <c>to()</c> and the ordinary forward
            /// throw <see cref="InvalidOperationException"/> until <see cref="load_state_dict"/> gives it a full set of weights again.
            /// </param>
            public Module optimize_for_inference(bool release_weights = false)
            {
                if (weights_released) throw ReleasedError("optimize_for_inference()");
                eval();
                var prepare = parameters().All(p => p.device.type == DeviceType.CPU && p.dtype == ScalarType.Float32);
                foreach (var (_, module) in named_modules())
                {
                    module.DropOwnInferenceState();
                    if (prepare) module.inferenceState = module.prepare_inference();
                }
                if (release_weights)
                {
                    foreach (var (_, module) in named_modules())
                    {
                        if (module.inferenceState is IPreparedWeights prepared) ReleaseReplaced(prepared);
                    }
                }
                return this;
            }

            /// <summary>Whether <see cref="optimize_for_inference"/> prepared state here or below that nothing has dropped since.</summary>
            public bool inference_optimized => named_modules().Any(m => m.module.inferenceState is not null);

            /// <summary>What <see cref="optimize_for_inference"/> prepares for this module (null: nothing); generated models override it.</summary>
            protected virtual IDisposable? prepare_inference() => null;

            /// <summary>The state <see cref="prepare_inference"/> gave, while it is valid; forward takes the prepared path only with it.</summary>
            protected IDisposable? inference_state => inferenceState;

            /// <summary>Whether <c>optimize_for_inference(release_weights: true)</c> freed weights here or below that no <see cref="load_state_dict"/> has restored.</summary>
            public bool weights_released => named_modules().Any(m => m.module.releasedShapes.Count > 0);

            // Own parameters and buffers freed for inference, by name, with the shape load_state_dict restores them to.
            private readonly Dictionary<string, long[]> releasedShapes = new(StringComparer.Ordinal);

            /// <summary>Throws, naming <paramref name="operation"/>, if weights here or below are released: the generated ordinary forward calls it.</summary>
            protected void check_weights_held(string operation)
            {
                if (weights_released) throw ReleasedError(operation);
            }

            private InvalidOperationException ReleasedError(string operation) =>
                new($"{name}.{operation}: the module released its weights in optimize_for_inference(release_weights: true) and can only run " +
                    "its prepared forward (eval mode, no gradients); load_state_dict(...) with all of its weights restores it");

            /// <summary>Frees the own parameters and buffers (and gradients) of the modules the prepared copies replace; the Parameter objects stay, with no elements.</summary>
            private static void ReleaseReplaced(IPreparedWeights prepared)
            {
                using var _ = no_grad();
                foreach (var module in prepared.replaced)
                {
                    foreach (var (name, tensor, _) in module.OwnTensors())
                    {
                        module.releasedShapes[name] = tensor.shape;
                        using var nothing = empty([0], tensor.dtype, tensor.device);
                        tensor.set_data(nothing);
                        // A gradient left from training would be the largest thing still held.
                        if (tensor is Parameter parameter) parameter.grad = null;
                    }
                }
            }

            /// <summary>Gives released tensors storage of their shape again before load_state_dict copies into them (it has checked every one is given).</summary>
            private void RestoreReleased()
            {
                using var _ = no_grad();
                foreach (var (_, module) in named_modules())
                {
                    foreach (var (name, tensor, _) in module.OwnTensors())
                    {
                        if (!module.releasedShapes.TryGetValue(name, out var shape)) continue;
                        using var storage = empty(shape, tensor.dtype, tensor.device);
                        tensor.set_data(storage);
                    }
                    module.releasedShapes.Clear();
                }
            }

            /// <summary>This module's own parameters and buffers, each with whether <see cref="state_dict"/> holds it (non-persistent buffers not).</summary>
            private IEnumerable<(string Name, Tensor Tensor, bool Persistent)> OwnTensors() =>
                ownParameters.Where(p => p.Parameter is not null).Select(p => (p.Name, (Tensor)p.Parameter!, true))
                    .Concat(ownBuffers.Where(b => b.Buffer is not null).Select(b => (b.Name, b.Buffer!, b.Persistent)));

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

        /// <summary>
        /// The state a generated model's <c>prepare_inference()</c> gives: the prepared copies, and the modules whose
        /// parameters and buffers they replace (the packed convolutions and the batch norms folded into them), which
        /// <c>optimize_for_inference(release_weights: true)</c> frees.
        /// </summary>
        public interface IPreparedWeights : IDisposable
        {
            IEnumerable<Module> replaced { get; }
        }
    }
}
