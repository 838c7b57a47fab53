using System;
using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// An optimizer's buffers for one parameter (PyTorch's <c>optimizer.state[p]</c>), by name. The
/// optimizer owns them: they are taken out of every dispose scope and disposed with the optimizer.
/// </summary>
internal sealed class ParameterState : IDisposable
{
    private readonly Dictionary<string, Tensor> tensors = new(StringComparer.Ordinal);

    public bool IsEmpty => tensors.Count == 0;

    public IEnumerable<KeyValuePair<string, Tensor>> Entries => tensors;

    public Tensor this[string name] =>
        tensors.TryGetValue(name, out var tensor) ? tensor : throw new InvalidOperationException($"optimizer state has no '{name}' buffer");

    public bool TryGet(string name, out Tensor tensor) => tensors.TryGetValue(name, out tensor!);

    /// <summary>Stores <paramref name="tensor"/> under <paramref name="name"/>, taking ownership of it.</summary>
    public Tensor Add(string name, Tensor tensor)
    {
        tensors.Add(name, tensor.DetachFromDisposeScope());
        return tensor;
    }

    public void Dispose()
    {
        foreach (var tensor in tensors.Values) tensor.Dispose();
        tensors.Clear();
    }
}
