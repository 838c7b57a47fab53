using System.Collections.Generic;
using SegGen.Architectures;
using SegGen.Data;
using SegGen.Data.Transforms;
using SegGen.Training;

namespace SegGen.Cli;

/// <summary>How train and eval feed data to the model: normalisation, augmentation, padding to the model's contract.</summary>
internal static class JobData
{
    public static ISampleTransform? Normalization(NormalizationKind kind) => kind switch
    {
        NormalizationKind.Imagenet => Normalize.ImageNet,
        NormalizationKind.Caffe => Normalize.CaffeBgr,
        _ => null,
    };

    /// <summary>The smallest size ≥ H×W that UNetSmall's derived contract accepts.</summary>
    public static (int Height, int Width) ModelSize(int height, int width)
    {
        var image = UNetSmall.Contract.Inputs[0];
        return ((int)image.Height.NextAccepted(height), (int)image.Width.NextAccepted(width));
    }

    /// <summary>
    /// Evaluation batches: normalised, padded to the model's contract. Training batches of a file data set are
    /// also cropped and (unless turned off) scaled, flipped and colour-jittered; the synthetic set is used as drawn.
    /// </summary>
    public static SegmentationLoader Loader(ISegmentationDataSet data, TrainJobOptions options, bool training)
    {
        var transforms = new List<ISampleTransform>();
        if (training && !options.Data.IsSynthetic)
        {
            if (options.Augment) transforms.Add(new RandomScale(0.5f, 2f));
            transforms.Add(new RandomCrop(options.Crop, options.Crop));
            if (options.Augment) transforms.AddRange([new HorizontalFlip(), new ColorJitter(0.2f, 0.2f, 0.2f)]);
        }
        if (Normalization(options.Normalize) is { } normalize) transforms.Add(normalize);
        return new SegmentationLoader(data, new LoaderOptions
        {
            BatchSize = options.BatchSize,
            Shuffle = training,
            Seed = options.Seed,
            Transform = transforms.Count == 0 ? null : new Compose(transforms),
            Workers = options.Workers,
            Prefetch = options.Prefetch,
            PadTo = ModelSize,
            BadLabels = options.BadLabels,
        });
    }
}
