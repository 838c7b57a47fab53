using System;

namespace SegGen;

// The attributes of the second way to declare a model: an attributed partial class that the SegGen
// generator reads into the same model as a *.seg.yaml file (docs/attributes.md). They carry no behaviour:
// only their arguments, as written, matter to the generator. Argument names are the YAML language's.

/// <summary>
/// Declares a segmentation network: the generator completes this partial class into a typed
/// <c>nn.Module</c> with a checked <c>forward</c>, as for a <c>*.seg.yaml</c> model. The class must be
/// <c>public partial</c>, top-level in a namespace, without a base class.
/// </summary>
/// <example><code>
/// [Model(Summary = "A small U-Net.")]
/// [Hyperparameter("classes", 5), Hyperparameter("width", 16)]
/// [Input("image", "N", 3, "H", "W")]
/// public partial class UNetSmall { … }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>One line for the generated class's XML documentation (YAML <c>summary:</c>).</summary>
    public string? Summary { get; set; }
}

/// <summary>
/// A constructor parameter of the model with its default; its type follows the default (<c>long</c>,
/// <c>double</c> or <c>bool</c>). Integer hyperparameters may stand in channel counts (<c>"2*width"</c>,
/// <c>nameof(width)</c>), numeric ones in number arguments.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HyperparameterAttribute : Attribute
{
    /// <param name="name">The parameter's name, a C# identifier.</param>
    /// <param name="default">An integer, a number or true/false.</param>
    public HyperparameterAttribute(string name, object @default)
    {
        Name = name;
        Default = @default;
    }

    public string Name { get; }

    public object Default { get; }
}

/// <summary>
/// A model input and its shape <c>[N, C, H, W]</c>: the batch is a name, the channels an integer or an integer
/// hyperparameter, each spatial size a symbol (<c>"H"</c>) or a constraint such as <c>"32*h"</c> or <c>"8*h+1"</c>.
/// </summary>
/// <example><c>[Input("image", "N", 3, "H", "W")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    public InputAttribute(string name, params object[] shape)
    {
        Name = name;
        Shape = shape;
    }

    public string Name { get; }

    public object[] Shape { get; }
}

/// <summary>
/// A model output: a node (or any reference, such as a tap <c>"enc1.3"</c>), optionally with a declared shape
/// <c>[N, C, H, W]</c> to check. Without outputs the model has one, <c>out</c>: the last node.
/// </summary>
/// <example><c>[Output("logits", nameof(dec1), "N", "classes", "H", "W")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutputAttribute : Attribute
{
    public OutputAttribute(string name, string from, params object[] shape)
    {
        Name = name;
        From = from;
        Shape = shape;
    }

    public string Name { get; }

    public string From { get; }

    public object[] Shape { get; }
}

/// <summary>
/// Where a node takes its input from (YAML <c>from:</c>): an input, an earlier node (<c>nameof(pool4)</c>) or a
/// tap (<c>"backbone.2"</c>: op 2 of chain <c>backbone</c>). Without it a node reads the node declared above it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class FromAttribute(string reference) : Attribute
{
    public string Reference { get; } = reference;
}

/// <summary>
/// A node that is another model (YAML <c>use(Model, option=value, …)</c>): a <c>[Model]</c> class or a
/// <c>*.seg.yaml</c> model of this project or of a referenced assembly, built in place under the node's
/// name. Options and hyperparameters are given as <c>"name=value"</c> strings, the value in the model language.
/// </summary>
/// <example><code>
/// [Use(nameof(TinyResNet), "width=8", "replace_stride_with_dilation=[true]")] public partial nn.Module? backbone { get; }
/// </code></example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class UseAttribute(string model, params string[] options) : Attribute
{
    public string Model { get; } = model;

    public string[] Options { get; } = options;
}

/// <summary>
/// The base of the op and macro-call attributes. A member with these attributes is a node, applying them in
/// order (several make a chain, numbered 0, 1, … like <c>nn.Sequential</c>); a method with them is a macro.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public abstract class OpAttribute : Attribute
{
    /// <summary>Applies the op this many times (YAML <c>xN</c>, 1 to 1000).</summary>
    public int Repeat { get; set; } = 1;
}

/// <summary>
/// Calls a macro: a method of the model class whose op attributes are its body and whose parameters are its
/// parameters; the arguments are substituted wherever a parameter's name appears.
/// </summary>
/// <example><code>
/// [Conv("c", 3, pad: 1), BatchNorm, ReLU] static partial void cbr(long c);
/// [Macro(nameof(cbr), "2*width", Repeat = 2), MaxPool(2)] public partial Module? enc2 { get; }
/// </code></example>
public sealed class MacroAttribute : OpAttribute
{
    public MacroAttribute(string name, params object[] arguments)
    {
        Name = name;
        Arguments = arguments;
    }

    public string Name { get; }

    public object[] Arguments { get; }
}
