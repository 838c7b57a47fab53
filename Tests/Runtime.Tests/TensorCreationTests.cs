using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

[Collection(SeededRandomCollection.Name)]
public class TensorCreationTests
{
    private static Tensor Ref(string name) => PyTorchReference.Load("ops.py")[name];

    [Fact]
    public void SeededRandomDrawsEqualPyTorchsDraws()
    {
        manual_seed(42);
        using var scope = NewDisposeScope();
        TensorAssert.Equal(Ref("rand"), rand(3, 4), "rand");
        TensorAssert.Equal(Ref("randn"), randn(2, 5), "randn");
        TensorAssert.Equal(Ref("randint"), randint(3, 9, [4, 4]), "randint");
        TensorAssert.Equal(Ref("rand.f64"), rand([3], ScalarType.Float64), "rand float64");
    }

    [Fact]
    public void FactoriesInferDtypesAsPyTorchDoes()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal(Ref("arange.int"), arange(0, 10, 3));
        TensorAssert.Equal(Ref("arange.float"), arange(0.0, 1.0, 0.25));
        TensorAssert.Equal(Ref("full.int"), full([2, 2], 7));
        TensorAssert.Equal(Ref("full.float"), full([2, 2], 0.5));
        Assert.Equal(ScalarType.Float32, zeros(2, 3).dtype);
        Assert.Equal(ScalarType.Bool, full([1], true).dtype);
    }

    [Fact]
    public void ArraysRoundTripThroughTensorsWithTheirShape()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        using var t = tensor(data, [2, 3]);
        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal(data, t.ToArray<float>());
        Assert.Equal(6f, t[1, 2].item<float>());
        using var scalar = tensor(2.5);
        Assert.Empty(scalar.shape);
        Assert.Equal(2.5, scalar.item<double>());
    }

    [Fact]
    public void DataOfTheWrongSizeForTheShapeIsATorchException()
    {
        var error = Assert.Throws<TorchException>(() => tensor(new float[5], [2, 3]));
        Assert.Contains("20 bytes", error.Message);
    }
}
