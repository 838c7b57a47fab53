using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

public sealed class ReLU : nn.Module<Tensor, Tensor>
{
    internal ReLU(bool inplace) : base(nameof(ReLU)) => this.inplace = inplace;

    public bool inplace { get; }

    public override Tensor forward(Tensor input) => nn.functional.relu(input, inplace);
}

/// <summary>Returns its input (as a new handle, so the caller may dispose either).</summary>
public sealed class Identity : nn.Module<Tensor, Tensor>
{
    internal Identity() : base(nameof(Identity)) { }

    public override Tensor forward(Tensor input) => input.alias();
}

/// <summary>Zeroes elements (or whole channels, <see cref="Dropout2d"/>) in training or while sampling dropout (<see cref="torch.nn.Module.sample_dropout"/>); otherwise the identity.</summary>
public class Dropout : nn.Module<Tensor, Tensor>
{
    private readonly bool channels;

    internal Dropout(double p, bool inplace) : this(nameof(Dropout), p, inplace, channels: false) { }

    private protected Dropout(string name, double p, bool inplace, bool channels) : base(name)
    {
        if (p is < 0 or > 1) throw new System.ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1");
        (this.p, this.inplace, this.channels) = (p, inplace, channels);
    }

    public double p { get; }

    public bool inplace { get; }

    public override Tensor forward(Tensor input) => channels
        ? nn.functional.dropout2d(input, p, dropout_active, inplace)
        : nn.functional.dropout(input, p, dropout_active, inplace);
}

public sealed class Dropout2d : Dropout
{
    internal Dropout2d(double p, bool inplace) : base(nameof(Dropout2d), p, inplace, channels: true) { }
}
