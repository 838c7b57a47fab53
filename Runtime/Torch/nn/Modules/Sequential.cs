using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>Runs its children in order; children are named "0", "1", … unless given names, as in PyTorch.</summary>
public sealed class Sequential : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> layers = [];

    internal Sequential(IEnumerable<(string name, nn.Module<Tensor, Tensor> module)> modules) : base(nameof(Sequential))
    {
        foreach (var (name, module) in modules) layers.Add(register_module(name, module));
    }

    public int Count => layers.Count;

    public nn.Module<Tensor, Tensor> this[int index] => layers[index];

    /// <summary>Each intermediate result is disposed as soon as the next layer has consumed it.</summary>
    public override Tensor forward(Tensor input)
    {
        var x = input.alias();
        foreach (var layer in layers)
        {
            var next = layer.forward(x);
            if (!ReferenceEquals(next, x)) x.Dispose();
            x = next;
        }
        return x;
    }
}
