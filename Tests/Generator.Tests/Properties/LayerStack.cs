using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SegGen.Generator.Tests.Properties;

// A random model as plain data: the test writes it as YAML for the generator and runs it itself on
// libtorch (ReferenceRunner), so the two sides share nothing but this description.

/// <summary>One op of a stack, with the text the YAML language spells it as.</summary>
internal abstract record StackOp
{
    public abstract string Yaml { get; }

    /// <summary>How much finer this op makes the grid of input sizes that behave alike (its stride, or a scale's denominator).</summary>
    public virtual long Divisor => 1;

    protected static string Call(string name, params string?[] args) =>
        $"{name}({string.Join(", ", args.Where(a => a is not null))})";

    protected static string? Named(string name, int value, int standard) =>
        value == standard ? null : $"{name}={value.ToString(CultureInfo.InvariantCulture)}";

    protected static string? Named(string name, bool value, bool standard) =>
        value == standard ? null : $"{name}={(value ? "true" : "false")}";
}

internal sealed record ConvOp(int Out, int Kernel, int Stride, int Pad, int Dilation) : StackOp
{
    public override long Divisor => Stride;

    public override string Yaml => Call("conv", $"{Out}", $"{Kernel}", Named("stride", Stride, 1), Named("pad", Pad, 0), Named("dilation", Dilation, 1));
}

internal sealed record DeconvOp(int Out, int Kernel, int Stride, int Pad, int OutputPad, int Dilation) : StackOp
{
    public override string Yaml => Call("deconv", $"{Out}", $"{Kernel}", Named("stride", Stride, 1), Named("pad", Pad, 0),
        Named("output_pad", OutputPad, 0), Named("dilation", Dilation, 1));
}

/// <param name="Stride">Null: PyTorch's default, the kernel size.</param>
internal sealed record MaxPoolOp(int Kernel, int? Stride, int Pad, int Dilation, bool Ceil, bool Indices) : StackOp
{
    public override long Divisor => Stride ?? Kernel;

    public override string Yaml => Call("maxpool", $"{Kernel}", Stride is { } s ? $"stride={s}" : null, Named("pad", Pad, 0),
        Named("dilation", Dilation, 1), Named("ceil", Ceil, false), Named("indices", Indices, false));
}

internal sealed record AvgPoolOp(int Kernel, int? Stride, int Pad, bool Ceil, bool CountPad) : StackOp
{
    public override long Divisor => Stride ?? Kernel;

    public override string Yaml => Call("avgpool", $"{Kernel}", Stride is { } s ? $"stride={s}" : null, Named("pad", Pad, 0),
        Named("ceil", Ceil, false), Named("count_pad", CountPad, true));
}

/// <summary>Unpools with the indices of the last indices=true max pool of layer <paramref name="Pool"/>.</summary>
internal sealed record UnpoolOp(string Pool) : StackOp
{
    public override string Yaml => Call("unpool", Pool);
}

/// <param name="Scale">The factor as written (e.g. <c>0.5</c>), or null when resizing to <paramref name="Like"/>.</param>
internal sealed record UpsampleOp(string? Scale, string? Like, bool Nearest) : StackOp
{
    public override long Divisor => Scale is null ? 1 : Denominator(decimal.Parse(Scale, CultureInfo.InvariantCulture));

    private static long Denominator(decimal scale)
    {
        long denominator = 1;
        while (decimal.Truncate(scale * denominator) != scale * denominator) denominator++;
        return denominator;
    }

    public override string Yaml => Call("upsample", Scale is null ? $"like={Like}" : $"scale={Scale}", Nearest ? "mode=nearest" : null);
}

internal sealed record CropOp(string Like, int Offset) : StackOp
{
    public override string Yaml => Call("crop", $"like={Like}", Named("offset", Offset, 0));
}

internal sealed record AddOp(string Other) : StackOp
{
    public override string Yaml => Call("add", Other);
}

internal sealed record ConcatOp(string Other) : StackOp
{
    public override string Yaml => Call("concat", Other);
}

/// <summary>Ops without arguments: gap, relu, batchnorm.</summary>
internal sealed record PlainOp(string Name) : StackOp
{
    public override string Yaml => Name;
}

/// <summary>A named layer: its ops run on <see cref="From"/> (a layer or the input), else on the previous layer.</summary>
internal sealed record StackLayer(string Name, string? From, IReadOnlyList<StackOp> Ops)
{
    /// <summary>The generator's path of op <paramref name="index"/>: <c>l2.1</c> in a chain, <c>l2</c> for a single op.</summary>
    public string PathOf(int index) => Ops.Count == 1 ? Name : $"{Name}.{index.ToString(CultureInfo.InvariantCulture)}";

    public string Yaml
    {
        get
        {
            var ops = Ops.Count == 1 ? Ops[0].Yaml : $"[{string.Join(", ", Ops.Select(o => o.Yaml))}]";
            return From is null ? ops : $"{{from: {From}, ops: {ops}}}";
        }
    }
}

/// <summary>A model of one input <c>image: [N, Channels, H, W]</c> whose output is its last layer.</summary>
internal sealed record LayerStack(string Name, int Channels, IReadOnlyList<StackLayer> Layers)
{
    public const string Namespace = "Props";

    public const string Input = "image";

    public string FileName => Name + ".seg.yaml";

    public string TypeName => $"{Namespace}.{Name}";

    /// <summary>
    /// A period of the stack's sizes: for X and X + Period·t every op's output size differs by a fixed
    /// amount per residue class, so each size condition is affine in t (a multiple of the engine's modulus).
    /// </summary>
    public long Period => Layers.SelectMany(l => l.Ops).Aggregate(1L, (period, op) => period * op.Divisor);

    public string Yaml
    {
        get
        {
            var yaml = new StringBuilder()
                .Append("model: ").AppendLine(Name)
                .Append("namespace: ").AppendLine(Namespace)
                .AppendLine("inputs:")
                .Append("  ").Append(Input).Append(": [N, ").Append(Channels).AppendLine(", H, W]")
                .AppendLine("layers:");
            foreach (var layer in Layers) yaml.Append("  ").Append(layer.Name).Append(": ").AppendLine(layer.Yaml);
            return yaml.ToString();
        }
    }
}
