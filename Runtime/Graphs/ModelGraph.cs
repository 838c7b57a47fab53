using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SegGen.Graphs;

/// <summary>One op of a generated model: its PyTorch path, the op as declared, its symbolic output shape, parameters and source line.</summary>
public sealed record GraphNode(string Name, string Op, string Shape, long Parameters, IReadOnlyList<string> Inputs, string Source);

/// <summary>A generated model's graph, for review: a table, Mermaid or Graphviz DOT.</summary>
public sealed record ModelGraph(string Model, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<(string Name, string Node)> Outputs)
{
    public long TotalParameters => Nodes.Sum(n => n.Parameters);

    /// <summary>A plain-text table: node, op, shape, parameters.</summary>
    public override string ToString()
    {
        var rows = Nodes.Select(n => (n.Name, n.Op, n.Shape, Parameters: n.Parameters.ToString("N0", CultureInfo.InvariantCulture))).ToList();
        var widths = new[]
        {
            Math.Max(4, rows.Max(r => r.Name.Length)), Math.Max(2, rows.Max(r => r.Op.Length)), Math.Max(5, rows.Max(r => r.Shape.Length)),
        };
        var text = new StringBuilder();
        text.AppendLine($"{"node".PadRight(widths[0])}  {"op".PadRight(widths[1])}  {"shape".PadRight(widths[2])}  parameters");
        foreach (var row in rows) text.AppendLine($"{row.Name.PadRight(widths[0])}  {row.Op.PadRight(widths[1])}  {row.Shape.PadRight(widths[2])}  {row.Parameters}");
        text.Append($"total parameters: {TotalParameters.ToString("N0", CultureInfo.InvariantCulture)}");
        return text.ToString();
    }

    public string ToMermaid()
    {
        var text = new StringBuilder("flowchart TD\n");
        foreach (var node in Nodes) text.Append($"    {Id(node.Name)}[\"{Escape(node.Name)}<br/>{Escape(node.Op)}<br/>{Escape(node.Shape)}\"]\n");
        foreach (var node in Nodes)
        {
            foreach (var input in node.Inputs) text.Append($"    {Id(input)} --> {Id(node.Name)}\n");
        }
        foreach (var (name, node) in Outputs) text.Append($"    {Id(node)} --> out_{Id(name)}([\"{Escape(name)}\"])\n");
        return text.ToString();
    }

    public string ToDot()
    {
        var text = new StringBuilder($"digraph {Id(Model)} {{\n    rankdir=TB;\n    node [shape=box, fontname=\"Helvetica\"];\n");
        foreach (var node in Nodes) text.Append($"    {Id(node.Name)} [label=\"{Escape(node.Name)}\\n{Escape(node.Op)}\\n{Escape(node.Shape)}\"];\n");
        foreach (var node in Nodes)
        {
            foreach (var input in node.Inputs) text.Append($"    {Id(input)} -> {Id(node.Name)};\n");
        }
        foreach (var (name, node) in Outputs) text.Append($"    out_{Id(name)} [label=\"{Escape(name)}\", shape=oval];\n    {Id(node)} -> out_{Id(name)};\n");
        return text.Append("}\n").ToString();
    }

    private static string Id(string name) => "n_" + new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    private static string Escape(string text) => text.Replace("\"", "&quot;");
}
