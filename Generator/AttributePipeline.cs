using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SegGen.Generator.Common;
using SegGen.Generator.Composition;
using SegGen.Generator.Frontend;
using SegGen.Generator.Frontend.Attributes;

namespace SegGen.Generator;

/// <summary>An attribute-declared model paired with the models it uses, and its node members.</summary>
public sealed record AttributeCheckInput(CheckInput Input, EquatableArray<NodeMember> Members);

/// <summary>A checked attribute-declared model and its node members, which emitting needs.</summary>
public sealed record AttributeCheckResult(CheckResult Checked, EquatableArray<NodeMember> Members);

/// <summary>
/// The steps for <c>[Model]</c> classes: their own first step (reading the class), then the same resolve, check
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

    public static AttributeCheckInput Resolve(AttributeParseResult parsed, ModelLibrary library) =>
        new(ModelPipeline.Resolve(parsed.Parsed, library), parsed.Members);

    public static AttributeCheckResult Check(AttributeCheckInput input, CancellationToken cancellation) =>
        new(ModelPipeline.Check(input.Input, cancellation), input.Members);

    public static EmitResult Emit(AttributeCheckResult checkedModel, string rootNamespace, CancellationToken cancellation) =>
        ModelPipeline.Emit(checkedModel.Checked, checkedModel.Members, rootNamespace, cancellation);
}
