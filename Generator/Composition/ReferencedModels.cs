using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Common;
using SegGen.Generator.Frontend;
using SegGen.Generator.Model;

namespace SegGen.Generator.Composition;

/// <summary>One <c>[assembly: ModelDeclaration(model, declaration)]</c> of a referenced assembly, as plain text.</summary>
public sealed record DeclarationText(string Assembly, string Model, string Text);

/// <summary>
/// Reads the models that referenced assemblies declare, from the <c>ModelDeclaration</c> attributes
/// SegGen's emitter writes into them. Reading is split in two steps so that the part that runs on every
/// compilation change only collects strings, and the YAML is parsed again only when they change.
/// </summary>
public static class ReferencedModels
{
    public const string AttributeName = "ModelDeclarationAttribute";
    public const string AttributeNamespace = "SegGen.Contracts";

    public static EquatableArray<DeclarationText> Collect(Compilation compilation, CancellationToken cancellation)
    {
        var found = new System.Collections.Generic.List<DeclarationText>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass is not { Name: AttributeName } type || type.ContainingNamespace.ToDisplayString() != AttributeNamespace) continue;
                var arguments = attribute.ConstructorArguments;
                if (arguments.Length == 2 && arguments[0].Value is string model && arguments[1].Value is string text)
                {
                    found.Add(new DeclarationText(assembly.Identity.Name, model, text));
                }
            }
        }
        return found.ToEquatableArray();
    }

    /// <summary>The declarations as models; one that does not parse (written by another SegGen version, say) is left out.</summary>
    public static EquatableArray<ModelSpec> Parse(EquatableArray<DeclarationText> declarations, CancellationToken cancellation) =>
        declarations
            .Select(d => YamlFrontend.Parse($"{d.Assembly}:{d.Model}", SourceText.From(d.Text), cancellation))
            .Where(p => p.Model is not null && p.Diagnostics.All(x => x.Severity != DiagnosticSeverity.Error))
            .Select(p => p.Model!)
            .ToEquatableArray();
}
