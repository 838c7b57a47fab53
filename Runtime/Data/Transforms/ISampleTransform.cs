using System.Collections.Generic;
using System.Linq;

namespace SegGen.Data.Transforms;

/// <summary>
/// A change to a sample before batching (augmentation, normalisation). Transforms draw only from the
/// <see cref="SampleRandom"/> they are given, so their result is a function of the sample and the seed.
/// </summary>
public interface ISampleTransform
{
    SegmentationSample Apply(SegmentationSample sample, SampleRandom random);
}

/// <summary>Transforms applied in order, all drawing from the one generator of the sample.</summary>
public sealed class Compose(IEnumerable<ISampleTransform> transforms) : ISampleTransform
{
    private readonly ISampleTransform[] transforms = transforms.ToArray();

    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random) =>
        transforms.Aggregate(sample, (current, transform) => transform.Apply(current, random));
}
