using System;
using System.Collections.Generic;

namespace SegGen.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost open scope, and disposes
/// those still alive when it is disposed. Use one per loop iteration; move results out with
/// <see cref="MoveToOuter{T}(T)"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly HashSet<torch.Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    private readonly DisposeScope? outer;
    private bool disposed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    internal static DisposeScope? Current => current;

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => tensors.Count;

    /// <summary>Hands <paramref name="tensor"/> to the enclosing scope (or to no scope): it survives this one.</summary>
    public T MoveToOuter<T>(T tensor) where T : torch.Tensor
    {
        Detach(tensor);
        outer?.Attach(tensor);
        return tensor;
    }

    /// <summary>Removes <paramref name="tensor"/> from every scope: its owner must dispose it.</summary>
    public T Detach<T>(T tensor) where T : torch.Tensor
    {
        if (tensors.Remove(tensor)) tensor.OwningScope = null;
        return tensor;
    }

    /// <summary>Makes this scope dispose <paramref name="tensor"/>, taking it from the scope that held it.</summary>
    public T Attach<T>(T tensor) where T : torch.Tensor
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        tensor.OwningScope?.Detach(tensor);
        tensors.Add(tensor);
        tensor.OwningScope = this;
        return tensor;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var tensor in tensors)
        {
            tensor.OwningScope = null;
            tensor.Dispose();
        }
        tensors.Clear();
        // Scopes normally close innermost first; one closed out of order only unlinks itself.
        if (current == this) current = outer;
    }

    internal static void Register(torch.Tensor tensor)
    {
        var scope = current;
        while (scope is { disposed: true }) scope = scope.outer;
        scope?.Attach(tensor);
    }

    internal void Forget(torch.Tensor tensor) => tensors.Remove(tensor);
}

public static partial class torch
{
    /// <summary>Opens a <see cref="DisposeScope"/> on this thread; dispose it with <c>using</c>.</summary>
    public static DisposeScope NewDisposeScope() => new();
}
