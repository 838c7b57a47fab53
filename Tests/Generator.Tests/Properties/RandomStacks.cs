using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SegGen.Generator.Tests.Properties;

/// <summary>
/// Random layer stacks, reproducible from (seed, index). Skips prefer earlier layers at the same scale,
/// so many stacks work only for some residues of the input size; the others mostly never work.
/// Channels are kept consistent (a 1×1 conv adapts them before add and unpool), so what the engine
/// and libtorch disagree about can only be spatial. A few ops break PyTorch's argument rules on purpose.
/// </summary>
internal sealed class RandomStacks
{
    /// <summary>Sizes shrink to at most 1/8 and grow to at most 4× the input, so small inputs stay interesting.</summary>
    private const double MinSlope = 1.0 / 8, MaxSlope = 4;

    /// <summary>Bounds the stack's period (product of strides), keeping contracts checkable at small sizes.</summary>
    private const long MaxPeriod = 64;

    /// <summary>How often an op breaks one of PyTorch's argument rules.</summary>
    private const double RuleBreaking = 0.03;

    /// <summary>Concatenation adds channels up; tensors stay tiny.</summary>
    private const int MaxChannels = 8;

    private static readonly (string Text, double Value, long Denominator)[] Scales = [("2", 2, 1), ("0.5", 0.5, 2), ("1.5", 1.5, 2), ("0.75", 0.75, 4)];

    private readonly Random random;
    private readonly List<StackLayer> layers = [];
    private readonly Dictionary<string, Tap> taps = [];
    private readonly List<StackOp> ops = [];
    private long period = 1;
    private int channels;
    private double slope;
    private Pool? layerPool;

    /// <summary>What later ops see of an earlier layer: channels, size relative to the input, and its last indices pool.</summary>
    private sealed record Tap(string Name, int Channels, double Slope, Pool? Pool);

    private sealed record Pool(int Channels, double InputSlope);

    private RandomStacks(Random random) => this.random = random;

    public static LayerStack Create(int seed, int index) =>
        new RandomStacks(new Random(unchecked(seed * 31 + index))).Build($"Stack{index.ToString("D4", CultureInfo.InvariantCulture)}");

    private LayerStack Build(string name)
    {
        var inputChannels = random.Next(1, 4);
        taps[LayerStack.Input] = new Tap(LayerStack.Input, inputChannels, 1, null);
        (channels, slope) = (inputChannels, 1);
        if (Chance(0.4)) EncoderDecoder();
        for (var n = layers.Count == 0 ? random.Next(2, 7) : random.Next(0, 3); n > 0; n--) RandomLayer();
        return new LayerStack(name, inputChannels, layers);
    }

    /// <summary>A layer of 1–3 random ops, now and then branching off an earlier layer.</summary>
    private void RandomLayer()
    {
        string? from = null;
        if (layers.Count > 0 && Chance(0.25))
        {
            var branch = Any();
            (from, channels, slope) = (branch.Name, branch.Channels, branch.Slope);
        }
        Layer(from, () =>
        {
            for (var n = random.Next(1, 4); n > 0; n--) AddRandomOp();
        });
    }

    /// <summary>
    /// A U-Net/SegNet: per level a conv (the skip) and a downsampling layer, then per level an upsampling
    /// layer joined to its skip. Whether the sizes meet again depends on the input size's residue.
    /// </summary>
    private void EncoderDecoder()
    {
        var levels = new Stack<(Tap Skip, Tap Down, int Stride)>();
        for (var level = random.Next(1, 3); level > 0; level--)
        {
            var skip = Layer(null, () => Conv(same: true));
            var stride = Downsampling(Chance(0.2) ? 3 : 2);
            levels.Push((skip, Layer(null, () => Down(stride)), stride));
        }
        while (levels.Count > 0)
        {
            var (skip, down, stride) = levels.Pop();
            Layer(null, () =>
            {
                Up(down, stride);
                if (Chance(0.7)) Add(skip);
                else Concat(skip);
            });
        }
    }

    private Tap Layer(string? from, Action addOps)
    {
        var name = $"l{layers.Count.ToString(CultureInfo.InvariantCulture)}";
        ops.Clear();
        layerPool = null;
        addOps();
        layers.Add(new StackLayer(name, from, ops.ToList()));
        return taps[name] = new Tap(name, channels, slope, layerPool);
    }

    private void AddRandomOp()
    {
        var choices = new List<(int Weight, Action Add)>
        {
            (18, Conv), (8, Deconv), (14, MaxPool), (8, AvgPool), (10, Upsample), (6, Crop), (12, Add), (6, Concat),
            (2, () => Plain("gap", 0)), (4, () => Plain(random.Next(2) == 0 ? "relu" : "batchnorm", slope)),
        };
        if (taps.Values.Any(t => t.Pool is not null)) choices.Add((10, Unpool));
        var ticket = random.Next(choices.Sum(c => c.Weight));
        foreach (var (weight, add) in choices)
        {
            if ((ticket -= weight) < 0)
            {
                add();
                return;
            }
        }
    }

    // ---- ops -----------------------------------------------------------------------------------

    private void Conv() => Conv(same: false);

    /// <param name="same">A conv that keeps the size (stride 1, odd kernel, half its span as padding).</param>
    private void Conv(bool same)
    {
        var stride = same ? 1 : Downsampling(random.Next(4) switch { 2 => 2, 3 => 3, _ => 1 });
        var dilation = Chance(0.1) ? 2 : 1;
        // Mostly a "same" conv, which keeps skips aligned.
        var kernel = same || Chance(0.75) ? 2 * random.Next(0, 3) + 1 : random.Next(1, 6);
        var pad = kernel % 2 == 1 && (same || Chance(0.75)) ? dilation * (kernel - 1) / 2 : random.Next(0, kernel + 1);
        var op = new ConvOp(random.Next(1, 5), kernel, stride, pad, dilation);
        ops.Add(op);
        channels = op.Out;
        slope /= stride;
    }

    /// <summary>The usual ways to halve (or divide by 3): pools with and without ceil mode, strided convs.</summary>
    private void Down(int stride)
    {
        var ceil = Chance(0.3);
        var indices = Chance(0.5);
        StackOp op = random.Next(5) switch
        {
            0 => new MaxPoolOp(stride, null, 0, 1, ceil, indices),
            1 => new MaxPoolOp(stride + 1, stride, 1, 1, ceil, indices),
            2 => new AvgPoolOp(stride, null, 0, ceil, true),
            3 => new ConvOp(random.Next(1, 5), 3, stride, 1, 1),
            _ => new ConvOp(random.Next(1, 5), stride, stride, 0, 1),
        };
        ops.Add(op);
        if (op is MaxPoolOp { Indices: true }) layerPool = new Pool(channels, slope);
        if (op is ConvOp conv) channels = conv.Out;
        slope /= stride;
    }

    /// <summary>Undoes <paramref name="down"/>: by its pool's indices, a transposed conv, or interpolation.</summary>
    private void Up(Tap down, int stride)
    {
        if (down.Pool is not null && Chance(0.5))
        {
            AdaptChannels(down.Pool.Channels);
            ops.Add(new UnpoolOp(down.Name));
            slope = down.Pool.InputSlope;
            return;
        }
        StackOp op = random.Next(3) switch
        {
            0 => new DeconvOp(random.Next(1, 5), stride, stride, 0, 0, 1),
            1 => new DeconvOp(random.Next(1, 5), 2 * stride, stride, stride / 2, 0, 1),
            _ => new UpsampleOp(stride.ToString(CultureInfo.InvariantCulture), null, Chance(0.3)),
        };
        ops.Add(op);
        if (op is DeconvOp deconv) channels = deconv.Out;
        slope *= stride;
    }

    private void Deconv()
    {
        var (kernel, stride, pad) = random.Next(5) switch
        {
            // The usual ×2 upsamplers, and a size-keeping one.
            0 => (2, 2, 0),
            1 => (4, 2, 1),
            2 => (3, 1, 1),
            _ => (random.Next(1, 5), random.Next(1, 4), random.Next(0, 3)),
        };
        if (slope * stride > MaxSlope) stride = 1;
        var dilation = Chance(0.1) ? 2 : 1;
        // PyTorch needs output_pad < max(stride, dilation); now and then the stack breaks that rule.
        var limit = Math.Max(stride, dilation);
        var outputPad = Chance(RuleBreaking) ? limit : random.Next(0, limit);
        var op = new DeconvOp(random.Next(1, 5), kernel, stride, pad, outputPad, dilation);
        ops.Add(op);
        channels = op.Out;
        slope *= stride;
    }

    private void MaxPool()
    {
        var (kernel, stride, pad) = PoolWindow();
        var indices = Chance(0.4);
        ops.Add(new MaxPoolOp(kernel, stride, pad, Chance(0.15) ? 2 : 1, Chance(0.4), indices));
        var inputSlope = slope;
        slope /= stride ?? kernel;
        if (indices) layerPool = new Pool(channels, inputSlope);
    }

    private void AvgPool()
    {
        var (kernel, stride, pad) = PoolWindow();
        ops.Add(new AvgPoolOp(kernel, stride, pad, Chance(0.4), !Chance(0.2)));
        slope /= stride ?? kernel;
    }

    /// <summary>Mostly the usual halving windows (2 and 3/2/1), else random; stride null means the kernel size.</summary>
    private (int Kernel, int? Stride, int Pad) PoolWindow()
    {
        var (kernel, stride, pad) = random.Next(10) switch
        {
            < 4 => (2, (int?)null, 0),
            < 6 => (3, 2, 1),
            _ => (random.Next(1, 4), Chance(0.5) ? null : random.Next(1, 4), -1),
        };
        if (Downsampling(stride ?? kernel) != (stride ?? kernel)) stride = 1;
        // PyTorch needs pad <= kernel/2; now and then the stack breaks that rule.
        if (pad < 0) pad = Chance(RuleBreaking) ? kernel / 2 + 1 : random.Next(0, kernel / 2 + 1);
        return (kernel, stride, pad);
    }

    private void Unpool()
    {
        var pooled = taps.Values.Where(t => t.Pool is not null).ToList();
        var tap = pooled[random.Next(pooled.Count)];
        AdaptChannels(tap.Pool!.Channels);
        ops.Add(new UnpoolOp(tap.Name));
        slope = tap.Pool.InputSlope;
    }

    private void Upsample()
    {
        var nearest = Chance(0.3);
        if (Chance(0.4))
        {
            var like = Any();
            ops.Add(new UpsampleOp(null, like.Name, nearest));
            slope = like.Slope;
            return;
        }
        var fitting = Scales.Where(s => slope * s.Value <= MaxSlope && slope * s.Value >= MinSlope && period * s.Denominator <= MaxPeriod).ToList();
        if (fitting.Count == 0) return;
        var scale = fitting[random.Next(fitting.Count)];
        ops.Add(new UpsampleOp(scale.Text, null, nearest));
        period *= scale.Denominator;
        slope *= scale.Value;
    }

    private void Crop()
    {
        var like = SameScaleOrAny();
        ops.Add(new CropOp(like.Name, Chance(0.3) ? random.Next(1, 3) : 0));
        slope = like.Slope;
    }

    private void Add() => Add(SameScaleOrAny());

    private void Add(Tap other)
    {
        AlignMostly(other);
        AdaptChannels(other.Channels);
        ops.Add(new AddOp(other.Name));
    }

    private void Concat() => Concat(SameScaleOrAny());

    private void Concat(Tap other)
    {
        AlignMostly(other);
        if (channels + other.Channels > MaxChannels) AdaptChannels(1);
        ops.Add(new ConcatOp(other.Name));
        channels += other.Channels;
    }

    private void Plain(string name, double newSlope)
    {
        ops.Add(new PlainOp(name));
        slope = newSlope;
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>A 1×1 conv when the channels differ, so add and unpool meet the channels they need.</summary>
    private void AdaptChannels(int wanted)
    {
        if (channels == wanted) return;
        ops.Add(new ConvOp(wanted, 1, 1, 0, 1));
        channels = wanted;
    }

    /// <summary>Mostly resizes to a skip at another scale first, as PSPNet and DeepLab do before they combine.</summary>
    private void AlignMostly(Tap other)
    {
        if (Math.Abs(other.Slope - slope) < 1e-9 || Chance(0.4)) return;
        ops.Add(new UpsampleOp(null, other.Name, Chance(0.3)));
        slope = other.Slope;
    }

    /// <summary>The stride if it keeps the slope and period in bounds, else 1.</summary>
    private int Downsampling(int stride)
    {
        if (stride == 1 || slope / stride < MinSlope || period * stride > MaxPeriod) return 1;
        period *= stride;
        return stride;
    }

    /// <summary>Mostly an earlier layer at the current scale (a skip that can fit), else any.</summary>
    private Tap SameScaleOrAny()
    {
        var same = taps.Values.Where(t => Math.Abs(t.Slope - slope) < 1e-9).ToList();
        return same.Count > 0 && Chance(0.9) ? same[random.Next(same.Count)] : Any();
    }

    private Tap Any()
    {
        var all = taps.Values.ToList();
        return all[random.Next(all.Count)];
    }

    private bool Chance(double probability) => random.NextDouble() < probability;
}
