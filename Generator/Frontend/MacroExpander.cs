using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Frontend;

/// <summary>A named op sequence with parameters: <c>cbr(out): [conv(out, 3, pad=1), batchnorm, relu]</c>.</summary>
public sealed record Macro(string Name, List<string> Parameters, List<OpCall> Body, SourceLocation Location);

/// <summary>Replaces macro calls by their bodies (parameters substituted) and <c>xN</c> by N copies.</summary>
public sealed class MacroExpander(IReadOnlyDictionary<string, Macro> macros, List<DiagnosticInfo> diagnostics)
{
    private const int MaxDepth = 16;

    public List<OpSpec> Expand(IEnumerable<OpCall> calls) => calls.SelectMany(c => Expand(c, null, 0)).ToList();

    private IEnumerable<OpSpec> Expand(OpCall call, string? origin, int depth)
    {
        var copies = Enumerable.Repeat(call, call.Repeat);
        if (!macros.TryGetValue(call.Name, out var macro))
        {
            return copies.Select(c => new OpSpec(c.Name, c.Args, origin, c.Location));
        }
        if (depth >= MaxDepth)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.Cycle, call.Location,
                $"macro '{call.Name}' expands into itself (through {MaxDepth} levels of macros)"));
            return [];
        }
        var bindings = Bind(macro, call);
        if (bindings is null) return [];
        var callText = origin ?? CallText(call);
        var body = macro.Body.Select(op => op with { Args = op.Args.Select(a => a with { Value = Substitute(a.Value, bindings) }).ToEquatableArray() }).ToList();
        // Ops from a macro are located at the call, where the user can act on an error.
        return copies.SelectMany(_ => body.SelectMany(op => Expand(op with { Location = call.Location }, callText, depth + 1)));
    }

    private Dictionary<string, Expr>? Bind(Macro macro, OpCall call)
    {
        var bindings = new Dictionary<string, Expr>();
        var positional = call.Args.Where(a => a.Name is null).ToList();
        if (positional.Count > macro.Parameters.Count)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidArgument, call.Location,
                $"macro '{macro.Name}' takes {macro.Parameters.Count} argument(s) ({string.Join(", ", macro.Parameters)}) but got {positional.Count}"));
            return null;
        }
        for (var i = 0; i < positional.Count; i++) bindings[macro.Parameters[i]] = positional[i].Value;
        foreach (var named in call.Args.Where(a => a.Name is not null))
        {
            if (!macro.Parameters.Contains(named.Name!) || bindings.ContainsKey(named.Name!))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidArgument, named.Location,
                    bindings.ContainsKey(named.Name!)
                        ? $"macro '{macro.Name}' parameter '{named.Name}' is given twice"
                        : $"macro '{macro.Name}' has no parameter '{named.Name}' (parameters: {string.Join(", ", macro.Parameters)})"));
                return null;
            }
            bindings[named.Name!] = named.Value;
        }
        var missing = macro.Parameters.Where(p => !bindings.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidArgument, call.Location,
                $"macro '{macro.Name}' needs a value for {string.Join(", ", missing.Select(m => $"'{m}'"))}"));
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
        _ => expr,
    };

    private static string CallText(OpCall call) =>
        call.Args.Count == 0 ? call.Name : $"{call.Name}({string.Join(", ", call.Args.Select(a => a.Text))})";
}
