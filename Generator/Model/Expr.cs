using System.Globalization;
using SegGen.Generator.Common;

namespace SegGen.Generator.Model;

/// <summary>A value written in a declaration: a literal, a name (hyperparameter, reference or macro parameter), arithmetic or a list.</summary>
public abstract record Expr(SourceLocation Location)
{
    /// <summary>The canonical text, as a person would write it.</summary>
    public abstract string Text { get; }
}

public sealed record IntExpr(long Value, SourceLocation Location) : Expr(Location)
{
    public override string Text => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed record FloatExpr(double Value, SourceLocation Location) : Expr(Location)
{
    public override string Text => Value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed record BoolExpr(bool Value, SourceLocation Location) : Expr(Location)
{
    public override string Text => Value ? "true" : "false";
}

/// <summary>A name, possibly dotted (<c>enc5.indices</c>).</summary>
public sealed record NameExpr(string Name, SourceLocation Location) : Expr(Location)
{
    public override string Text => Name;
}

/// <summary><c>a + b</c>, <c>a - b</c> or <c>a * b</c>.</summary>
public sealed record BinaryExpr(char Operator, Expr Left, Expr Right, SourceLocation Location) : Expr(Location)
{
    public override string Text => Operator == '*'
        ? $"{Wrap(Left)}*{Wrap(Right)}"
        : $"{Left.Text}{(Operator == '+' ? "+" : "-")}{Wrap(Right)}";

    private static string Wrap(Expr e) => e is BinaryExpr { Operator: not '*' } ? $"({e.Text})" : e.Text;
}

public sealed record NegateExpr(Expr Operand, SourceLocation Location) : Expr(Location)
{
    public override string Text => Operand is BinaryExpr ? $"-({Operand.Text})" : "-" + Operand.Text;
}

public sealed record ListExpr(EquatableArray<Expr> Items, SourceLocation Location) : Expr(Location)
{
    public override string Text => "[" + string.Join(", ", System.Linq.Enumerable.Select(Items, i => i.Text)) + "]";
}

/// <summary><c>list[i]</c>: an item of a list option, e.g. <c>replace_stride_with_dilation[1]</c>.</summary>
public sealed record IndexExpr(Expr Target, Expr Index, SourceLocation Location) : Expr(Location)
{
    public override string Text => $"{Target.Text}[{Index.Text}]";
}

/// <summary><c>if(condition, then, else)</c>: chooses by a bool option when the model is instantiated.</summary>
public sealed record ConditionalExpr(Expr Condition, Expr Then, Expr Else, SourceLocation Location) : Expr(Location)
{
    public override string Text => $"if({Condition.Text}, {Then.Text}, {Else.Text})";
}
