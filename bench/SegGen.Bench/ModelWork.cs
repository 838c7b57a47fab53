using System;
using System.IO;
using System.Linq;
using SegGen.Torch.Serialization;
using static SegGen.Torch.torch;

namespace SegGen.Bench;

/// <summary>
/// A model of the zoo (or of bench/SegGen.Bench/Models) by its worker name, with the hyperparameters both sides
/// use; <see cref="Forward"/> gives its outputs, the main one first (torchvision's 'out', then 'aux').
/// </summary>
internal sealed record ModelFactory(string Name, long Classes, long Width, Func<long, long, nn.Module> Create, Func<nn.Module, Tensor, Tensor[]> Forward)
{
    /// <summary>A model with one output.</summary>
    public static ModelFactory Of(string name, long classes, long width, Func<long, long, nn.Module<Tensor, Tensor>> create) =>
        new(name, classes, width, create, (net, x) => [((nn.Module<Tensor, Tensor>)net).forward(x)]);
}

/// <summary>
/// SegGen's side of the model rows. The model is built from seed 0 with random batch-norm statistics
/// (as the zoo's parity tests build it), and its weights and input are written to a safetensors file
/// from which the worker loads its PyTorch twin by the same state-dict names, so both sides time the
/// same weights on the same input.
/// </summary>
internal static class ModelWork
{
    // SGD as the papers train these nets; a small rate keeps a few dozen steps on random weights finite.
    private const double LearningRate = 1e-3;
    private const double Momentum = 0.9;

    // torchvision's segmentation training reference weighs an auxiliary output by half (bench/pytorch_worker.py too).
    private const double AuxWeight = 0.5;

    public static BenchCase Training(string name, ModelFactory factory, long[] shape, RatioTarget target)
    {
        var spec = new ModelSpec(factory.Name, factory.Classes, factory.Width, shape);
        return new(name, $"training step, {factory.Name}, {spec.ShapeText}", TimeUnit.Milliseconds,
            [Cases.Eager(name + ":train", target, "train")], () =>
            {
                var (net, x) = Build(factory, shape);
                var targets = randint(factory.Classes, [shape[0], shape[2], shape[3]]);
                var file = Write(net, ("input", x), ("target", targets));
                net.train();
                var sgd = optim.SGD(net.parameters().Where(p => p.requires_grad), LearningRate, Momentum);
                return new SegGenWork(() =>
                {
                    using var scope = NewDisposeScope();
                    sgd.zero_grad();
                    factory.Forward(net, x).Select((logits, i) => (i == 0 ? 1.0 : AuxWeight) * nn.functional.cross_entropy(logits, targets))
                        .Aggregate((sum, term) => sum + term).backward();
                    sgd.step();
                }, sgd, targets, x, net)
                {
                    ReferenceFile = file,
                    EvalOutput = () => EvalForward(factory, net, x),
                };
            }, spec, WarmUpSteps: 2);  // the second step is the first a training loop repeats (see CaseRunner)
    }

    /// <summary>An eval-mode, no-grad forward against PyTorch eager and, when <paramref name="againstScript"/> is set, TorchScript.</summary>
    public static BenchCase Inference(string name, ModelFactory factory, long[] shape, RatioTarget againstEager, RatioTarget? againstScript)
    {
        var spec = new ModelSpec(factory.Name, factory.Classes, factory.Width, shape);
        Opponent[] opponents = againstScript is null
            ? [Cases.Eager(name + ":eager", againstEager, "eager")]
            : [Cases.Eager(name + ":eager", againstEager, "eager"), new("TorchScript", name + ":script", againstScript, "script")];
        return new(name, $"inference, {factory.Name}, {spec.ShapeText}", TimeUnit.Milliseconds, opponents, () =>
        {
            var (net, x) = Build(factory, shape);
            var file = Write(net, ("input", x));
            // The prepared forward (folded batch norm, packed convolutions with fused sums and ReLUs, docs/inference.md);
            // the row only infers, so the weights the packed ones replace are freed (the file above was written before).
            net.optimize_for_inference(release_weights: true);
            var inference = no_grad();
            return new SegGenWork(() =>
            {
                foreach (var output in factory.Forward(net, x)) output.Dispose();
            }, inference, x, net)
            {
                ReferenceFile = file,
                EvalOutput = () => MainOutput(factory, net, x),
            };
        }, spec);
    }

    private static (nn.Module Net, Tensor Input) Build(ModelFactory factory, long[] shape)
    {
        manual_seed(0);
        var net = factory.Create(factory.Classes, factory.Width);
        using (no_grad())
        {
            foreach (var (name, buffer) in net.named_buffers())
            {
                // Fresh statistics (mean 0, variance 1) would make eval-mode batch norm nearly the identity.
                if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.copy_(randn_like(buffer) * 0.1);
                else if (name.EndsWith("running_var", StringComparison.Ordinal)) buffer.copy_(rand_like(buffer) + 0.5);
            }
        }
        return (net, randn(shape));
    }

    /// <summary>Writes the state dict (as param.NAME) and the extra tensors to a new temporary file; returns its path.</summary>
    private static string Write(nn.Module net, params (string Name, Tensor Tensor)[] extra)
    {
        var path = Path.Combine(Path.GetTempPath(), $"seggen-bench-{Guid.NewGuid():N}.safetensors");
        var state = net.state_dict();
        Safetensors.Save(path, state.Select(p => new System.Collections.Generic.KeyValuePair<string, Tensor>("param." + p.Key, p.Value))
            .Concat(extra.Select(e => new System.Collections.Generic.KeyValuePair<string, Tensor>(e.Name, e.Tensor))));
        return path;
    }

    private static Tensor EvalForward(ModelFactory factory, nn.Module net, Tensor x)
    {
        net.eval();
        using var inference = no_grad();
        var output = MainOutput(factory, net, x);
        net.train();
        return output;
    }

    /// <summary>The main output (what the worker compares); the others are freed.</summary>
    private static Tensor MainOutput(ModelFactory factory, nn.Module net, Tensor x)
    {
        var outputs = factory.Forward(net, x);
        foreach (var other in outputs.Skip(1)) other.Dispose();
        return outputs[0];
    }
}
