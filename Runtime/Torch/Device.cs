using System;
using System.Globalization;

namespace SegGen.Torch;

/// <summary>Device kinds, numbered as libtorch's <c>c10::DeviceType</c>.</summary>
public enum DeviceType : sbyte
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>A device such as <c>cpu</c> or <c>cuda:1</c>; index −1 means the current one of that kind.</summary>
public sealed class Device : IEquatable<Device>
{
    public Device(DeviceType type, int index = -1)
    {
        if (index < -1) throw new ArgumentOutOfRangeException(nameof(index), index, "a device index is -1 (current) or ≥ 0");
        this.type = type;
        this.index = index;
    }

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public Device(string description) : this(ParseType(description, out var index), index) { }

    public DeviceType type { get; }

    public int index { get; }

    public override string ToString() =>
        type.ToString().ToLowerInvariant() + (index >= 0 ? ":" + index.ToString(CultureInfo.InvariantCulture) : "");

    public bool Equals(Device? other) => other is not null && other.type == type && other.index == index;

    public override bool Equals(object? obj) => Equals(obj as Device);

    public override int GetHashCode() => HashCode.Combine(type, index);

    private static DeviceType ParseType(string description, out int index)
    {
        var parts = description.Trim().ToLowerInvariant().Split(':');
        index = -1;
        if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out index)))
        {
            throw new ArgumentException($"'{description}' is not a device: expected cpu, cuda or cuda:N", nameof(description));
        }
        return parts[0] switch
        {
            "cpu" => DeviceType.CPU,
            "cuda" => DeviceType.CUDA,
            _ => throw new ArgumentException($"'{description}' is not a device: expected cpu, cuda or cuda:N", nameof(description)),
        };
    }
}

public static partial class torch
{
    public static readonly Device CPU = new(DeviceType.CPU);

    public static readonly Device CUDA = new(DeviceType.CUDA);

    public static Device device(string description) => new(description);

    public static class cuda
    {
        /// <summary>Whether the linked libtorch was built with CUDA and a GPU is usable.</summary>
        public static bool is_available() => Native.NativeMethods.sg_cuda_is_available();
    }
}
