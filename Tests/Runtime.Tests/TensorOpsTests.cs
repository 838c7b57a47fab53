using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

/// <summary>Shape ops, element-wise math, reductions and joins against PyTorch's values for the same inputs.</summary>
public class TensorOpsTests
{
    private static Tensor Ref(string name) => OpsReference.Get(name);

    [Fact]
    public void ShapeOpsGivePyTorchsViews()
    {
        using var scope = NewDisposeScope();
        var x = Ref("shape.x");
        TensorAssert.Equal(Ref("view"), x.view(6, 20), "view");
        TensorAssert.Equal(Ref("reshape"), x.permute(0, 2, 1, 3).reshape(8, 15), "reshape");
        TensorAssert.Equal(Ref("permute"), x.permute(0, 2, 3, 1).contiguous(), "permute");
        TensorAssert.Equal(Ref("narrow"), x.narrow(2, 1, 2), "narrow");
        TensorAssert.Equal(Ref("select"), x.select(1, 2), "select");
        TensorAssert.Equal(Ref("slice"), x.slice(3, 1, 5, 2), "slice");
        TensorAssert.Equal(Ref("index"), x[1, TensorIndex.Ellipsis, 2..], "index with ellipsis and range");
        TensorAssert.Equal(Ref("index.negative"), x[-1, .., -2], "negative index");
        TensorAssert.Equal(Ref("squeeze"), x[.., ..1].squeeze(1), "squeeze");
        TensorAssert.Equal(Ref("unsqueeze"), x.unsqueeze(-1), "unsqueeze");
        TensorAssert.Equal(Ref("expand"), x[.., ..1].expand(2, 3, 4, 5), "expand");
        TensorAssert.Equal(Ref("flip"), x.flip(2, 3), "flip");
        TensorAssert.Equal(Ref("transpose"), x.transpose(1, 3), "transpose");
        TensorAssert.Equal(Ref("flatten"), x.flatten(1), "flatten");
    }

    [Fact]
    public void ArithmeticFollowsPyTorchsValuesAndTypePromotion()
    {
        using var scope = NewDisposeScope();
        var (a, b, i) = (Ref("a"), Ref("b"), Ref("i"));
        TensorAssert.Close(Ref("add"), a + b);
        TensorAssert.Close(Ref("add.alpha"), a.add(b, -0.5));
        TensorAssert.Close(Ref("sub"), a - b);
        TensorAssert.Close(Ref("mul"), a * b);
        TensorAssert.Close(Ref("div"), a / b);
        TensorAssert.Close(Ref("pow"), a.abs().pow(1.5));
        TensorAssert.Close(Ref("add.scalar"), a + 2.5);
        TensorAssert.Equal(Ref("int.add.int"), i + 2, "int + int stays int64");
        TensorAssert.Close(Ref("int.add.float"), i + 0.5, what: "int + float promotes");
        TensorAssert.Close(Ref("int.div"), i / 2, what: "int / int is true division");
        TensorAssert.Close(Ref("rsub"), 1 - a);
        TensorAssert.Equal(Ref("maximum"), a.maximum(b));
        TensorAssert.Equal(Ref("minimum"), a.minimum(b));
        TensorAssert.Equal(Ref("remainder"), i.remainder(3));
        TensorAssert.Equal(Ref("neg"), -a);
        TensorAssert.Close(Ref("matmul"), Ref("m1").matmul(Ref("m2")));
    }

    [Fact]
    public void UnaryFunctionsMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var a = Ref("a");
        TensorAssert.Close(Ref("exp"), a.exp());
        TensorAssert.Close(Ref("log"), a.abs().log());
        TensorAssert.Close(Ref("sqrt"), a.abs().sqrt());
        TensorAssert.Close(Ref("sigmoid"), a.sigmoid());
        TensorAssert.Close(Ref("tanh"), a.tanh());
        TensorAssert.Equal(Ref("relu"), a.relu());
        TensorAssert.Equal(Ref("abs"), a.abs());
        TensorAssert.Equal(Ref("floor"), (a * 3).floor());
        TensorAssert.Equal(Ref("round"), (a * 3).round());
    }

    [Fact]
    public void InPlaceOpsUpdateTheTensorAndReturnIt()
    {
        using var scope = NewDisposeScope();
        var (a, b) = (Ref("a"), Ref("b"));
        var c = a.clone();
        var result = c.add_(b, 2).mul_(0.5).sub_(1).div_(b.abs() + 1);
        Assert.Same(c, result);
        TensorAssert.Close(Ref("inplace.chain"), c);
        var d = a.clone();
        d.addcmul_(a, b, 0.3).addcdiv_(a, b.abs() + 1, -0.2);
        TensorAssert.Close(Ref("inplace.addc"), d);
        var e = a.clone().relu_();
        TensorAssert.Equal(Ref("relu"), e);
    }

    [Fact]
    public void ComparisonsWhereAndClampMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var (a, b, i) = (Ref("a"), Ref("b"), Ref("i"));
        TensorAssert.Equal(Ref("eq"), i.eq(0));
        TensorAssert.Equal(Ref("ne"), i.ne(0));
        TensorAssert.Equal(Ref("lt"), a.lt(b));
        TensorAssert.Equal(Ref("le"), a.le(0));
        TensorAssert.Equal(Ref("gt"), a.gt(b));
        TensorAssert.Equal(Ref("ge"), a.ge(0));
        TensorAssert.Equal(Ref("where"), where(a.gt(0), a, b));
        TensorAssert.Equal(Ref("clamp"), a.clamp(-0.5, 0.5));
        TensorAssert.Equal(Ref("clamp.min"), a.clamp(min: 0));
        TensorAssert.Equal(Ref("clamp.int"), i.clamp(-2, 2), "clamp keeps int64");
    }

    [Fact]
    public void ReductionsMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var (a, x) = (Ref("a"), Ref("shape.x"));
        TensorAssert.Close(Ref("sum"), a.sum());
        TensorAssert.Close(Ref("sum.dim"), x.sum(1, keepdim: true));
        TensorAssert.Close(Ref("mean.dims"), x.mean([1, 2]));
        TensorAssert.Equal(Ref("max"), a.max());
        var (values, indices) = a.max(1);
        TensorAssert.Equal(Ref("max.dim.values"), values);
        TensorAssert.Equal(Ref("max.dim.indices"), indices);
        TensorAssert.Equal(Ref("argmax"), x.argmax(1));
        TensorAssert.Equal(Ref("argmax.all"), a.argmax());
        TensorAssert.Equal(Ref("bincount"), Ref("labels").bincount(minlength: 7));
        TensorAssert.Close(Ref("bincount.weights"), Ref("labels").bincount(Ref("weights")));
    }

    [Fact]
    public void JoinsSoftmaxAndOneHotMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var (a, b, x) = (Ref("a"), Ref("b"), Ref("shape.x"));
        TensorAssert.Equal(Ref("cat"), cat([a, b, a], 1));
        TensorAssert.Equal(Ref("stack"), stack([a, b]));
        TensorAssert.Close(Ref("softmax"), x.softmax(1));
        TensorAssert.Close(Ref("log_softmax"), x.log_softmax(1));
        TensorAssert.Equal(Ref("one_hot"), nn.functional.one_hot(Ref("labels")[..6], 5));
    }
}
