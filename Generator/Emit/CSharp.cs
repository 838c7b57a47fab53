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
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A declared name as a C# identifier: keywords such as <c>out</c> get an <c>@</c>.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Text safe inside an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
