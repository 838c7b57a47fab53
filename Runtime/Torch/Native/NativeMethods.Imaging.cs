using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SegGen.Torch.Native;

// Image I/O (native/src/sg_image.cpp), used by SegGen.Imaging.
internal static unsafe partial class NativeMethods
{
    /// <summary>Like <see cref="Check(IntPtr)"/> for decoders: a failure means the bytes are not a valid image.</summary>
    internal static IntPtr CheckDecoded(IntPtr result) =>
        result != IntPtr.Zero ? result : throw new InvalidDataException(LastError().Message);

    // mode: torchvision's ImageReadMode value (0 unchanged, 1 gray, 3 RGB).
    [LibraryImport(Library)] internal static partial IntPtr sg_decode_png(byte* data, long size, int mode);
    [LibraryImport(Library)] internal static partial IntPtr sg_decode_png_labels(byte* data, long size);
    [LibraryImport(Library)] internal static partial IntPtr sg_decode_jpeg(byte* data, long size, int mode);
    [LibraryImport(Library)] internal static partial IntPtr sg_encode_png(TensorHandle image, int compressionLevel);
    [LibraryImport(Library)] internal static partial IntPtr sg_encode_palette_png(TensorHandle indices, TensorHandle palette, int compressionLevel);
}
