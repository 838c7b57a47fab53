using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Composition;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Frontend.Attributes;

/// <summary>What reading one <c>[Model]</c> class gave: the same <see cref="ParseResult"/> as a YAML file, and its node members.</summary>
public sealed record AttributeParseResult(ParseResult Parsed, EquatableArray<NodeMember> Members);

/// <summary>
/// Reads a <c>[Model]</c> partial class into a <see cref="ModelSpec"/>, like <see cref="YamlFrontend"/> reads a
/// file: class attributes give hyperparameters, inputs and outputs; methods with op attributes are macros;
/// fields and properties with op attributes are the nodes, in member order. Arguments map to the op
/// language by name (<c>pad: 1</c>) or position, as in YAML, and stay located at the argument. This is the
/// first step of the pipeline: no symbol or syntax leaves it.
/// </summary>
public sealed class AttributeFrontend
{
    public const string ModelAttribute = "SegGen.ModelAttribute";

    private const string Namespace = "SegGen";

    private readonly INamedTypeSymbol type;
    private readonly Compilation compilation;
    private readonly CancellationToken cancellation;
    private readonly List<DiagnosticInfo> diagnostics = [];
    private readonly Dictionary<SyntaxTree, AttributeValues> valuesByTree = [];

    private AttributeFrontend(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellation)
    {
        this.type = type;
        this.compilation = compilation;
        this.cancellation = cancellation;
    }

    public static AttributeParseResult Parse(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellation)
    {
        var frontend = new AttributeFrontend(type, compilation, cancellation);
        var members = new List<NodeMember>();
        var model = frontend.CheckClass(declaration) ? frontend.ReadModel(declaration, members) : null;
        return new AttributeParseResult(new ParseResult(declaration.SyntaxTree.FilePath, model, frontend.diagnostics.ToEquatableArray()), members.ToEquatableArray());
    }

    // ---- the class -----------------------------------------------------------------------------

    /// <summary>The generated part is <c>public partial class {Name} : nn.Module&lt;…&gt;</c> in the class's namespace: the class must admit it.</summary>
    private bool CheckClass(TypeDeclarationSyntax declaration)
    {
        var problem =
            type.TypeKind != TypeKind.Class || type.IsRecord ? "must be a class: the generator completes it into a module" :
            !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) ? "must be partial: the generator completes it with the module's layers, constructor and forward" :
            type.ContainingType is not null ? "must be declared directly in a namespace, not inside another type" :
            type.ContainingNamespace.IsGlobalNamespace ? "must be declared in a namespace" :
            type.IsGenericType ? "cannot be generic" :
            type.IsStatic || type.IsAbstract ? "cannot be static or abstract: it becomes a module to instantiate" :
            type.DeclaredAccessibility != Accessibility.Public ? "must be public, as its generated part is" :
            type.BaseType is { SpecialType: not SpecialType.System_Object } ? $"cannot derive from {type.BaseType.Name}: the generated part derives it from nn.Module<…>" :
            null;
        if (problem is null) return true;
        Values(declaration).Report(DiagnosticCatalog.ModelClassShape, Values(declaration).Locate(declaration.Identifier), $"model class '{type.Name}' {problem}");
        return false;
    }

    private ModelSpec? ReadModel(TypeDeclarationSyntax declaration, List<NodeMember> members)
    {
        var values = Values(declaration);
        string? summary = null;
        var hyperparameters = new List<HyperparameterSpec>();
        var inputs = new List<InputSpec>();
        var outputs = new List<OutputSpec>();
        foreach (var (attribute, name, owner) in SegGenAttributes(type))
        {
            switch (name)
            {
                case "Model":
                    summary = Named(attribute, "Summary") is { } s ? owner.ReadName(s) : null;
                    break;
                case "Hyperparameter":
                    if (Hyperparameter(attribute, owner) is { } h) hyperparameters.Add(h);
                    break;
                case "Input":
                    if (Input(attribute, owner) is { } i) inputs.Add(i);
                    break;
                case "Output":
                    if (Output(attribute, owner) is { } o) outputs.Add(o);
                    break;
            }
        }
        var location = values.Locate(declaration.Identifier);
        if (inputs.Count == 0 && !diagnostics.Any())
        {
            values.Report(DiagnosticCatalog.InvalidDeclaration, location, $"model '{type.Name}' declares no inputs: add one such as [Input(\"image\", \"N\", 3, \"H\", \"W\")]");
        }
        var macros = Macros();
        var nodes = Nodes(new MacroExpander(macros, diagnostics), macros, members);
        if (nodes.Count == 0 && !diagnostics.Any())
        {
            values.Report(DiagnosticCatalog.InvalidDeclaration, location, $"model '{type.Name}' declares no nodes: give a field or partial property op attributes such as [Conv(16, 3)]");
        }
        CheckOrder(nodes, inputs);
        return new ModelSpec(type.Name, type.ContainingNamespace.ToDisplayString(), summary, hyperparameters.ToEquatableArray(), inputs.ToEquatableArray(),
            nodes.ToEquatableArray(), outputs.ToEquatableArray(), location);
    }

    private HyperparameterSpec? Hyperparameter(AttributeSyntax attribute, AttributeValues values)
    {
        var arguments = Positional(attribute);
        if (arguments.Count != 2 || values.ReadName(arguments[0]) is not { } name || values.Read(arguments[1]) is not { } value) return null;
        return HyperparameterDeclaration.Declare(name, value, values.Locate(arguments[0]), value.Location, diagnostics);
    }

    private InputSpec? Input(AttributeSyntax attribute, AttributeValues values)
    {
        var arguments = Positional(attribute);
        if (arguments.Count == 0 || values.ReadName(arguments[0]) is not { } name) return null;
        if (!YamlFrontend.IsIdentifier(name))
        {
            values.Report(DiagnosticCatalog.InvalidDeclaration, values.Locate(arguments[0]), $"input name '{name}' is not an identifier (letters, digits, '_')");
            return null;
        }
        var dims = arguments.Skip(1).Select(values.Read).ToList();
        return dims.Any(d => d is null) ? null : new InputSpec(name, dims.Select(d => d!).ToEquatableArray(), values.Locate(arguments[0]));
    }

    private OutputSpec? Output(AttributeSyntax attribute, AttributeValues values)
    {
        var arguments = Positional(attribute);
        if (arguments.Count < 2 || values.ReadName(arguments[0]) is not { } name || values.Read(arguments[1]) is not { } source) return null;
        var dims = arguments.Skip(2).Select(values.Read).ToList();
        return dims.Any(d => d is null) ? null : new OutputSpec(name, source, dims.Select(d => d!).ToEquatableArray(), values.Locate(arguments[0]));
    }

    // ---- macros and nodes ----------------------------------------------------------------------

    /// <summary>Methods with op attributes: the method's name and parameters are the macro's, its attributes the body.</summary>
    private Dictionary<string, Macro> Macros()
    {
        var macros = new Dictionary<string, Macro>();
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary))
        {
            cancellation.ThrowIfCancellationRequested();
            var (body, complete) = Calls(method, macros: null);
            if (body.Count == 0 || !complete) continue;
            var identifier = ((MethodDeclarationSyntax)method.DeclaringSyntaxReferences[0].GetSyntax(cancellation)).Identifier;
            var location = Values(identifier.Parent!).Locate(identifier);
            if (macros.ContainsKey(method.Name))
            {
                Values(identifier.Parent!).Report(DiagnosticCatalog.DuplicateName, location, $"macro '{method.Name}' is declared twice");
                continue;
            }
            macros.Add(method.Name, new Macro(method.Name, method.Parameters.Select(p => p.Name).ToList(), body, location));
        }
        return macros;
    }

    private List<NodeSpec> Nodes(MacroExpander expander, Dictionary<string, Macro> macros, List<NodeMember> members)
    {
        var nodes = new List<NodeSpec>();
        foreach (var member in type.GetMembers().Where(m => m is IFieldSymbol or IPropertySymbol && !m.IsImplicitlyDeclared))
        {
            cancellation.ThrowIfCancellationRequested();
            var (calls, complete) = Calls(member, macros);
            var from = SegGenAttributes(member).FirstOrDefault(a => a.Name == "From");
            if (!complete || (calls.Count == 0 && from.Attribute is null)) continue;
            var declarator = member.DeclaringSyntaxReferences[0].GetSyntax(cancellation);
            var values = Values(declarator);
            var identifier = declarator is VariableDeclaratorSyntax field ? field.Identifier : ((PropertyDeclarationSyntax)declarator).Identifier;
            var location = values.Locate(identifier);
            if (calls.Count == 0)
            {
                values.Report(DiagnosticCatalog.InvalidDeclaration, location, $"node '{member.Name}' has [From] but no ops");
                continue;
            }
            var fromExpr = from.Attribute is null ? null : Positional(from.Attribute).FirstOrDefault() is { } reference ? values.Read(reference) : null;
            var ops = expander.Expand(calls);
            var isChain = calls.Count > 1 || ops.Count != 1;
            nodes.Add(new NodeSpec(member.Name, fromExpr, ops.ToEquatableArray(), isChain, location));
            if (NodeMembers.Check(member, declarator, ops, isChain, values) is { } declared) members.Add(declared);
        }
        return nodes;
    }

    /// <summary>The op and macro-call attributes of a member, in order; incomplete when one of them could not be read (after reporting).</summary>
    private (List<OpCall> Calls, bool Complete) Calls(ISymbol member, Dictionary<string, Macro>? macros)
    {
        var calls = new List<OpCall>();
        var complete = true;
        foreach (var (attribute, name, values) in SegGenAttributes(member))
        {
            // [From] is read with the node.
            var op = OpCatalog.Find(name.ToLowerInvariant());
            if (op is null && name is not ("Macro" or "Use")) continue;
            var call = op is not null ? OpCall(op.Name, attribute, Arguments(attribute), values)
                : name == "Use" ? UseCall(attribute, values)
                : MacroCall(attribute, values, macros);
            if (call is null) complete = false;
            else calls.Add(call);
        }
        return (calls, complete);
    }

    private OpCall? MacroCall(AttributeSyntax attribute, AttributeValues values, Dictionary<string, Macro>? macros)
    {
        var arguments = Arguments(attribute);
        if (arguments.FirstOrDefault() is not { NameEquals: null } first || values.ReadName(first.Expression) is not { } name) return null;
        if (macros is not null && !macros.ContainsKey(name))
        {
            var hint = Names.Suggest(name, macros.Keys);
            values.Report(DiagnosticCatalog.InvalidDeclaration, values.Locate(first.Expression), $"no macro '{name}' in {type.Name}; a macro is a method with op attributes" +
                (hint is null ? macros.Count == 0 ? "" : $" (declared: {string.Join(", ", macros.Keys)})" : $"; did you mean '{hint}'?"));
            return null;
        }
        return OpCall(name, attribute, arguments.Skip(1).ToList(), values);
    }

    /// <summary><c>[Use(nameof(Model), "option=value", …)]</c>: the op <c>use(Model, option=value, …)</c>, as YAML writes it.</summary>
    private static OpCall? UseCall(AttributeSyntax attribute, AttributeValues values)
    {
        var arguments = Arguments(attribute);
        if (arguments.FirstOrDefault() is not { NameEquals: null } first || values.ReadName(first.Expression) is not { } model) return null;
        var location = values.Locate(first.Expression);
        var args = new List<ArgSpec> { new(null, new NameExpr(model, location), location) };
        var options = arguments.Skip(1).Select(a => values.ReadOption(a.Expression)).ToList();
        if (options.Any(o => o is null)) return null;
        args.AddRange(options.Select(o => o!));
        return new OpCall(ModelLibrary.UseOp, args.ToEquatableArray(), 1, values.Locate(attribute));
    }

    private OpCall? OpCall(string name, AttributeSyntax attribute, IReadOnlyList<AttributeArgumentSyntax> arguments, AttributeValues values)
    {
        var args = new List<ArgSpec>();
        var repeat = 1;
        var ok = true;
        foreach (var argument in arguments)
        {
            var value = values.Read(argument.Expression);
            if (value is null)
            {
                ok = false;
                continue;
            }
            if (argument.NameEquals is { Name.Identifier.ValueText: "Repeat" })
            {
                if (value is IntExpr { Value: >= 1 and <= 1000 } count) repeat = (int)count.Value;
                else ok = Fail(values, value.Location, $"Repeat must be an integer between 1 and 1000, got '{value.Text}'");
                continue;
            }
            args.Add(argument.NameColon is { } named
                ? new ArgSpec(named.Name.Identifier.ValueText, value, values.Locate(argument))
                : new ArgSpec(null, value, value.Location));
        }
        return ok ? new OpCall(name, args.ToEquatableArray(), repeat, values.Locate(attribute)) : null;
    }

    private static bool Fail(AttributeValues values, SourceLocation location, string message)
    {
        values.Report(DiagnosticCatalog.InvalidArgument, location, message);
        return false;
    }

    // ---- order ---------------------------------------------------------------------------------

    /// <summary>
    /// Members have an order in C#, and a node without [From] reads the one above it; so, unlike YAML layers,
    /// a node may refer only to inputs and to nodes above it (a partial class split over files has no
    /// order a reader could rely on otherwise).
    /// </summary>
    private void CheckOrder(List<NodeSpec> nodes, List<InputSpec> inputs)
    {
        var position = nodes.Select((n, i) => (n.Name, i)).ToDictionary(x => x.Name, x => x.i);
        for (var index = 0; index < nodes.Count; index++)
        {
            var node = nodes[index];
            foreach (var reference in References(node).OfType<NameExpr>())
            {
                var head = reference.Name.Split('.')[0];
                if (!position.TryGetValue(head, out var declared) || declared < index || inputs.Any(i => i.Name == head)) continue;
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.LaterReference, reference.Location, declared == index
                    ? $"node '{node.Name}' refers to itself"
                    : $"node '{node.Name}' refers to '{head}', which is declared after it: a node reads inputs and nodes above it, so move '{head}' up"));
            }
        }
    }

    private static IEnumerable<Expr> References(NodeSpec node)
    {
        if (node.From is not null) yield return node.From;
        foreach (var op in node.Ops)
        {
            if (OpCatalog.Find(op.Op) is not { } schema) continue;
            var positional = 0;
            foreach (var arg in op.Args)
            {
                var argSchema = arg.Name is null ? (positional < schema.Args.Length ? schema.Args[positional] : null) : schema.Args.FirstOrDefault(a => a.Name == arg.Name);
                if (arg.Name is null) positional++;
                if ((arg.Name is null && schema.TakesReferences) || argSchema?.Type == ArgType.Reference) yield return arg.Value;
            }
        }
    }

    // ---- attributes ----------------------------------------------------------------------------

    /// <summary>SegGen's attributes on a symbol's declarations, in source order, each with its short name (<c>Conv</c>) and the reader for its tree.</summary>
    private IEnumerable<(AttributeSyntax Attribute, string Name, AttributeValues Values)> SegGenAttributes(ISymbol symbol)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellation);
            var lists = syntax switch
            {
                VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } => field.AttributeLists,
                MemberDeclarationSyntax member => member.AttributeLists,
                _ => default,
            };
            var values = Values(syntax);
            foreach (var attribute in lists.SelectMany(l => l.Attributes))
            {
                if (AttributeName(attribute, values.Semantics) is { } name) yield return (attribute, name, values);
            }
        }
    }

    /// <summary>The short name of a SegGen attribute (<c>Conv</c> for <c>SegGen.ConvAttribute</c>), else null.</summary>
    private static string? AttributeName(AttributeSyntax attribute, SemanticModel semantics)
    {
        var info = semantics.GetSymbolInfo(attribute);
        var type = (info.Symbol ?? info.CandidateSymbols.FirstOrDefault())?.ContainingType;
        if (type is null || type.ContainingNamespace?.ToDisplayString() != Namespace || !type.Name.EndsWith("Attribute", System.StringComparison.Ordinal)) return null;
        return type.Name.Substring(0, type.Name.Length - "Attribute".Length);
    }

    private static IReadOnlyList<AttributeArgumentSyntax> Arguments(AttributeSyntax attribute) =>
        attribute.ArgumentList?.Arguments ?? default(SeparatedSyntaxList<AttributeArgumentSyntax>);

    private static List<ExpressionSyntax> Positional(AttributeSyntax attribute) =>
        Arguments(attribute).Where(a => a.NameEquals is null).Select(a => a.Expression).ToList();

    private static ExpressionSyntax? Named(AttributeSyntax attribute, string property) =>
        Arguments(attribute).FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property)?.Expression;

    private AttributeValues Values(SyntaxNode node)
    {
        var tree = node.SyntaxTree;
        if (!valuesByTree.TryGetValue(tree, out var values))
        {
            values = new AttributeValues(compilation.GetSemanticModel(tree), new Locator(tree.FilePath, tree.GetText(cancellation)), diagnostics);
            valuesByTree.Add(tree, values);
        }
        return values;
    }
}
