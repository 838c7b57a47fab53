using System.Collections.Generic;
using SegGen.Data;
using SegGen.Training;
using Xunit;

namespace SegGen.Runtime.Tests.Training;

/// <summary>SegNet's median-frequency balancing against a computation by hand.</summary>
public class ClassBalancingTests
{
    private sealed class Masks(params long[][] masks) : ISegmentationDataSet
    {
        public int Count => masks.Length;

        public IReadOnlyList<string> ClassNames => ["a", "b", "c", "never"];

        public SegmentationSample this[int index] => new(1, masks[index].Length, new float[3 * masks[index].Length], masks[index]);

        public long[] Mask(int index) => masks[index];
    }

    [Fact]
    public void MedianFrequencyWeightsFollowSegNetsDefinition()
    {
        var data = new Masks([0, 0, 0, 1], [0, 1, 1, 255], [2, 2, 0, 0]);

        // freq(c) = pixels of c / pixels of the images holding c:
        //   a: (3 + 1 + 2) / 12 = 0.5    b: (1 + 2) / 8 = 0.375    c: 2 / 4 = 0.5    never: absent
        // median of {0.375, 0.5, 0.5} = 0.5; weight = median / freq; an absent class gets 0.
        Assert.Equal([1f, 0.5f / 0.375f, 1f, 0f], ClassBalancing.MedianFrequencyWeights(data));
    }

    [Fact]
    public void WithAnEvenNumberOfClassesPresentTheMedianIsTheMeanOfTheMiddleTwo()
    {
        var data = new Masks([0, 1, 1, 1], [2, 2, 3, 3]);

        // a: 1/4, b: 3/4, c: 2/4, never: 2/4 → median (0.5 + 0.5) / 2 = 0.5
        Assert.Equal([2f, 0.5f / 0.75f, 1f, 1f], ClassBalancing.MedianFrequencyWeights(data));
    }
}
