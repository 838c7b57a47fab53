using System.CommandLine;

namespace SegGen.Cli;

/// <summary>
/// <c>seggen train</c>: with no arguments, the main job — train SegGen's default model (UNetSmall) on the
/// built-in synthetic data set, evaluate it, print the metrics and write overlay images. <c>--data</c>
/// trains on PASCAL VOC, CamVid or Cityscapes instead.
/// </summary>
internal static class TrainCommand
{
    public static Command Create() => JobCommandOptions.Command("train",
        "Train a model; with no arguments, SegGen's default model on the built-in synthetic data set, then evaluate it",
        options => options.Train, (settings, output, error) => new TrainJob(settings, output, error).Run());
}
