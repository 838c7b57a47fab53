using System;
using System.Collections.Generic;
using SegGen.Architectures;
using static SegGen.Torch.torch;

namespace SegGen.Bench;

/// <summary>The rows of the tables. A micro case's PyTorch side is in bench/pytorch_worker.py's CASES; a model row's is built there from the weights SegGen writes.</summary>
internal static class Cases
{
    // Tiny tensors make the time the per-op overhead (binding + dispatcher), not arithmetic.
    private static readonly RatioTarget Dispatch = RatioTarget.AtMost(0.5);

    // Both sides run the same libtorch kernel, so a heavy op must cost the same.
    private static readonly RatioTarget SameKernel = RatioTarget.Within(0.03);

    public static readonly IReadOnlyList<BenchCase> Micro =
    [
        // Results are disposed inside the loop: freeing is part of what an op costs SegGen.
        Small("relu_small", "relu", (x, _) => relu(x).Dispose()),
        Small("add_small", "add", (x, z) => x.add(z).Dispose()),
        Small("cat_small", "cat (dim 1)", (x, z) => cat([x, z], 1).Dispose()),
        new("conv3x3_64", "conv2d 1×64×128×128, 3×3 64→64, pad 1, no_grad", TimeUnit.Milliseconds, [Eager("conv3x3_64", SameKernel)], () =>
        {
            var inference = no_grad();
            var (x, w, b) = (randn(1, 64, 128, 128), randn(64, 64, 3, 3), randn(64));
            return new SegGenWork(() => nn.functional.conv2d(x, w, b, padding: [1]).Dispose(), x, w, b, inference);
        }),
    ];

    // Issue 7's targets for the zoo rows.
    private static readonly RatioTarget TrainingTarget = RatioTarget.AtMost(1.0);
    private static readonly RatioTarget InferenceVsEager = RatioTarget.AtMost(0.8);
    private static readonly RatioTarget InferenceVsScript = RatioTarget.AtMost(1.0);
    private static readonly RatioTarget DispatchModel = RatioTarget.AtMost(0.6);
    // The scaling rows show how the ratio moves with size; they carry the inference target.

    private static readonly ModelFactory Fcn8s = ModelFactory.Of("FCN8s", 21, 64, (c, w) => new FCN8s(c, w));
    private static readonly ModelFactory SegNetModel = ModelFactory.Of("SegNet", 11, 64, (c, w) => new SegNet(c, w));
    private static readonly ModelFactory Narrow = ModelFactory.Of("Narrow10", 2, 8, (c, w) => new Narrow10(c, w));

    // torchvision's deeplabv3_resnet50(aux_loss=True) on the worker's side; ResNet widths are fixed (width unused).
    private static readonly ModelFactory DeepLabV3 = new("DeepLabV3ResNet50", 21, 0, (c, _) => new DeepLabV3ResNet50(c), (net, x) =>
    {
        var outputs = ((DeepLabV3ResNet50)net).forward(x);
        return [outputs.@out, outputs.aux];
    });

    public static readonly IReadOnlyList<BenchCase> Models =
    [
        ModelWork.Training("fcn8s_train", Fcn8s, [2, 3, 256, 256], TrainingTarget),
        ModelWork.Training("segnet_train", SegNetModel, [2, 3, 256, 256], TrainingTarget),
        ModelWork.Training("deeplabv3_train", DeepLabV3, [2, 3, 256, 256], TrainingTarget),
        ModelWork.Inference("fcn8s_infer", Fcn8s, [1, 3, 360, 480], InferenceVsEager, InferenceVsScript),
        ModelWork.Inference("segnet_infer", SegNetModel, [1, 3, 360, 480], InferenceVsEager, InferenceVsScript),
        ModelWork.Inference("deeplabv3_infer", DeepLabV3, [1, 3, 360, 480], InferenceVsEager, InferenceVsScript),
        ModelWork.Inference("narrow10_infer", Narrow, [1, 3, 64, 64], DispatchModel, null),
        ModelWork.Inference("segnet_256", SegNetModel, [1, 3, 256, 256], InferenceVsEager, null),
        ModelWork.Inference("segnet_512", SegNetModel, [1, 3, 512, 512], InferenceVsEager, null),
        ModelWork.Inference("segnet_1024", SegNetModel, [1, 3, 1024, 1024], InferenceVsEager, null),
    ];

    public static IEnumerable<BenchCase> All => [.. Micro, .. Models];

    internal static Opponent Eager(string workerName, RatioTarget target, string? mode = null) => new("eager", workerName, target, mode);

    /// <summary>A dispatch case on two 1×16×8×8 inputs (ops that take one ignore the second).</summary>
    private static BenchCase Small(string name, string op, Action<Tensor, Tensor> step) =>
        new(name, op + " 1×16×8×8 (dispatch)", TimeUnit.Microseconds, [Eager(name, Dispatch)], () =>
        {
            var (x, z) = (randn(1, 16, 8, 8), randn(1, 16, 8, 8));
            return new SegGenWork(() => step(x, z), x, z);
        });
}
