using System.Collections.Generic;

namespace SegGen.Generator.Tests.Properties;

/// <summary>What the property test saw over all stacks: disagreements (each with its YAML) and how much was covered.</summary>
internal sealed class Findings
{
    public List<string> Disagreements { get; } = [];

    /// <summary>Stacks whose contract accepts every residue class (from some minimum size on).</summary>
    public int StacksAcceptingEveryResidue { get; set; }

    /// <summary>Stacks whose contract rejects some residue classes entirely.</summary>
    public int StacksRestrictedToResidues { get; set; }

    public int StacksRefused { get; set; }

    public int AcceptedSizes { get; set; }

    public int RejectedSizes { get; set; }

    /// <summary>Rejected sizes where libtorch works, but not at a larger size of the same residue class.</summary>
    public int SporadicSizes { get; set; }

    public string Summary =>
        $"stacks: {StacksAcceptingEveryResidue} accept every residue, {StacksRestrictedToResidues} only some, {StacksRefused} refused; " +
        $"sizes: {AcceptedSizes} accepted, {RejectedSizes} rejected ({SporadicSizes} of them work only sporadically); " +
        $"{Disagreements.Count} disagreements";
}
