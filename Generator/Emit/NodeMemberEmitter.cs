using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Frontend.Attributes;

namespace SegGen.Generator.Emit;

/// <summary>
/// Implements the partial properties that name an attribute-declared model's nodes: each returns the
/// node's registered module (a chain's <c>ModuleList</c>, state-dict prefix <c>enc1.</c>), or null for a
/// node without parameters. Nodes stored in fields need nothing here: the constructor fills them.
/// </summary>
internal static class NodeMemberEmitter
{
    public static string? Emit(BoundModel model, EquatableArray<NodeMember> members, string @namespace)
    {
        var properties = members.Where(m => m.Kind == NodeMemberKind.PartialProperty).ToList();
        if (properties.Count == 0) return null;
        using var w = new SourceWriter();
        Header.Write(w, model);
        using (w.Block($"namespace {@namespace}"))
        {
            using (w.Block($"partial class {model.Name}"))
            {
                foreach (var member in properties)
                {
                    if (member != properties[0]) w.Line();
                    var ops = model.Ops.Where(o => o.Node == member.Name).ToList();
                    var registered = ops.Any(o => o.HasState && o.Index >= 0);
                    w.Line($"/// <summary>Node <c>{member.Name}</c>: {CSharp.Xml(string.Join(", ", ops.Select(o => o.Text)))}.</summary>");
                    w.Line($"{member.Accessibility} partial {CSharp.Torch}.nn.Module? {CSharp.Identifier(member.Name)} => " + (registered
                        ? $"global::System.Linq.Enumerable.First(this.named_children(), c => c.name == {CSharp.String(member.Name)}).module;"
                        : "null;"));
                }
            }
        }
        return w.ToString();
    }
}
