using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SegGen.Contracts;

/// <summary>
/// How a dimension's contract (minimum accepted size per residue class, −1 = never) reads in words.
/// Compiled into both the generator (diagnostics, generated docs) and the runtime (guard messages), so
/// the two always describe a contract alike.
/// </summary>
internal static class ContractWording
{
    /// <summary>The shortest period of the accepted residues (a divisor of the table's length).</summary>
    public static long Period(IReadOnlyList<long> minimumByResidue)
    {
        var modulus = minimumByResidue.Count;
        for (var m = 1; m < modulus; m++)
        {
            if (modulus % m == 0 && Enumerable.Range(0, modulus).All(r => (minimumByResidue[r] >= 1) == (minimumByResidue[r % m] >= 1))) return m;
        }
        return modulus;
    }

    /// <summary><c>H ≡ 0 (mod 32), H ≥ 32</c>, <c>H mod 4 ∈ {0, 1}, H ≥ 4</c>, <c>H ≥ 1</c>, or <c>no H</c>.</summary>
    public static string Describe(string symbol, IReadOnlyList<long> minimumByResidue)
    {
        var accepted = minimumByResidue.Where(m => m >= 1).ToList();
        if (accepted.Count == 0) return $"no {symbol}";
        var minimum = $"{symbol} ≥ {accepted.Min().ToString(CultureInfo.InvariantCulture)}";
        var period = Period(minimumByResidue);
        if (period == 1) return minimum;
        var residues = Enumerable.Range(0, (int)period).Where(r => minimumByResidue[r] >= 1).ToList();
        var classes = residues.Count == 1 ? $"{symbol} ≡ {residues[0]} (mod {period})" : $"{symbol} mod {period} ∈ {{{string.Join(", ", residues)}}}";
        return $"{classes}, {minimum}";
    }
}
