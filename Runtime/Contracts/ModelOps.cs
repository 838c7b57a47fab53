using static SegGen.Torch.torch;

namespace SegGen.Contracts;

/// <summary>Small ops that generated code needs and libtorch has no single call for.</summary>
public static class ModelOps
{
    /// <summary>The window of <paramref name="input"/> of <paramref name="like"/>'s height and width starting <paramref name="offset"/> pixels in (FCN's crop).</summary>
    public static Tensor crop(Tensor input, Tensor like, long offset)
    {
        using var rows = input.narrow(2, offset, like.size(2));
        return rows.narrow(3, offset, like.size(3));
    }

    /// <summary>The element-wise sum of all operands.</summary>
    public static Tensor sum(Tensor first, params Tensor[] rest)
    {
        var total = first.add(rest[0]);
        for (var i = 1; i < rest.Length; i++) total.add_(rest[i]);
        return total;
    }
}
