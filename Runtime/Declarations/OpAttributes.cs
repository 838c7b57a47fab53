namespace SegGen;

// One attribute per op of the model language, with the YAML argument names in the YAML order
// (docs/yaml.md#ops; Generator/Binding/OpCatalog.cs is the reference, and a test keeps these in step).
// A channel count ('out') is an integer or a string expression in integer hyperparameters ("2*width",
// nameof(width)); a number argument is a number or a numeric hyperparameter's name; a reference is a
// node or input name (nameof(enc1)) or a tap ("enc1.3"). Optional arguments shown as null default to
// the value their documentation states, as in PyTorch.

/// <summary>2-D convolution (Conv2d). Input channels are inferred.</summary>
/// <param name="out">Output channels: an integer or an expression in integer hyperparameters.</param>
/// <param name="k">Kernel size.</param>
/// <param name="stride">Stride.</param>
/// <param name="pad">Zero padding on each side.</param>
/// <param name="dilation">Dilation.</param>
/// <param name="groups">Groups.</param>
/// <param name="bias">Whether the layer has a bias.</param>
public sealed class ConvAttribute(object @out, int k, int stride = 1, int pad = 0, int dilation = 1, int groups = 1, bool bias = true) : OpAttribute
{
    public object Out { get; } = @out;
    public int K { get; } = k;
    public int Stride { get; } = stride;
    public int Pad { get; } = pad;
    public int Dilation { get; } = dilation;
    public int Groups { get; } = groups;
    public bool Bias { get; } = bias;
}

/// <summary>Transposed convolution (ConvTranspose2d); <c>init: "bilinear"</c> for FCN upsampling.</summary>
/// <param name="out">Output channels: an integer or an expression in integer hyperparameters.</param>
/// <param name="k">Kernel size.</param>
/// <param name="stride">Stride.</param>
/// <param name="pad">Padding removed from each side.</param>
/// <param name="output_pad">Extra size added to one side of the output.</param>
/// <param name="dilation">Dilation.</param>
/// <param name="groups">Groups.</param>
/// <param name="bias">Whether the layer has a bias.</param>
/// <param name="init"><c>"default"</c> or <c>"bilinear"</c> (bilinear-upsampling kernels).</param>
/// <param name="frozen">Excludes weight and bias from training.</param>
public sealed class DeconvAttribute(object @out, int k, int stride = 1, int pad = 0, int output_pad = 0, int dilation = 1, int groups = 1,
    bool bias = true, string init = "default", bool frozen = false) : OpAttribute
{
    public object Out { get; } = @out;
    public int K { get; } = k;
    public int Stride { get; } = stride;
    public int Pad { get; } = pad;
    public int OutputPad { get; } = output_pad;
    public int Dilation { get; } = dilation;
    public int Groups { get; } = groups;
    public bool Bias { get; } = bias;
    public string Init { get; } = init;
    public bool Frozen { get; } = frozen;
}

/// <summary>Batch normalisation (BatchNorm2d).</summary>
/// <param name="eps">Added to the variance; default 1e-05 (a number or a numeric hyperparameter).</param>
/// <param name="momentum">Running statistics' momentum; default 0.1.</param>
public sealed class BatchNormAttribute(object? eps = null, object? momentum = null) : OpAttribute
{
    public object? Eps { get; } = eps;
    public object? Momentum { get; } = momentum;
}

/// <summary>ReLU.</summary>
public sealed class ReLUAttribute : OpAttribute;

/// <summary>Dropout; <c>channels: true</c> drops whole maps (Dropout2d); <c>mc: true</c> keeps it on at inference.</summary>
/// <param name="p">Drop probability; default 0.5 (a number or a numeric hyperparameter).</param>
/// <param name="channels">Drops whole channels (Dropout2d).</param>
/// <param name="mc">Stays on at inference (Monte-Carlo dropout).</param>
public sealed class DropoutAttribute(object? p = null, bool channels = false, bool mc = false) : OpAttribute
{
    public object? P { get; } = p;
    public bool Channels { get; } = channels;
    public bool Mc { get; } = mc;
}

/// <summary>Max pooling; <c>indices: true</c> keeps the indices for <see cref="UnpoolAttribute"/>.</summary>
/// <param name="k">Window size.</param>
/// <param name="stride">Stride; default <paramref name="k"/> (0 here means not given).</param>
/// <param name="pad">Padding, at most k/2.</param>
/// <param name="dilation">Dilation.</param>
/// <param name="ceil">PyTorch's <c>ceil_mode</c> (Caffe's rounding).</param>
/// <param name="indices">Keeps the indices for unpooling.</param>
public sealed class MaxPoolAttribute(int k, int stride = 0, int pad = 0, int dilation = 1, bool ceil = false, bool indices = false) : OpAttribute
{
    public int K { get; } = k;
    public int Stride { get; } = stride;
    public int Pad { get; } = pad;
    public int Dilation { get; } = dilation;
    public bool Ceil { get; } = ceil;
    public bool Indices { get; } = indices;
}

/// <summary>Max unpooling with the indices and input size of a named max pool.</summary>
/// <param name="pool">A node with a <c>MaxPool(…, indices: true)</c> (its last such pool), or a tap <c>"enc1.3"</c>.</param>
public sealed class UnpoolAttribute(string pool) : OpAttribute
{
    public string Pool { get; } = pool;
}

/// <summary>Average pooling.</summary>
/// <param name="k">Window size.</param>
/// <param name="stride">Stride; default <paramref name="k"/> (0 here means not given).</param>
/// <param name="pad">Padding, at most k/2.</param>
/// <param name="ceil">PyTorch's <c>ceil_mode</c>.</param>
/// <param name="count_pad">Counts the padding in the average (<c>count_include_pad</c>).</param>
public sealed class AvgPoolAttribute(int k, int stride = 0, int pad = 0, bool ceil = false, bool count_pad = true) : OpAttribute
{
    public int K { get; } = k;
    public int Stride { get; } = stride;
    public int Pad { get; } = pad;
    public bool Ceil { get; } = ceil;
    public bool CountPad { get; } = count_pad;
}

/// <summary>Global average pooling to 1×1 (AdaptiveAvgPool2d(1)).</summary>
public sealed class GapAttribute : OpAttribute;

/// <summary>Resizes by <paramref name="scale"/> or to the size of <paramref name="like"/> (exactly one of them).</summary>
/// <param name="scale">A binary fraction such as 2 or 0.5.</param>
/// <param name="like">A node or input whose size to take.</param>
/// <param name="mode"><c>"bilinear"</c> (default) or <c>"nearest"</c>.</param>
/// <param name="align_corners">PyTorch's <c>align_corners</c> (bilinear only).</param>
public sealed class UpsampleAttribute(object? scale = null, string? like = null, string mode = "bilinear", bool align_corners = false) : OpAttribute
{
    public object? Scale { get; } = scale;
    public string? Like { get; } = like;
    public string Mode { get; } = mode;
    public bool AlignCorners { get; } = align_corners;
}

/// <summary>Crops to the size of <paramref name="like"/>, starting <paramref name="offset"/> pixels in (FCN).</summary>
/// <param name="like">A node or input whose size to take.</param>
/// <param name="offset">Pixels cut from the top and left.</param>
public sealed class CropAttribute(string like, int offset = 0) : OpAttribute
{
    public string Like { get; } = like;
    public int Offset { get; } = offset;
}

/// <summary>Multiplies by a constant.</summary>
/// <param name="factor">A number or a numeric hyperparameter.</param>
public sealed class ScaleAttribute(object factor) : OpAttribute
{
    public object Factor { get; } = factor;
}

/// <summary>Element-wise sum of the input and the referenced nodes.</summary>
/// <param name="layers">At least one node, input or tap.</param>
public sealed class AddAttribute(params string[] layers) : OpAttribute
{
    public string[] Layers { get; } = layers;
}

/// <summary>Concatenation along channels of the input and the referenced nodes.</summary>
/// <param name="layers">At least one node, input or tap.</param>
public sealed class ConcatAttribute(params string[] layers) : OpAttribute
{
    public string[] Layers { get; } = layers;
}

/// <summary>Softmax over channels.</summary>
public sealed class SoftmaxAttribute : OpAttribute;
