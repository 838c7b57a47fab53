using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Frontend;

/// <summary>A named op sequence with parameters: <c>cbr(out): [conv(out, 3, pad=1), batchnorm, relu]</c>.</summary>
public sealed record Macro(string Name, List<string> Parameters, List<OpCall> Body, SourceLocation Location);

/// <summary>
/// Replaces macro calls by their bodies (parameters substituted) and <c>xN</c> by N copies. Expansion
/// has a budget: repeats multiply through macros (a macro of x1000 inside one of x1000 is a million
/// ops), so past <see cref="MaxOps"/> ops and macro copies per model it stops with one error rather
/// than run out of time and memory in the middle of a build.
/// </summary>
public sealed class MacroExpander(IReadOnlyDictionary<string, Macro> macros, List<DiagnosticInfo> diagnostics)
{
    private const int MaxDepth = 16;

    /// <summary>Far above real networks (a DeepLab on ResNet-101 has about 350 ops), low enough to check and emit in about a second.</summary>
    private const int MaxOps = 4096;

    private readonly HashSet<DiagnosticInfo> reported = [];
    private int steps;

    public List<OpSpec> Expand(IEnumerable<OpCall> calls)
    {
        var ops = new List<OpSpec>();
        foreach (var call in calls) Expand(call, null, 0, ops);
        return ops;
    }

    private void Expand(OpCall call, string? origin, int depth, List<OpSpec> into)
    {
        if (!macros.TryGetValue(call.Name, out var macro))
        {
            for (var copy = 0; copy < call.Repeat && Step(call); copy++) into.Add(new OpSpec(call.Name, call.Args, origin, call.Location));
            return;
        }
        if (depth >= MaxDepth)
        {
            Report(DiagnosticCatalog.Cycle, call.Location, $"macro '{call.Name}' expands into itself (through {MaxDepth} levels of macros)");
            return;
        }
        var bindings = Bind(macro, call);
        if (bindings is null) return;
        var callText = origin ?? CallText(call);
        var body = macro.Body.Select(op => op with { Args = op.Args.Select(a => a with { Value = Substitute(a.Value, bindings) }).ToEquatableArray() }).ToList();
        for (var copy = 0; copy < call.Repeat && Step(call); copy++)
        {
            // Ops from a macro are located at the call, where the user can act on an error.
            foreach (var op in body) Expand(op with { Location = call.Location }, callText, depth + 1, into);
        }
    }

    /// <summary>Counts an op or a macro copy against the budget; false, after one error, once it is spent.</summary>
    private bool Step(OpCall call)
    {
        if (++steps <= MaxOps) return true;
        if (steps == MaxOps + 1)
        {
            Report(DiagnosticCatalog.InternalError, call.Location,
                $"the model expands to more than {MaxOps} ops (xN repeats multiply through macros), more than SegGen analyses");
        }
        return false;
    }

    /// <summary>Reports each diagnostic once, though a macro body is expanded once per copy.</summary>
    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceLocation location, string message)
    {
        var diagnostic = DiagnosticCatalog.Create(descriptor, location, message);
        if (reported.Add(diagnostic)) diagnostics.Add(diagnostic);
    }

    private Dictionary<string, Expr>? Bind(Macro macro, OpCall call)
    {
        var bindings = new Dictionary<string, Expr>();
        var positional = call.Args.Where(a => a.Name is null).ToList();
        if (positional.Count > macro.Parameters.Count)
        {
            Report(DiagnosticCatalog.InvalidArgument, call.Location,
                $"macro '{macro.Name}' takes {macro.Parameters.Count} argument(s) ({string.Join(", ", macro.Parameters)}) but got {positional.Count}");
            return null;
        }
        for (var i = 0; i < positional.Count; i++) bindings[macro.Parameters[i]] = positional[i].Value;
        foreach (var named in call.Args.Where(a => a.Name is not null))
        {
            if (!macro.Parameters.Contains(named.Name!) || bindings.ContainsKey(named.Name!))
            {
                Report(DiagnosticCatalog.InvalidArgument, named.Location,
                    bindings.ContainsKey(named.Name!)
                        ? $"macro '{macro.Name}' parameter '{named.Name}' is given twice"
                        : $"macro '{macro.Name}' has no parameter '{named.Name}' (parameters: {string.Join(", ", macro.Parameters)})");
                return null;
            }
            bindings[named.Name!] = named.Value;
        }
        var missing = macro.Parameters.Where(p => !bindings.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            Report(DiagnosticCatalog.InvalidArgument, call.Location,
                $"macro '{macro.Name}' needs a value for {string.Join(", ", missing.Select(m => $"'{m}'"))}");
            return null;
        }
        return bindings;
    }

    private static Expr Substitute(Expr expr, IReadOnlyDictionary<string, Expr> bindings) => expr switch
    {
        NameExpr name when bindings.TryGetValue(name.Name, out var value) => value,
        BinaryExpr binary => binary with { Left = Substitute(binary.Left, bindings), Right = Substitute(binary.Right, bindings) },
        NegateExpr negate => negate with { Operand = Substitute(negate.Operand, bindings) },
        ListExpr list => list with { Items = list.Items.Select(i => Substitute(i, bindings)).ToEquatableArray() },
        IndexExpr index => index with { Target = Substitute(index.Target, bindings), Index = Substitute(index.Index, bindings) },
        ConditionalExpr conditional => conditional with
        {
            Condition = Substitute(conditional.Condition, bindings),
            Then = Substitute(conditional.Then, bindings),
            Else = Substitute(conditional.Else, bindings),
        },
        _ => expr,
    };

    private static string CallText(OpCall call) =>
        call.Args.Count == 0 ? call.Name : $"{call.Name}({string.Join(", ", call.Args.Select(a => a.Text))})";
}
