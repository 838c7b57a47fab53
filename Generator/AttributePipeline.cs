using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SegGen.Generator.Common;
using SegGen.Generator.Frontend;
using SegGen.Generator.Frontend.Attributes;

namespace SegGen.Generator;

/// <summary>A checked attribute-declared model and its node members, which emitting needs.</summary>
public sealed record AttributeCheckResult(CheckResult Checked, EquatableArray<NodeMember> Members);

/// <summary>
/// The steps for <c>[Model]</c> classes: their own first step (reading the class), then the same check
/// and emit as YAML models (<see cref="ModelPipeline"/>), carrying the node members along.
/// </summary>
public static class AttributePipeline
{
    public static AttributeParseResult Parse(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellation)
    {
        var path = declaration.SyntaxTree.FilePath;
        return ModelPipeline.Guard(path, () => AttributeFrontend.Parse(type, declaration, compilation, cancellation),
            error => new AttributeParseResult(new ParseResult(path, null, error), EquatableArray<NodeMember>.Empty));
    }

    public static AttributeCheckResult Check(AttributeParseResult parsed, CancellationToken cancellation) =>
        new(ModelPipeline.Check(parsed.Parsed, cancellation), parsed.Members);

    public static EmitResult Emit(AttributeCheckResult checkedModel, string rootNamespace, CancellationToken cancellation) =>
        ModelPipeline.Emit(checkedModel.Checked, checkedModel.Members, rootNamespace, cancellation);
}
