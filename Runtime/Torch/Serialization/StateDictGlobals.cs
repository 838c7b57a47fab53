using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Serialization;

/// <summary>
/// The allow-list of globals a state-dict pickle may name: <c>collections.OrderedDict</c>, PyTorch's tensor and
/// parameter rebuild functions and its typed storage classes, each re-implemented here. Any other global is
/// refused by name; nothing is imported or run.
/// </summary>
internal static class StateDictGlobals
{
    private const string RebuildTensorName = "torch._utils._rebuild_tensor_v2";
    private const string RebuildParameterName = "torch._utils._rebuild_parameter";

    private static readonly Dictionary<string, ScalarType> StorageDtypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["DoubleStorage"] = ScalarType.Float64,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    /// <summary>Resolves a GLOBAL for <see cref="RestrictedUnpickler"/>.</summary>
    /// <exception cref="InvalidDataException">The global is not on the allow-list.</exception>
    public static object Find(string module, string name) => $"{module}.{name}" switch
    {
        "collections.OrderedDict" => (PickleFunction)NewOrderedDict,
        RebuildTensorName => (PickleFunction)RebuildTensor,
        RebuildParameterName => (PickleFunction)RebuildParameter,
        var global when module == "torch" && StorageDtypes.TryGetValue(name, out var dtype) => new StorageType(global, dtype),
        var global => throw new InvalidDataException(
            $"refusing to load global '{global}': a state dict needs only OrderedDict, tensors and storages, and loading never runs code"),
    };

    private static object NewOrderedDict(object?[] arguments) => arguments.Length == 0
        ? new OrderedDictionary<object, object?>()
        : throw new InvalidDataException("collections.OrderedDict is called with arguments; torch.save calls it with none");

    /// <summary>
    /// <c>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])</c>:
    /// a strided view of the storage. Backward hooks are Python callbacks, meaningless here, and are dropped.
    /// </summary>
    private static object RebuildTensor(object?[] arguments)
    {
        if (arguments.Length is not (6 or 7)) throw new InvalidDataException($"{RebuildTensorName} takes 6 or 7 arguments, not {arguments.Length}");
        var storage = Argument<TorchStorage>(arguments, 0, RebuildTensorName, "storage");
        var offset = Argument<long>(arguments, 1, RebuildTensorName, "storage_offset");
        var size = Dimensions(Argument<object?[]>(arguments, 2, RebuildTensorName, "size"), "size");
        var stride = Dimensions(Argument<object?[]>(arguments, 3, RebuildTensorName, "stride"), "stride");
        var requiresGrad = Argument<bool>(arguments, 4, RebuildTensorName, "requires_grad");
        // The metadata carries conjugate/negative view bits, which the tensors of a state dict do not have.
        if (arguments.Length == 7 && arguments[6] is not (null or OrderedDictionary<object, object?> { Count: 0 }))
        {
            throw new InvalidDataException($"{RebuildTensorName}: tensor metadata (conjugate or negative views) is not supported");
        }
        CheckView(storage, offset, size, stride);
        return WithRequiresGrad(storage.Elements.as_strided(size, stride, offset), requiresGrad, RebuildTensorName);
    }

    /// <summary><c>_rebuild_parameter(data, requires_grad, backward_hooks)</c>: a state dict only needs the tensor.</summary>
    private static object RebuildParameter(object?[] arguments)
    {
        if (arguments.Length != 3) throw new InvalidDataException($"{RebuildParameterName} takes 3 arguments, not {arguments.Length}");
        var data = Argument<Tensor>(arguments, 0, RebuildParameterName, "data");
        return WithRequiresGrad(data, Argument<bool>(arguments, 1, RebuildParameterName, "requires_grad"), RebuildParameterName);
    }

    /// <summary>libtorch lets only floating-point tensors require gradients: the flag on another is corrupt data.</summary>
    private static Tensor WithRequiresGrad(Tensor tensor, bool requiresGrad, string function)
    {
        if (requiresGrad && !is_floating_point(tensor.dtype))
        {
            throw new InvalidDataException($"{function}: a {tensor.dtype} tensor cannot require gradients");
        }
        tensor.requires_grad = requiresGrad;
        return tensor;
    }

    private static T Argument<T>(object?[] arguments, int index, string function, string name) => arguments[index] is T value
        ? value
        : throw new InvalidDataException($"{function}: argument {name} has type {RestrictedUnpickler.TypeName(arguments[index])}, unlike what torch.save writes");

    private static long[] Dimensions(object?[] values, string name) =>
        values.All(v => v is >= 0L)
            ? values.Cast<long>().ToArray()
            : throw new InvalidDataException($"{RebuildTensorName}: {name} must hold non-negative ints");

    /// <summary>
    /// Checked here rather than left to libtorch so that a corrupt file is reported as one, with the numbers
    /// that do not fit, and no view ever reaches outside its storage.
    /// </summary>
    private static void CheckView(TorchStorage storage, long offset, long[] size, long[] stride)
    {
        var available = storage.Elements.numel();
        var description = $"a view at offset {offset} of size [{string.Join(", ", size)}] and stride [{string.Join(", ", stride)}]";
        if (size.Length != stride.Length) throw new InvalidDataException($"{RebuildTensorName}: {description} has different numbers of sizes and strides");
        // The last element a view reaches lies at offset + Σ (size - 1)·stride; an empty view reaches none.
        var end = size.Contains(0) ? offset : size.Zip(stride).Aggregate((Int128)offset + 1, (sum, d) => sum + (Int128)(d.First - 1) * d.Second);
        if (offset < 0 || end > available)
        {
            throw new InvalidDataException($"{RebuildTensorName}: {description} reaches past storage '{storage.Key}' of {available} elements");
        }
    }
}
