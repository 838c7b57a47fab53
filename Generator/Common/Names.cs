using System;
using System.Collections.Generic;
using System.Linq;

namespace SegGen.Generator.Common;

/// <summary>"Did you mean" hints for misspelt names.</summary>
internal static class Names
{
    private const int MinimumPrefix = 3;

    /// <summary>
    /// The candidate within edit distance 2 of <paramref name="name"/>, else one that is a prefix of it or
    /// it of the candidate (PyTorch's <c>padding</c> for <c>pad</c>, <c>align</c> for <c>align_corners</c>), if any.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        return Closest(name, list) ?? Extended(name, list);
    }

    private static string? Closest(string name, List<string> candidates) => candidates
        .Select(c => (c, Distance(name, c)))
        .Where(x => x.Item2 <= 2 && x.Item2 < name.Length)
        .OrderBy(x => x.Item2)
        .ThenBy(x => x.c, StringComparer.Ordinal)
        .Select(x => x.c)
        .FirstOrDefault();

    private static string? Extended(string name, List<string> candidates) => candidates
        .Where(c => Math.Min(c.Length, name.Length) >= MinimumPrefix &&
                    (name.StartsWith(c, StringComparison.Ordinal) || c.StartsWith(name, StringComparison.Ordinal)))
        .OrderBy(c => Math.Abs(c.Length - name.Length))
        .ThenBy(c => c, StringComparer.Ordinal)
        .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
