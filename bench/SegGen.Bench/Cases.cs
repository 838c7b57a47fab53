using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Bench;

/// <summary>The rows of the table. Each name's PyTorch side is in bench/pytorch_worker.py's CASES.</summary>
internal static class Cases
{
    // Tiny tensors make the time the per-op overhead (binding + dispatcher), not arithmetic.
    private static readonly RatioTarget Dispatch = RatioTarget.AtMost(0.5);

    // Both sides run the same libtorch kernel, so a heavy op must cost the same.
    private static readonly RatioTarget SameKernel = RatioTarget.Within(0.03);

    public static readonly IReadOnlyList<BenchCase> All =
    [
        // Results are disposed inside the loop: freeing is part of what an op costs SegGen.
        Small("relu_small", "relu", (x, _) => relu(x).Dispose()),
        Small("add_small", "add", (x, z) => x.add(z).Dispose()),
        Small("cat_small", "cat (dim 1)", (x, z) => cat([x, z], 1).Dispose()),
        new("conv3x3_64", "conv2d 1×64×128×128, 3×3 64→64, pad 1, no_grad", TimeUnit.Milliseconds, SameKernel, () =>
        {
            var inference = no_grad();
            var (x, w, b) = (randn(1, 64, 128, 128), randn(64, 64, 3, 3), randn(64));
            return new SegGenWork(() => nn.functional.conv2d(x, w, b, padding: [1]).Dispose(), x, w, b, inference);
        }),
    ];

    /// <summary>A dispatch case on two 1×16×8×8 inputs (ops that take one ignore the second).</summary>
    private static BenchCase Small(string name, string op, System.Action<Tensor, Tensor> step) =>
        new(name, op + " 1×16×8×8 (dispatch)", TimeUnit.Microseconds, Dispatch, () =>
        {
            var (x, z) = (randn(1, 16, 8, 8), randn(1, 16, 8, 8));
            return new SegGenWork(() => step(x, z), x, z);
        });
}
