using System;
using System.Collections.Generic;

namespace SegGen.Contracts;

/// <summary>What one input accepts: its declared shape and the contracts of its height and width.</summary>
public sealed record InputContract(string Name, string Shape, DimContract Height, DimContract Width)
{
    public bool Accepts(long height, long width) => Height.Accepts(height) && Width.Accepts(width);

    public override string ToString() => $"{Name}: {Shape} with {Height}; {Width}";
}

/// <summary>The input sizes a generated model accepts, derived at compile time.</summary>
public sealed record ModelContract(string Model, IReadOnlyList<InputContract> Inputs)
{
    public override string ToString() => string.Join(Environment.NewLine, Inputs);
}

/// <summary>Carries a model's contract in its assembly's metadata, for tools and for models that use it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelContractAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}

/// <summary>
/// A model's declaration (<c>*.seg.yaml</c> text, macros expanded) in its assembly's metadata, so that
/// SegGen's generator in a project that references the assembly can check and build models that use it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class ModelDeclarationAttribute(string model, string declaration) : Attribute
{
    /// <summary>The namespace-qualified name of the model's class.</summary>
    public string Model { get; } = model;

    public string Declaration { get; } = declaration;
}
