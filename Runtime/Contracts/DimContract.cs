using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SegGen.Contracts;

/// <summary>
/// The sizes one spatial input dimension accepts, as derived by SegGen's compile-time shape check:
/// size X is accepted iff <c>minimumByResidue[X mod modulus]</c> ≥ 1 and X ≥ that value (−1 = never).
/// </summary>
public sealed class DimContract
{
    private readonly long[] minimumByResidue;

    public DimContract(string symbol, long modulus, long[] minimumByResidue)
    {
        if (modulus < 1 || minimumByResidue.Length != modulus)
        {
            throw new ArgumentException($"a contract modulo {modulus} needs {modulus} minimum sizes, got {minimumByResidue.Length}");
        }
        Symbol = symbol;
        Modulus = modulus;
        this.minimumByResidue = minimumByResidue;
    }

    public string Symbol { get; }

    public long Modulus { get; }

    public IReadOnlyList<long> MinimumByResidue => minimumByResidue;

    public bool Accepts(long size) => size >= 1 && minimumByResidue[size % Modulus] is >= 1 and var minimum && size >= minimum;

    /// <summary>The smallest accepted size ≥ <paramref name="size"/> (what to pad to), or −1 if none.</summary>
    public long NextAccepted(long size)
    {
        var start = Math.Max(size, 1);
        var limit = start + Modulus + minimumByResidue.Max();
        for (var candidate = start; candidate <= limit; candidate++)
        {
            if (Accepts(candidate)) return candidate;
        }
        return -1;
    }

    /// <summary>In words, e.g. <c>H ≡ 0 (mod 32), H ≥ 32</c>.</summary>
    public override string ToString() => ContractWording.Describe(Symbol, minimumByResidue);
}
