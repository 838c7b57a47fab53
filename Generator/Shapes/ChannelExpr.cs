using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SegGen.Generator.Common;

namespace SegGen.Generator.Shapes;

/// <summary>One term of a channel count: coefficient × hyperparameter.</summary>
public sealed record ChannelTerm(string Name, long Coefficient);

/// <summary>
/// A channel count: an integer affine in the integer hyperparameters (<c>2*width + 1</c>, <c>classes</c>).
/// Terms are kept sorted by name, so equal counts have equal representations and compare symbolically.
/// </summary>
public sealed record ChannelExpr(long Constant, EquatableArray<ChannelTerm> Terms)
{
    public static ChannelExpr Of(long value) => new(value, EquatableArray<ChannelTerm>.Empty);

    public static ChannelExpr Hyperparameter(string name) => new(0, new[] { new ChannelTerm(name, 1) }.ToEquatableArray());

    public bool IsConstant => Terms.Count == 0;

    public ChannelExpr Plus(ChannelExpr other) => Normalize(Constant + other.Constant, Terms.Concat(other.Terms));

    public ChannelExpr Times(long factor) => Normalize(Constant * factor, Terms.Select(t => t with { Coefficient = t.Coefficient * factor }));

    public ChannelExpr Negate() => Times(-1);

    public long Evaluate(IReadOnlyDictionary<string, long> values) =>
        Constant + Terms.Sum(t => t.Coefficient * values[t.Name]);

    /// <summary>As a person writes it: <c>2*width+1</c>.</summary>
    public string Text => Render("*", "+", "-");

    /// <summary>As C#: <c>2 * width + 1</c>.</summary>
    public string CSharp => Render(" * ", " + ", " - ");

    /// <summary>As C# with each hyperparameter prefixed (<c>this.</c> inside instance members).</summary>
    public string CSharpWith(string prefix) => Render(" * ", " + ", " - ", prefix);

    private string Render(string times, string plus, string minus, string prefix = "")
    {
        var parts = new List<string>();
        foreach (var term in Terms)
        {
            var magnitude = System.Math.Abs(term.Coefficient);
            var body = magnitude == 1 ? prefix + term.Name : magnitude.ToString(CultureInfo.InvariantCulture) + times + prefix + term.Name;
            parts.Add(parts.Count == 0 ? (term.Coefficient < 0 ? "-" + body : body) : (term.Coefficient < 0 ? minus : plus) + body);
        }
        if (Constant != 0 || parts.Count == 0)
        {
            var magnitude = System.Math.Abs(Constant).ToString(CultureInfo.InvariantCulture);
            parts.Add(parts.Count == 0 ? Constant.ToString(CultureInfo.InvariantCulture) : (Constant < 0 ? minus : plus) + magnitude);
        }
        return string.Concat(parts);
    }

    private static ChannelExpr Normalize(long constant, IEnumerable<ChannelTerm> terms) =>
        new(constant, terms.GroupBy(t => t.Name)
            .Select(g => new ChannelTerm(g.Key, g.Sum(t => t.Coefficient)))
            .Where(t => t.Coefficient != 0)
            .OrderBy(t => t.Name, System.StringComparer.Ordinal)
            .ToEquatableArray());
}
