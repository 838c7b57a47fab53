using System;
using SegGen.Data;
using SegGen.Data.Files;
using SegGen.Data.Synthetic;

namespace SegGen.Cli;

public enum DataKind
{
    Synthetic,
    Voc,
    CamVid,
    Cityscapes,
}

/// <summary>A data set's split: the file layouts name theirs so (VOC's test list ships only with its test images).</summary>
public enum DataSplit
{
    Train,
    Val,
    Test,
}

/// <summary>
/// The <c>--data</c> value: <c>synthetic</c>, or a layout and its root folder (<c>voc:PATH</c>,
/// <c>camvid:PATH</c>, <c>cityscapes:PATH</c>), with the synthetic set's settings.
/// </summary>
internal sealed record DataSpec(DataKind Kind, string Root)
{
    public const string Usage = "synthetic, voc:PATH, camvid:PATH or cityscapes:PATH";

    public static readonly DataSpec Synthetic = new(DataKind.Synthetic, "");

    /// <summary>The spec, or null and the problem in one line.</summary>
    public static DataSpec? Parse(string text, out string? problem)
    {
        problem = null;
        if (text == "synthetic") return Synthetic;
        var colon = text.IndexOf(':');
        if (colon > 0 && colon < text.Length - 1 && Enum.TryParse<DataKind>(text[..colon], ignoreCase: true, out var kind) && kind != DataKind.Synthetic)
        {
            return new DataSpec(kind, text[(colon + 1)..]);
        }
        problem = $"--data must be {Usage}, got '{text}'";
        return null;
    }

    public bool IsSynthetic => Kind == DataKind.Synthetic;

    /// <summary>A split (the synthetic set has train and val, <see cref="TrainJobOptions.Problem"/> says); file layouts are read lazily.</summary>
    public ISegmentationDataSet Open(DataSplit split, SyntheticSettings synthetic) => Kind switch
    {
        DataKind.Voc => Voc.Open(Root, Name(split)),
        DataKind.CamVid => CamVid.Open(Root, Name(split)),
        DataKind.Cityscapes => Cityscapes.Open(Root, Name(split)),
        _ when split == DataSplit.Train => new SyntheticDataSet(synthetic.Options, SyntheticSplit.Train, synthetic.TrainSamples),
        _ => new SyntheticDataSet(synthetic.Options, SyntheticSplit.Validation, synthetic.ValidationSamples),
    };

    /// <summary>The split's name in the layouts' lists and folders, and on the command line: train, val, test.</summary>
    public static string Name(DataSplit split) => split.ToString().ToLowerInvariant();

    /// <summary>What the run reports about its data, e.g. <c>synthetic 64×64</c> or <c>voc /data/VOC2012</c>.</summary>
    public string Describe(SyntheticSettings synthetic) =>
        IsSynthetic ? $"synthetic {synthetic.Options.Height}×{synthetic.Options.Width}" : $"{Kind.ToString().ToLowerInvariant()} {Root}";
}

/// <summary>The synthetic set's size and sample counts.</summary>
internal sealed record SyntheticSettings(SyntheticOptions Options, int TrainSamples, int ValidationSamples);
