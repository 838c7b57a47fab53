namespace SegGen.Generator;

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string ReferencedDeclarations = nameof(ReferencedDeclarations);
    public const string ReferencedModels = nameof(ReferencedModels);
    public const string Library = nameof(Library);
    public const string Resolve = nameof(Resolve);
    public const string Check = nameof(Check);
    public const string Emit = nameof(Emit);
    public const string RootNamespace = nameof(RootNamespace);
    public const string AttributeParse = nameof(AttributeParse);
    public const string AttributeResolve = nameof(AttributeResolve);
    public const string AttributeCheck = nameof(AttributeCheck);
    public const string AttributeEmit = nameof(AttributeEmit);
}
