using System;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using SegGen.Data;
using SegGen.Data.Files;

namespace SegGen.Training;

/// <summary>Loss weights that make rare classes count as much as common ones.</summary>
public static class ClassBalancing
{
    /// <summary>
    /// SegNet's median-frequency balancing (Eigen and Fergus): weight_c = median_freq / freq_c, where freq_c is
    /// the number of pixels of class c divided by the number of pixels of the images in which c appears (all
    /// their pixels, ignored ones included), and median_freq is the median of the freq_c of the classes that
    /// appear. A class that appears nowhere gets weight 0: it is never a target. With
    /// <paramref name="skipBadLabels"/>, masks with labels outside the classes are left out, as the loader leaves them out.
    /// </summary>
    public static float[] MedianFrequencyWeights(ISegmentationDataSet data, bool skipBadLabels = false)
    {
        var classes = data.ClassNames.Count;
        var classPixels = new long[classes];
        var imagePixels = new long[classes];
        var gate = new object();
        try
        {
            Parallel.For(0, data.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index => Count(index));
        }
        catch (AggregateException e)
        {
            // A bad file's own one-line error, not Parallel's wrapper.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        void Count(int index)
        {
            long[] mask;
            try
            {
                mask = data.Mask(index);
            }
            catch (LabelOutOfRangeException) when (skipBadLabels)
            {
                return;
            }
            var counts = new long[classes];
            foreach (var label in mask)
            {
                if (label >= 0 && label < classes) counts[label]++;
            }
            lock (gate)
            {
                for (var c = 0; c < classes; c++)
                {
                    if (counts[c] == 0) continue;
                    classPixels[c] += counts[c];
                    imagePixels[c] += mask.Length;
                }
            }
        }
        var frequencies = Enumerable.Range(0, classes).Select(c => imagePixels[c] == 0 ? double.NaN : (double)classPixels[c] / imagePixels[c]).ToArray();
        var present = frequencies.Where(f => !double.IsNaN(f)).Order().ToArray();
        if (present.Length == 0) throw new ArgumentException("no mask of the data set holds any class; class weights need labelled pixels");
        var median = present.Length % 2 == 1 ? present[present.Length / 2] : (present[present.Length / 2 - 1] + present[present.Length / 2]) / 2;
        return frequencies.Select(f => double.IsNaN(f) ? 0f : (float)(median / f)).ToArray();
    }
}
