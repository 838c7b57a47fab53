using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Shapes;

/// <summary>
/// Infers every op's [N, C, H, W] symbolically, checks channels exactly (affine in hyperparameters),
/// collects the spatial conditions the graph needs, and derives each input's contract from them.
/// It sees only the bound graph, never syntax.
/// </summary>
public sealed class ShapeEngine
{
    private readonly BoundModel model;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly List<Constraint> constraints = [];
    private readonly OpShape?[] shapes;
    // Each layer's last op, which the layer's name stands for (Describe); found once, not by a scan per add or crop.
    private readonly Dictionary<string, int> lastOfNode = [];

    private ShapeEngine(BoundModel model, List<DiagnosticInfo> diagnostics)
    {
        this.model = model;
        this.diagnostics = diagnostics;
        shapes = new OpShape?[model.Ops.Count];
        foreach (var op in model.Ops) lastOfNode[op.Node] = op.Id;
    }

    /// <summary>Shapes and contracts, or null when a shape error leaves nothing sound to emit.</summary>
    public static ShapeResult? Analyze(BoundModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellation = default)
    {
        var engine = new ShapeEngine(model, diagnostics);
        BoundOp? current = null;
        try
        {
            var before = diagnostics.Count;
            foreach (var op in model.Ops)
            {
                cancellation.ThrowIfCancellationRequested();
                current = op;
                engine.shapes[op.Id] = engine.Infer(op);
                if (engine.shapes[op.Id] is null) return null;
            }
            current = null;
            engine.CheckOutputs();
            var contracts = engine.SolveContracts();
            var failed = diagnostics.Skip(before).Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            return failed ? null : new ShapeResult(engine.shapes.Select(s => s!).ToEquatableArray(), contracts.ToEquatableArray());
        }
        catch (System.OverflowException)
        {
            // Strides, scales or paddings that compound past 64 bits: an analysis limit to report, like a too long period.
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InternalError, current?.Location ?? model.Location,
                $"{(current is null ? "the size conditions" : $"the sizes after '{current.Path}'")} outgrow 64-bit integers, more than SegGen analyses"));
            return null;
        }
    }

    private OpShape Shape(int id) => shapes[id]!;

    // ---- per-op inference -----------------------------------------------------------------------

    private OpShape? Infer(BoundOp op)
    {
        if (op.Kind == OpKind.Input)
        {
            var input = model.Inputs.First(i => i.OpId == op.Id);
            return new OpShape(op.Id, input.Batch, input.Channels, SpatialExpr.Size(input.Height.Symbol), SpatialExpr.Size(input.Width.Symbol));
        }
        var x = Shape(op.Inputs[0]);
        switch (op.Kind)
        {
            case OpKind.Conv:
            {
                var (k, s, p, d, g) = (op.Int("k"), op.Int("stride"), op.Int("pad"), op.Int("dilation"), op.Int("groups"));
                if (!CheckGroups(op, x.Channels, op.Arg("out").Channels!, g)) return null;
                return Positive(op, x with
                {
                    OpId = op.Id,
                    Channels = op.Arg("out").Channels!,
                    Height = SpatialExpr.Pool(x.Height, k, s, p, d, ceil: false),
                    Width = SpatialExpr.Pool(x.Width, k, s, p, d, ceil: false),
                });
            }
            case OpKind.Deconv:
            {
                var (k, s, p, o, d, g) = (op.Int("k"), op.Int("stride"), op.Int("pad"), op.Int("output_pad"), op.Int("dilation"), op.Int("groups"));
                if (!CheckGroups(op, x.Channels, op.Arg("out").Channels!, g)) return null;
                if (o >= System.Math.Max(s, d))
                {
                    return Invalid(op, op.Arg("output_pad").Location, $"'{op.Path}': output_pad ({o}) must be smaller than stride ({s}) or dilation ({d})");
                }
                var grow = -s - 2 * p + d * (k - 1) + o + 1;
                return Positive(op, x with
                {
                    OpId = op.Id,
                    Channels = op.Arg("out").Channels!,
                    Height = SpatialExpr.Linear(x.Height, s, grow),
                    Width = SpatialExpr.Linear(x.Width, s, grow),
                });
            }
            case OpKind.MaxPool or OpKind.AvgPool:
            {
                var k = op.Int("k");
                var s = op.Arg("stride").Given ? op.Int("stride") : k;
                var p = op.Int("pad");
                var d = op.Kind == OpKind.MaxPool ? op.Int("dilation") : 1;
                if (2 * p > k)
                {
                    return Invalid(op, op.Arg("pad").Location, $"'{op.Path}': pad ({p}) must be at most half the kernel size ({k}), as PyTorch requires");
                }
                var ceil = op.Flag("ceil");
                return Positive(op, x with
                {
                    OpId = op.Id,
                    Height = SpatialExpr.Pool(x.Height, k, s, p, d, ceil),
                    Width = SpatialExpr.Pool(x.Width, k, s, p, d, ceil),
                });
            }
            case OpKind.Gap:
                return x with { OpId = op.Id, Height = SpatialExpr.Const(1), Width = SpatialExpr.Const(1) };
            case OpKind.Unpool:
                return Unpool(op, x);
            case OpKind.Upsample:
                return Upsample(op, x);
            case OpKind.Crop:
            {
                var like = Shape(op.Arg("like").Reference);
                var offset = op.Int("offset");
                var detail = $"crops to '{Describe(op.Arg("like").Reference)}' at offset {offset}";
                constraints.Add(new Constraint(ConstraintKind.AtLeast, x.Height, like.Height, offset, op.Id, op.Path, detail, op.Location));
                constraints.Add(new Constraint(ConstraintKind.AtLeast, x.Width, like.Width, offset, op.Id, op.Path, detail, op.Location));
                return x with { OpId = op.Id, Height = like.Height, Width = like.Width };
            }
            case OpKind.Add or OpKind.Concat:
                return Combine(op, x);
            case OpKind.BlockInput:
                return BlockInput(op, x);
            default:
                // batchnorm, relu, dropout, scale, softmax keep the shape.
                return x with { OpId = op.Id };
        }
    }

    private OpShape? Unpool(BoundOp op, OpShape x)
    {
        var pool = model.Op(op.Arg("pool").Reference);
        var pooled = Shape(pool.Id);
        var before = Shape(pool.Inputs[0]);
        var (input, poolName) = (Describe(op.Inputs[0]), Describe(pool.Id));
        if (!Equal(x.Channels, pooled.Channels))
        {
            return Invalid(op, op.Location,
                $"'{op.Path}' unpools '{input}' {x.Text} with the indices of '{poolName}' {pooled.Text}, whose channels differ ({x.Channels.Text} vs {pooled.Channels.Text}); " +
                $"map '{input}' to {pooled.Channels.Text} channels first, e.g. with conv({pooled.Channels.Text}, 1)",
                DiagnosticCatalog.PoolPairing);
        }
        var detail = $"unpools '{input}' with the indices of '{poolName}'";
        constraints.Add(new Constraint(ConstraintKind.Equal, x.Height, pooled.Height, 0, op.Id, op.Path, detail, op.Location));
        constraints.Add(new Constraint(ConstraintKind.Equal, x.Width, pooled.Width, 0, op.Id, op.Path, detail, op.Location));
        return x with { OpId = op.Id, Height = before.Height, Width = before.Width };
    }

    private OpShape? Upsample(BoundOp op, OpShape x)
    {
        var like = op.Arg("like");
        if (like.Given)
        {
            var target = Shape(like.Reference);
            return x with { OpId = op.Id, Height = target.Height, Width = target.Width };
        }
        var scale = op.Arg("scale");
        if (model.Hyperparameters.Any(h => h.Name == scale.CSharp))
        {
            // The analysis would hold only for the default; a model built with another value would break its contract.
            return Invalid(op, scale.Location, $"'{op.Path}': scale shapes H and W, so it must be a number, not hyperparameter '{scale.CSharp}'");
        }
        if (BinaryFraction(scale.Number) is not { } fraction)
        {
            return Invalid(op, scale.Location,
                $"'{op.Path}': scale={scale.CSharp} is not a binary fraction k/2^n (|k| < 2^31, n ≤ {MaxScaleBits}) such as 2, 0.5 or 0.75: libtorch computes " +
                $"⌊H·scale⌋ in floating point, which is exact only for such scales{RoundingExample(scale.CSharp, scale.Number)}; use one, or upsample(like=…)");
        }
        return Positive(op, x with
        {
            OpId = op.Id,
            Height = SpatialExpr.FloorDiv(SpatialExpr.Linear(x.Height, fraction.Numerator, 0), fraction.Denominator),
            Width = SpatialExpr.FloorDiv(SpatialExpr.Linear(x.Width, fraction.Numerator, 0), fraction.Denominator),
        });
    }

    /// <summary>A used model's input: what the use site gives must have the channels the model declares (unless inferred).</summary>
    private OpShape? BlockInput(BoundOp op, OpShape x)
    {
        var declared = op.Args[0].Channels;
        if (declared is not null && !Equal(declared, x.Channels))
        {
            return Invalid(op, op.Location,
                $"'{op.Path}' ({op.Text}) takes {declared.Text} channels but '{Describe(op.Inputs[0])}' gives {x.Text}{EqualWhen(declared, x.Channels)}; " +
                $"map it to {declared.Text} channels first, e.g. with conv({declared.Text}, 1)", DiagnosticCatalog.ChannelMismatch);
        }
        return x with { OpId = op.Id };
    }

    private OpShape? Combine(BoundOp op, OpShape x)
    {
        var channels = x.Channels;
        var first = Describe(op.Inputs[0]);
        foreach (var other in op.Inputs.Skip(1).Select(Shape))
        {
            var otherName = Describe(other.OpId);
            if (op.Kind == OpKind.Add && !Equal(x.Channels, other.Channels))
            {
                return Invalid(op, op.Location,
                    $"'{op.Path}' adds '{first}' {x.Text} and '{otherName}' {other.Text}, whose channels differ ({x.Channels.Text} vs {other.Channels.Text}" +
                    $"{EqualWhen(x.Channels, other.Channels)}); map '{otherName}' to {x.Channels.Text} channels first, e.g. with conv({x.Channels.Text}, 1)",
                    DiagnosticCatalog.ChannelMismatch);
            }
            channels = channels.Plus(other.Channels);
            var detail = $"{(op.Kind == OpKind.Add ? "adds" : "concatenates")} '{first}' and '{otherName}'";
            constraints.Add(new Constraint(ConstraintKind.Equal, x.Height, other.Height, 0, op.Id, op.Path, detail, op.Location, (first, otherName)));
            constraints.Add(new Constraint(ConstraintKind.Equal, x.Width, other.Width, 0, op.Id, op.Path, detail, op.Location, (first, otherName)));
        }
        return x with { OpId = op.Id, Channels = op.Kind == OpKind.Concat ? channels : x.Channels };
    }

    /// <summary>How a user refers to an op's output: its layer's name when it ends the layer, else its path (<c>enc.1</c>).</summary>
    private string Describe(int opId)
    {
        var op = model.Op(opId);
        return lastOfNode[op.Node] == opId ? op.Node : op.Path;
    }

    private bool CheckGroups(BoundOp op, ChannelExpr input, ChannelExpr output, long groups)
    {
        if (groups == 1) return true;
        foreach (var (channels, what) in new[] { (input, "input"), (output, "output") })
        {
            if (channels.IsConstant && channels.Constant % groups != 0)
            {
                Invalid(op, op.Arg("groups").Location, $"'{op.Path}': {what} channels ({channels.Text}) are not divisible by groups ({groups})", DiagnosticCatalog.ChannelMismatch);
                return false;
            }
        }
        return true;
    }

    private OpShape Positive(BoundOp op, OpShape shape)
    {
        constraints.Add(new Constraint(ConstraintKind.Positive, shape.Height, SpatialExpr.Const(0), 0, op.Id, op.Path, "", op.Location));
        constraints.Add(new Constraint(ConstraintKind.Positive, shape.Width, SpatialExpr.Const(0), 0, op.Id, op.Path, "", op.Location));
        return shape;
    }

    private OpShape? Invalid(BoundOp op, SourceLocation location, string message, Microsoft.CodeAnalysis.DiagnosticDescriptor? descriptor = null)
    {
        diagnostics.Add(DiagnosticCatalog.Create(descriptor ?? DiagnosticCatalog.InvalidArgument, location, message));
        return null;
    }

    // ---- outputs and contracts -----------------------------------------------------------------

    private void CheckOutputs()
    {
        foreach (var output in model.Outputs.Where(o => o.Shape.Count == 4))
        {
            var actual = Shape(output.OpId);
            var channels = ExpectedChannels(output.Shape[1]);
            if (channels is not null && !Equal(channels, actual.Channels))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ChannelMismatch, output.Shape[1].Location,
                    $"output '{output.Name}' is declared with {channels.Text} channels but '{model.Op(output.OpId).Path}' gives {actual.Channels.Text}{EqualWhen(channels, actual.Channels)}"));
            }
            foreach (var (declared, produced) in new[] { (output.Shape[2], actual.Height), (output.Shape[3], actual.Width) })
            {
                var expected = declared switch
                {
                    NameExpr name => SpatialExpr.Size(name.Name),
                    IntExpr size => SpatialExpr.Const(size.Value),
                    _ => null,
                };
                if (expected is null)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidDeclaration, declared.Location, $"an output size is an input size symbol (H) or an integer, got '{declared.Text}'"));
                    continue;
                }
                constraints.Add(new Constraint(ConstraintKind.Equal, produced, expected, 0, output.OpId, $"output {output.Name}",
                    $"declares size {expected.Text} for what '{model.Op(output.OpId).Node}' gives", declared.Location));
            }
        }
    }

    private ChannelExpr? ExpectedChannels(Expr expr) => expr switch
    {
        IntExpr i => ChannelExpr.Of(i.Value),
        NameExpr n when model.Hyperparameters.Any(h => h.Name == n.Name) => ChannelExpr.Hyperparameter(n.Name),
        _ => null,
    };

    private List<InputContract> SolveContracts()
    {
        var symbols = model.Inputs.SelectMany(i => new[] { i.Height, i.Width }).GroupBy(d => d.Symbol).ToList();
        // Sizes that do not depend on the input (after gap) are either always fine or always broken;
        // height and width usually break together, so each op is reported once.
        foreach (var constant in constraints.Where(c => c.Symbol is null && !c.HoldsAt(0)).GroupBy(c => (c.OpId, c.Kind, c.What)).Select(g => g.First()))
        {
            diagnostics.Add(constant.Kind == ConstraintKind.Positive
                ? DiagnosticCatalog.Create(DiagnosticCatalog.EmptyDimension, constant.Location,
                    $"'{constant.What}' {model.Op(constant.OpId).Text} turns {Shape(model.Op(constant.OpId).Inputs[0]).Text} into {Shape(constant.OpId).Text} whatever the input size, " +
                    "but sizes must be at least 1; use a smaller kernel or more padding")
                : DiagnosticCatalog.Create(DiagnosticCatalog.SpatialMismatch, constant.Location,
                    $"'{constant.What}' {constant.Detail}: sizes {constant.Left.Text} and {constant.Right.Text}{(constant.Kind == ConstraintKind.AtLeast ? $" (offset {constant.Offset})" : "")} " +
                    "do not fit, whatever the input size"));
        }
        var contracts = symbols.ToDictionary(g => g.Key, g =>
            new ContractSolver(model.Name, g.Key, constraints.Where(c => c.Symbol == g.Key).ToList(), g.ToList(), diagnostics).Solve());
        return model.Inputs.Select(i => new InputContract(i.Name, i.Channels, contracts[i.Height.Symbol], contracts[i.Width.Symbol])).ToList();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static bool Equal(ChannelExpr a, ChannelExpr b) => a == b;

    /// <summary>"; equal only when classes = 21" for a single-hyperparameter difference.</summary>
    private static string EqualWhen(ChannelExpr a, ChannelExpr b)
    {
        var difference = a.Plus(b.Negate());
        if (difference.Terms.Count != 1 || difference.Constant % difference.Terms[0].Coefficient != 0) return "";
        var value = -difference.Constant / difference.Terms[0].Coefficient;
        return value > 0 ? $"; equal only when {difference.Terms[0].Name} = {value.ToString(CultureInfo.InvariantCulture)}" : "";
    }

    private const int MaxScaleBits = 16;

    /// <summary>
    /// A scale as the fraction k/2^n its double is exactly, when n ≤ <see cref="MaxScaleBits"/> and |k| &lt; 2^31.
    /// Then libtorch's floating-point H·scale is exact for every practical H, so ⌊H·k/2^n⌋ is its size.
    /// </summary>
    private static (long Numerator, long Denominator)? BinaryFraction(double value)
    {
        for (var bits = 0; bits <= MaxScaleBits; bits++)
        {
            var numerator = value * (1L << bits); // exact: a power of two only shifts the exponent
            if (System.Math.Abs(numerator) >= int.MaxValue) return null;
            if (numerator == System.Math.Floor(numerator)) return ((long)numerator, 1L << bits);
        }
        return null;
    }

    /// <summary>" (at H = 90 libtorch gives 62, not 63)": where libtorch's size differs from the written decimal's, if below 2^16.</summary>
    private static string RoundingExample(string text, double value)
    {
        if (value <= 0 || value >= int.MaxValue || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)) return "";
        for (long h = 1; h <= 1 << 16; h++)
        {
            var (libtorch, written) = ((long)(h * value), (long)decimal.Floor(h * exact));
            if (libtorch != written) return $" (at H = {h} libtorch gives {libtorch}, not {written})";
        }
        return "";
    }
}
