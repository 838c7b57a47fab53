using System.Linq;
using System.Text;
using SegGen.Generator.Model;

namespace SegGen.Generator.Composition;

/// <summary>
/// Writes a <see cref="ModelSpec"/> back as <c>*.seg.yaml</c> text (macros expanded, namespace resolved).
/// The emitter stores it in the assembly's metadata (<c>[assembly: ModelDeclaration]</c>), where the
/// generator of a project that references the assembly reads it back (<see cref="ReferencedModels"/>),
/// so a model declared either way can be used across assemblies by the same YAML frontend.
/// </summary>
public static class DeclarationWriter
{
    public static string Write(ModelSpec spec, string @namespace)
    {
        var text = new StringBuilder();
        text.Append("model: ").Append(spec.Name).Append('\n');
        text.Append("namespace: ").Append(@namespace).Append('\n');
        if (spec.Summary is { } summary) text.Append("summary: ").Append(Quoted(summary)).Append('\n');
        Section(text, "options", spec.Options.Select(o => (o.Name, o.Default.Text)));
        Section(text, "hyperparameters", spec.Hyperparameters.Select(h => (h.Name, h.Kind == HyperparameterKind.Float ? Number(h.Default.Text) : h.Default.Text)));
        Section(text, "inputs", spec.Inputs.Select(i => (i.Name, List(i.Dims))));
        text.Append("layers:\n");
        foreach (var node in spec.Nodes) Layer(text, node);
        Section(text, "outputs", spec.Outputs.Select(o => (o.Name, Output(o))));
        return text.ToString();
    }

    private static string Output(OutputSpec output)
    {
        if (output.Shape.Count == 0 && output.When is null) return output.Source.Text;
        var shape = output.Shape.Count == 0 ? "" : $", shape: {List(output.Shape)}";
        var when = output.When is null ? "" : $", when: {output.When.Text}";
        return $"{{from: {output.Source.Text}{shape}{when}}}";
    }

    private static void Section(StringBuilder text, string name, System.Collections.Generic.IEnumerable<(string Key, string Value)> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0) return;
        text.Append(name).Append(":\n");
        foreach (var (key, value) in list) text.Append("  ").Append(key).Append(": ").Append(value).Append('\n');
    }

    /// <summary>
    /// A layer in block style: inside YAML's flow collections an index such as <c>dilate[0]</c> would read as
    /// a nested list, while block list items and plain values take any op text.
    /// </summary>
    private static void Layer(StringBuilder text, NodeSpec node)
    {
        text.Append("  ").Append(node.Name).Append(':');
        var indent = "    ";
        if (node.From is not null || node.When is not null || node.Inline)
        {
            if (node.From is not null) text.Append("\n    from: ").Append(node.From.Text);
            if (node.When is not null) text.Append("\n    when: ").Append(node.When.Text);
            if (node.Inline) text.Append("\n    inline: true");
            text.Append("\n    ops:");
            indent = "      ";
        }
        if (!node.IsChain)
        {
            text.Append(' ').Append(node.Ops[0].Text).Append('\n');
            return;
        }
        text.Append('\n');
        foreach (var op in node.Ops) text.Append(indent).Append("- ").Append(op.Text).Append('\n');
    }

    private static string List(System.Collections.Generic.IEnumerable<Expr> items) => "[" + string.Join(", ", items.Select(i => i.Text)) + "]";

    /// <summary>A float default keeps a decimal point, or it would read back as an integer hyperparameter.</summary>
    private static string Number(string text) => text.IndexOfAny(['.', 'E', 'e']) >= 0 ? text : text + ".0";

    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
