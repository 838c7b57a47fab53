namespace SegGen.Generator.Frontend.Attributes;

/// <summary>How a node's member is declared, which decides what the generated part supplies.</summary>
public enum NodeMemberKind
{
    /// <summary>A field or get-only auto-property of the node's module type: the generated constructor fills it.</summary>
    Storage,
    /// <summary>A partial property of type <c>nn.Module?</c>: the generated part implements it.</summary>
    PartialProperty,
}

/// <summary>A member of an attribute-declared class that is a node: its name, how it is declared and its accessibility as C# text.</summary>
public sealed record NodeMember(string Name, NodeMemberKind Kind, string Accessibility);
