using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Common;

namespace SegGen.Generator.Model;

/// <summary>
/// Makes a concrete model of a declaration: every option and (for a used model) hyperparameter name is
/// replaced by its value, integer arithmetic on literals, indexes into lists and <c>if(…)</c> on bools
/// are folded (so <c>2*dilation</c> or <c>if(dilate[0], 1, 2)</c> can stand where a literal must), and,
/// for a used model, every location moves to the use site, where the caller can act on an error.
/// </summary>
public static class Instantiation
{
    public static bool IsLiteral(Expr expr) => expr is IntExpr or FloatExpr or BoolExpr || (expr is ListExpr list && list.Items.All(IsLiteral));

    /// <param name="values">Name → value to substitute.</param>
    /// <param name="useSite">The use site every location moves to, or null to keep them.</param>
    public static ModelSpec Apply(ModelSpec spec, IReadOnlyDictionary<string, Expr> values, SourceLocation? useSite)
    {
        var substitution = new Substitution(values, useSite);
        var at = substitution.At;
        return spec with
        {
            Hyperparameters = spec.Hyperparameters.Select(h => h with { Location = at(h.Location) }).ToEquatableArray(),
            Options = spec.Options.Select(o => o with { Location = at(o.Location) }).ToEquatableArray(),
            Inputs = spec.Inputs.Select(i => i with { Dims = i.Dims.Select(substitution.Expr).ToEquatableArray(), Location = at(i.Location) }).ToEquatableArray(),
            Nodes = spec.Nodes.Select(n => n with
            {
                From = n.From is null ? null : substitution.Expr(n.From),
                When = n.When is null ? null : substitution.Expr(n.When),
                Ops = n.Ops.Select(substitution.Op).ToEquatableArray(),
                Location = at(n.Location),
            }).ToEquatableArray(),
            Outputs = spec.Outputs.Select(o => o with
            {
                Source = substitution.Expr(o.Source),
                Shape = o.Shape.Select(substitution.Expr).ToEquatableArray(),
                When = o.When is null ? null : substitution.Expr(o.When),
                Location = at(o.Location),
            }).ToEquatableArray(),
            Location = at(spec.Location),
        };
    }

    private sealed class Substitution(IReadOnlyDictionary<string, Expr> values, SourceLocation? useSite)
    {
        public SourceLocation At(SourceLocation location) => useSite ?? location;

        public OpSpec Op(OpSpec op) => op with
        {
            Args = op.Args.Select(a => a with { Value = Expr(a.Value), Location = At(a.Location) }).ToEquatableArray(),
            Location = At(op.Location),
        };

        public Expr Expr(Expr expr)
        {
            switch (expr)
            {
                case NameExpr name when values.TryGetValue(name.Name, out var value):
                    return Relocated(value, At(name.Location));
                case BinaryExpr binary:
                    var (left, right) = (Expr(binary.Left), Expr(binary.Right));
                    if (left is IntExpr a && right is IntExpr b) return new IntExpr(Fold(binary.Operator, a.Value, b.Value), At(binary.Location));
                    return binary with { Left = left, Right = right, Location = At(binary.Location) };
                case NegateExpr negate:
                    var operand = Expr(negate.Operand);
                    return operand is IntExpr literal ? new IntExpr(-literal.Value, At(negate.Location)) : negate with { Operand = operand, Location = At(negate.Location) };
                case ListExpr list:
                    return list with { Items = list.Items.Select(Expr).ToEquatableArray(), Location = At(list.Location) };
                case IndexExpr index:
                    var (target, at) = (Expr(index.Target), Expr(index.Index));
                    return target is ListExpr items && at is IntExpr i && i.Value >= 0 && i.Value < items.Items.Count
                        ? Relocated(items.Items[(int)i.Value], At(index.Location))
                        : index with { Target = target, Index = at, Location = At(index.Location) };
                case ConditionalExpr conditional:
                    var condition = Expr(conditional.Condition);
                    return condition is BoolExpr choice
                        ? Expr(choice.Value ? conditional.Then : conditional.Else)
                        : conditional with { Condition = condition, Then = Expr(conditional.Then), Else = Expr(conditional.Else), Location = At(conditional.Location) };
                default:
                    return expr with { Location = At(expr.Location) };
            }
        }

        /// <summary>A substituted value keeps its own locations only when they are in this file (no use site).</summary>
        private Expr Relocated(Expr value, SourceLocation location) => value switch
        {
            ListExpr list => list with { Items = list.Items.Select(i => Relocated(i, location)).ToEquatableArray(), Location = location },
            BinaryExpr binary => binary with { Left = Relocated(binary.Left, location), Right = Relocated(binary.Right, location), Location = location },
            NegateExpr negate => negate with { Operand = Relocated(negate.Operand, location), Location = location },
            _ => value with { Location = location },
        };

        private static long Fold(char op, long a, long b) => op switch
        {
            '+' => checked(a + b),
            '-' => checked(a - b),
            _ => checked(a * b),
        };
    }
}
