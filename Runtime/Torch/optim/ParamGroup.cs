using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// One entry of an optimizer's <c>param_groups</c>: parameters and the hyper-parameters they are
/// updated with (PyTorch's group dict). Options left unset when the group is made (object initializer,
/// e.g. <c>new SGD.ParamGroup(head.parameters()) { lr = 0.1 }</c>) take the optimizer's defaults when
/// it adds the group. Options are kept by their PyTorch name so that state export and import need no
/// per-optimizer code.
/// </summary>
public abstract class ParamGroup
{
    private readonly Dictionary<string, double> options = new(StringComparer.Ordinal);

    private protected ParamGroup(IEnumerable<nn.Parameter> parameters) => this.parameters = parameters.ToList();

    public IReadOnlyList<nn.Parameter> parameters { get; }

    public double lr { get => Get(); set => Set(value); }

    public double weight_decay { get => Get(); set => Set(value); }

    /// <summary>Step along the gradient instead of against it.</summary>
    public bool maximize { get => GetFlag(); set => SetFlag(value); }

    /// <summary>The lr a scheduler counts from, set by the first scheduler made on the optimizer (PyTorch's <c>initial_lr</c>).</summary>
    public double? initial_lr
    {
        get => options.TryGetValue(nameof(initial_lr), out var value) ? value : null;
        set
        {
            if (value is null) options.Remove(nameof(initial_lr));
            else options[nameof(initial_lr)] = value.Value;
        }
    }

    /// <summary>Every option that is set, by PyTorch name; flags are 1 or 0.</summary>
    public IReadOnlyDictionary<string, double> Options => options;

    private protected double Get([CallerMemberName] string name = "") =>
        options.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"option '{name}' is not set yet: a group takes its optimizer's default when the optimizer adds it");

    private protected void Set(double value, [CallerMemberName] string name = "") => options[name] = value;

    private protected bool GetFlag([CallerMemberName] string name = "") => Get(name) != 0;

    private protected void SetFlag(bool value, [CallerMemberName] string name = "") => Set(value ? 1 : 0, name);

    /// <summary>Sets an option by name, as a loaded state dict does.</summary>
    internal void SetOption(string name, double value) => options[name] = value;

    /// <summary>Gives every option this group does not set the value <paramref name="defaults"/> has.</summary>
    internal void FillFrom(ParamGroup defaults)
    {
        foreach (var (name, value) in defaults.options) options.TryAdd(name, value);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for an option out of range, with PyTorch's wording.</summary>
    internal virtual void Validate()
    {
        Require(lr >= 0, $"Invalid learning rate: {Format(lr)}", nameof(lr));
        Require(weight_decay >= 0, $"Invalid weight_decay value: {Format(weight_decay)}", nameof(weight_decay));
    }

    // Callers state what is valid (lr >= 0), so that NaN fails as well.
    private protected static void Require(bool valid, string message, string option)
    {
        if (!valid) throw new ArgumentException(message, option);
    }

    private protected static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
