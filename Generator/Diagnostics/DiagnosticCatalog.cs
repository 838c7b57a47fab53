using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SegGen.Generator.Common;

namespace SegGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic SegGen reports, with stable ids. Each has a help page docs/diagnostics/SEGxxxx.md
/// and a line in AnalyzerReleases.Unshipped.md; keep the three in step.
/// </summary>
public static class DiagnosticCatalog
{
    private const string Category = "SegGen";

    public static readonly DiagnosticDescriptor YamlSyntax = Error("SEG0001", "Invalid YAML", "{0}");
    public static readonly DiagnosticDescriptor InvalidDeclaration = Error("SEG0002", "Invalid model declaration", "{0}");
    public static readonly DiagnosticDescriptor UnknownOp = Error("SEG0003", "Unknown op", "Unknown op '{0}'{1}");
    public static readonly DiagnosticDescriptor InvalidArgument = Error("SEG0004", "Invalid op argument", "{0}");
    public static readonly DiagnosticDescriptor UnknownReference = Error("SEG0005", "Unknown reference", "{0}");
    public static readonly DiagnosticDescriptor UnknownHyperparameter = Error("SEG0006", "Unknown hyperparameter", "{0}");
    public static readonly DiagnosticDescriptor DuplicateName = Error("SEG0007", "Duplicate name", "{0}");
    public static readonly DiagnosticDescriptor Cycle = Error("SEG0008", "Cycle in the graph", "{0}");
    public static readonly DiagnosticDescriptor ChannelMismatch = Error("SEG0009", "Channel mismatch", "{0}");
    public static readonly DiagnosticDescriptor SpatialMismatch = Error("SEG0010", "Spatial size mismatch", "{0}");
    public static readonly DiagnosticDescriptor ContractNarrowed = Info("SEG0011", "Input sizes narrowed by the graph", "{0}");
    public static readonly DiagnosticDescriptor EmptyDimension = Error("SEG0012", "Dimension below 1", "{0}");
    public static readonly DiagnosticDescriptor PoolPairing = Error("SEG0013", "Unpool does not match its pool", "{0}");
    public static readonly DiagnosticDescriptor DeclaredConstraintBroken = Error("SEG0014", "Declared input size rejected by the graph", "{0}");
    public static readonly DiagnosticDescriptor InternalError = Error("SEG0015", "SegGen generator failure", "SegGen could not process this model: {0}");

    // Attribute-declared models (docs/attributes.md).
    public static readonly DiagnosticDescriptor ModelClassShape = Error("SEG0016", "Model class cannot be completed", "{0}");
    public static readonly DiagnosticDescriptor NonConstantArgument = Error("SEG0017", "Attribute argument is not a constant", "{0}");
    public static readonly DiagnosticDescriptor WrongNodeMember = Error("SEG0018", "Wrong kind of node member", "{0}");
    public static readonly DiagnosticDescriptor LaterReference = Error("SEG0019", "Reference to a node declared later", "{0}");

    // Composition: models that use other models (docs/yaml.md, "Using other models").
    public static readonly DiagnosticDescriptor UnknownModel = Error("SEG0020", "Unknown model", "{0}");
    public static readonly DiagnosticDescriptor UseCycle = Error("SEG0021", "Models use each other in a cycle", "{0}");
    public static readonly DiagnosticDescriptor UnknownTap = Error("SEG0022", "Unknown tap into a used model", "{0}");
    public static readonly DiagnosticDescriptor BadOption = Error("SEG0023", "Invalid option of a used model", "{0}");

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = typeof(DiagnosticCatalog)
        .GetFields()
        .Select(f => f.GetValue(null))
        .OfType<DiagnosticDescriptor>()
        .ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> All => ById.Values.OrderBy(d => d.Id);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceLocation location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    private static DiagnosticDescriptor Error(string id, string title, string message) => Make(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Info(string id, string title, string message) => Make(id, title, message, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Make(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: $"docs/diagnostics/{id}.md",
            customTags: severity == DiagnosticSeverity.Error ? [WellKnownDiagnosticTags.NotConfigurable] : []);
}
