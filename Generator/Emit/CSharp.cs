using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace SegGen.Generator.Emit;

/// <summary>Fully qualified names and literals for generated code.</summary>
internal static class CSharp
{
    public const string Torch = "global::SegGen.Torch.torch";
    public const string Tensor = "global::SegGen.Torch.torch.Tensor";
    public const string Functional = "global::SegGen.Torch.torch.nn.functional";
    public const string Modules = "global::SegGen.Torch.Modules";
    public const string Contracts = "global::SegGen.Contracts";
    public const string Graphs = "global::SegGen.Graphs";

    public static string String(string value)
    {
        // Most strings (paths, op texts, shapes) need no escape: copied whole, not a character at a time.
        if (value.IndexOfAny(Escaped) < 0) return "\"" + value + "\"";
        var builder = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }

    private static readonly char[] Escaped = ['"', '\\', '\n', '\r', '\t'];

    /// <summary>A declared name as a C# identifier: keywords such as <c>out</c> get an <c>@</c>.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Text safe inside an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
