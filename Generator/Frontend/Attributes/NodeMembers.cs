using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Frontend.Attributes;

/// <summary>
/// Decides whether a node's member is declared so that the generated part can supply it. A single conv,
/// deconv or batch norm is stored in a field of the module's type (the generated constructor fills it,
/// as <c>self.head = nn.Conv2d(…)</c> would); any other node is a partial property <c>nn.Module?</c> that
/// the generated part implements (the chain's <c>ModuleList</c>, or null for a node without parameters).
/// </summary>
internal static class NodeMembers
{
    private const string ModuleType = "SegGen.Torch.torch.nn.Module";

    private static readonly Dictionary<string, string> StorageTypes = new()
    {
        ["conv"] = "SegGen.Torch.Modules.Conv2d",
        ["deconv"] = "SegGen.Torch.Modules.ConvTranspose2d",
        ["batchnorm"] = "SegGen.Torch.Modules.BatchNorm2d",
    };

    /// <summary>The member as the emitter needs it, or null after reporting SEG0018.</summary>
    public static NodeMember? Check(ISymbol member, SyntaxNode declarator, List<OpSpec> ops, bool isChain, AttributeValues values)
    {
        var (kind, memberType, typeSyntax) = Describe(member, declarator);
        var location = values.Locate(typeSyntax ?? declarator);
        var name = member.Name;
        if (!isChain && StorageTypes.TryGetValue(ops[0].Op, out var storageType))
        {
            var shortType = storageType.Substring(storageType.LastIndexOf('.') + 1);
            if (kind == NodeMemberKind.Storage && TypeName(memberType) == storageType) return Make(member, kind.Value);
            values.Report(DiagnosticCatalog.WrongNodeMember, location,
                $"node '{name}' is a single {ops[0].Op}, whose module the generated constructor stores in it: declare it as a field '{shortType} {name};' (or a get-only property)");
            return null;
        }
        if (kind == NodeMemberKind.PartialProperty && TypeName(memberType) == ModuleType && memberType!.NullableAnnotation != NullableAnnotation.NotAnnotated)
        {
            return Make(member, kind.Value);
        }
        var what = isChain ? $"a chain of {ops.Count} ops" : $"a {ops[0].Op}";
        values.Report(DiagnosticCatalog.WrongNodeMember, location,
            $"node '{name}' is {what}: declare it as 'public partial nn.Module? {name} {{ get; }}', which the generated part implements (its module, or null without parameters)");
        return null;
    }

    private static string? TypeName(ITypeSymbol? type) => type?.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();

    private static NodeMember Make(ISymbol member, NodeMemberKind kind) => new(member.Name, kind, Accessibility(member.DeclaredAccessibility));

    /// <summary>How the member is declared: storage (an instance field, a get-only auto-property), a partial get-only property, or neither (null).</summary>
    private static (NodeMemberKind? Kind, ITypeSymbol? Type, SyntaxNode? TypeSyntax) Describe(ISymbol member, SyntaxNode declarator)
    {
        switch (member, declarator)
        {
            case (IFieldSymbol { IsStatic: false, IsConst: false } field, VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration }):
                return (NodeMemberKind.Storage, field.Type, declaration.Type);
            case (IFieldSymbol, VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration }):
                return (null, null, declaration.Type);
            case (IPropertySymbol { IsStatic: false, SetMethod: null } property, PropertyDeclarationSyntax syntax):
                if (property.IsPartialDefinition) return (NodeMemberKind.PartialProperty, property.Type, syntax.Type);
                var auto = syntax.Initializer is null && syntax.AccessorList?.Accessors is { Count: 1 } accessors && accessors[0] is { Body: null, ExpressionBody: null };
                return (auto ? NodeMemberKind.Storage : null, property.Type, syntax.Type);
            case (IPropertySymbol, PropertyDeclarationSyntax syntax):
                return (null, null, syntax.Type);
            default:
                return (null, null, null);
        }
    }

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
