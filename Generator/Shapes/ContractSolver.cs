using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;

namespace SegGen.Generator.Shapes;

/// <summary>
/// Decides, for one input size symbol X, which sizes make every constraint hold. With M the lcm of the
/// constraints' moduli, each constraint is affine in q on each residue X = M·q + r, so per residue it
/// holds for all q, for q from some bound on, or (an equality off by a non-zero amount) never. Errors:
/// a constraint that fails on every residue the declaration allows; otherwise rejected residues narrow
/// the contract, reported once as information.
/// </summary>
internal sealed class ContractSolver(string model, string symbol, IReadOnlyList<Constraint> constraints,
    IReadOnlyList<DimDeclaration> declarations, List<DiagnosticInfo> diagnostics)
{
    private const long MaxModulus = 1 << 16;

    /// <summary>Residue classes times conditions, each pair one evaluation: bounds the check to well under a second.</summary>
    private const long MaxWork = 1 << 21;

    public DimContract Solve()
    {
        var modulus = constraints.Select(c => c.Modulus).Concat(declarations.Select(d => d.Modulus)).Aggregate(1L, IntegerMath.Lcm);
        var beyond = modulus > MaxModulus
            ? $"the sizes of {symbol} repeat only every {modulus} pixels, more than SegGen analyses ({MaxModulus}); strides that share their factors (such as powers of 2) keep this period short"
            : modulus * constraints.Count > MaxWork
                ? $"{constraints.Count} size conditions on {symbol}, each over {modulus} residue classes, are more than SegGen analyses ({MaxWork} condition-class pairs)"
                : null;
        if (beyond is not null)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InternalError, declarations[0].Location, beyond));
            return new DimContract(symbol, 1, new long[] { 1 }.ToEquatableArray());
        }

        var allowed = Enumerable.Range(0, (int)modulus).Select(r => declarations.All(d => r % d.Modulus == d.Residue)).ToArray();
        var minimum = new long[modulus];
        var failures = new Dictionary<Constraint, List<int>>();
        for (var r = 0; r < modulus; r++)
        {
            minimum[r] = allowed[r] ? SmallestSize(r, modulus, failures) : -1;
        }

        var contract = new DimContract(symbol, modulus, minimum.ToEquatableArray());
        var reported = ReportAlwaysFailing(failures, allowed, contract);
        if (!reported) ReportNarrowing(failures, allowed, contract);
        return contract;
    }

    /// <summary>Least accepted size in residue class r, or −1 when a constraint rules the class out.</summary>
    private long SmallestSize(int r, long modulus, Dictionary<Constraint, List<int>> failures)
    {
        // X = M·q + r ≥ 1.
        var lowest = r == 0 ? 1L : 0L;
        var ok = true;
        foreach (var constraint in constraints)
        {
            var beta = constraint.Evaluate(r);
            var alpha = constraint.Evaluate(modulus + r) - beta;
            var threshold = constraint.Kind == ConstraintKind.Positive ? 1 : 0;
            bool holds;
            if (constraint.Kind == ConstraintKind.Equal)
            {
                holds = alpha == 0 && beta == 0;
            }
            else if (alpha > 0)
            {
                holds = true;
                lowest = System.Math.Max(lowest, IntegerMath.CeilDiv(threshold - beta, alpha));
            }
            else
            {
                // Constant (or shrinking) in q: it holds everywhere in the class or only for finitely many sizes.
                holds = alpha == 0 && beta >= threshold;
            }
            if (!holds)
            {
                ok = false;
                if (!failures.TryGetValue(constraint, out var list)) failures[constraint] = list = [];
                list.Add(r);
            }
        }
        return ok ? modulus * lowest + r : -1;
    }

    private bool ReportAlwaysFailing(Dictionary<Constraint, List<int>> failures, bool[] allowed, DimContract contract)
    {
        var allowedCount = allowed.Count(a => a);
        var reported = false;
        foreach (var (constraint, residues) in failures.OrderBy(f => f.Key.OpId))
        {
            if (residues.Count < allowedCount) continue;
            reported = true;
            var descriptor = constraint.Kind == ConstraintKind.Positive ? DiagnosticCatalog.EmptyDimension : DiagnosticCatalog.SpatialMismatch;
            diagnostics.Add(DiagnosticCatalog.Create(descriptor, constraint.Location, Explain(constraint, residues, allowed.Length, everySize: true)));
        }
        if (declarations.Any(d => d.Modulus > 1))
        {
            foreach (var (constraint, residues) in failures.OrderBy(f => f.Key.OpId).Where(f => f.Value.Count < allowedCount))
            {
                var declaration = declarations.First(d => d.Modulus > 1);
                reported = true;
                var accepted = !contract.AcceptsAny ? "" : $"; of these sizes the graph accepts only {contract.Text}" +
                    (Declaration(contract) is { } better ? $": declare the input size as {better}" : "");
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DeclaredConstraintBroken, declaration.Location,
                    $"the input allows {symbol} ≡ {declaration.Residue} (mod {declaration.Modulus}) but {Explain(constraint, residues, allowed.Length, everySize: false)}{accepted}"));
                break;
            }
        }
        return reported;
    }

    private void ReportNarrowing(Dictionary<Constraint, List<int>> failures, bool[] allowed, DimContract contract)
    {
        if (failures.Count == 0) return;
        var first = failures.Keys.OrderBy(c => c.OpId).First();
        var hint = Declaration(contract) is { } declaration
            ? $"declare the input size as {declaration} to make this explicit, or pad inputs to such a size"
            : "pad inputs to an accepted size";
        diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ContractNarrowed, first.Location,
            $"{model} accepts only {contract.Text}: {Explain(first, failures[first], allowed.Length, everySize: false)}; {hint}"));
    }

    /// <summary>The input declaration (<c>16*k</c>, <c>4*k+1</c>) that states the contract, when one residue class is accepted.</summary>
    private static string? Declaration(DimContract contract)
    {
        var period = contract.Period;
        var residues = Enumerable.Range(0, (int)period).Where(r => contract.MinimumByResidue[r] >= 1).ToList();
        if (residues.Count != 1) return null;
        return $"{period}*k" + (residues[0] == 0 ? "" : "+" + residues[0].ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>What fails and one concrete size where it does.</summary>
    private string Explain(Constraint c, List<int> residues, long modulus, bool everySize)
    {
        var size = Counterexample(c, residues, modulus);
        var at = size.ToString(CultureInfo.InvariantCulture);
        var when = everySize ? "for every input size" : $"for {symbol} = {at}";
        var (left, right) = (c.Left.Evaluate(size), c.Right.Evaluate(size));
        return c.Kind switch
        {
            ConstraintKind.Positive =>
                $"'{c.What}' makes its {symbol}-size {c.Left.Text} < 1 {when}" + (everySize ? "" : $" ({left})"),
            ConstraintKind.AtLeast =>
                $"'{c.What}' {c.Detail}, but {c.Left.Text} < {c.Right.Text} + {c.Offset} {when} ({left} < {right} + {c.Offset} at {symbol} = {at})",
            _ =>
                $"'{c.What}' {c.Detail}: sizes {c.Left.Text} and {c.Right.Text} differ {when}" + (everySize ? $" (e.g. {symbol} = {at}: {left} vs {right}){Fix(c, left, right)}" : $" ({left} vs {right})"),
        };
    }

    /// <summary>FCN's remedy for an add or concat whose operands never agree: crop (or resize) the larger one to the smaller.</summary>
    private static string Fix(Constraint c, long left, long right)
    {
        if (c.Operands is not { } operands || left == right) return "";
        var (larger, smaller) = left > right ? (operands.Left, operands.Right) : (operands.Right, operands.Left);
        return $"; crop '{larger}' with crop(like={smaller}, offset=…) or resize it with upsample(like={smaller})";
    }

    /// <summary>The smallest size in a failing residue class where the compared sizes are themselves valid (≥ 1).</summary>
    private static long Counterexample(Constraint c, List<int> residues, long modulus)
    {
        var failing = new HashSet<int>(residues);
        for (long x = 1; x <= modulus * 64; x++)
        {
            if (!failing.Contains((int)(x % modulus)) || c.HoldsAt(x)) continue;
            if (c.Kind == ConstraintKind.Positive || (c.Left.Evaluate(x) >= 1 && c.Right.Evaluate(x) >= 1)) return x;
        }
        return residues[0] == 0 ? modulus : residues[0];
    }
}
