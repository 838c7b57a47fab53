using System.Collections.Generic;
using SegGen.Data;
using SegGen.Data.Files;
using SegGen.Training;
using Xunit;

namespace SegGen.Runtime.Tests.Training;

/// <summary>SegNet's median-frequency balancing against a computation by hand.</summary>
public class ClassBalancingTests
{
    /// <summary>Masks given as arrays; a null mask holds a label outside the classes.</summary>
    private sealed class Masks(params long[]?[] masks) : ISegmentationDataSet
    {
        public int Count => masks.Length;

        public IReadOnlyList<string> ClassNames => ["a", "b", "c", "never"];

        public SegmentationSample this[int index] => new(1, Mask(index).Length, new float[3 * Mask(index).Length], Mask(index));

        public long[] Mask(int index) => masks[index] ?? throw new LabelOutOfRangeException($"mask{index}.png: label value 9 at row 0, column 0 is outside the classes");
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

        // a: 1/4, b: 3/4, c: 2/4, the fourth class: 2/4 → median (0.5 + 0.5) / 2 = 0.5
        Assert.Equal([2f, 0.5f / 0.75f, 1f, 1f], ClassBalancing.MedianFrequencyWeights(data));
    }

    [Fact]
    public void MasksWithBadLabelsFailOrAreLeftOutWhenSkipping()
    {
        var data = new Masks([0, 0, 0, 1], null, [0, 1, 1, 255], [2, 2, 0, 0]);

        Assert.Throws<LabelOutOfRangeException>(() => ClassBalancing.MedianFrequencyWeights(data));
        Assert.Equal([1f, 0.5f / 0.375f, 1f, 0f], ClassBalancing.MedianFrequencyWeights(data, skipBadLabels: true));
    }
}
