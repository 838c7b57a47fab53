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

    /// <summary>The training (<paramref name="validation"/> false) or validation split; file layouts are read lazily.</summary>
    public ISegmentationDataSet Open(bool validation, SyntheticSettings synthetic) => Kind switch
    {
        DataKind.Voc => Voc.Open(Root, validation ? "val" : "train"),
        DataKind.CamVid => CamVid.Open(Root, validation ? "val" : "train"),
        DataKind.Cityscapes => Cityscapes.Open(Root, validation ? "val" : "train"),
        _ => new SyntheticDataSet(synthetic.Options, validation ? SyntheticSplit.Validation : SyntheticSplit.Train, validation ? synthetic.ValidationSamples : synthetic.TrainSamples),
    };

    /// <summary>What the run reports about its data, e.g. <c>synthetic 64×64</c> or <c>voc /data/VOC2012</c>.</summary>
    public string Describe(SyntheticSettings synthetic) =>
        IsSynthetic ? $"synthetic {synthetic.Options.Height}×{synthetic.Options.Width}" : $"{Kind.ToString().ToLowerInvariant()} {Root}";
}

/// <summary>The synthetic set's size and sample counts.</summary>
internal sealed record SyntheticSettings(SyntheticOptions Options, int TrainSamples, int ValidationSamples);
