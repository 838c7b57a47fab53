using System.Collections.Generic;

namespace SegGen.Metrics;

internal static class Averages
{
    /// <summary>The mean of the values that are not NaN (NaN marks "undefined here", as in NumPy's nanmean); NaN when none is.</summary>
    public static double NanMean(IEnumerable<double> values)
    {
        var (sum, count) = (0.0, 0);
        foreach (var value in values)
        {
            if (double.IsNaN(value)) continue;
            sum += value;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }
}
