"""Reference images for SegGen's image I/O, written by PIL and decoded by torchvision.io (0.14, on the
same Debian libpng and libjpeg as SegGen's shim).

Usage:
  images.py OUTPUT_DIRECTORY
      Writes there the PNGs and JPEGs named in FILES (W = 29, H = 17) and expected.safetensors:
        "FILE/MODE"      torchvision.io.read_image(FILE, MODE) for MODE in unchanged, gray, rgb (uint8 [C, H, W]);
                         for gray16.png torchvision's _read_png_16 (int32), as its read_image refuses 16 bits;
                         for palette4.png/unchanged PIL's indices, as torchvision leaves 4-bit pixels packed
        "FILE/indices"   PIL's np.array(Image.open(FILE)) of palette and grayscale PNGs (uint8 [H, W])
        "voc_palette"    the VOC devkit colour map (uint8 [256, 3]) that palette.png uses
  images.py --pil OUTPUT.safetensors FILE...
      Reads each FILE with PIL: "NAME" its np.array as [H, W, C] (or [H, W]) uint8, "NAME/palette" the
      palette of a "P" image as [N, 3]; the metadata maps NAME to PIL's mode (NAME = the file's name).
"""
import os
import struct
import sys
import zlib

import numpy as np
import torch
import torchvision.io as io
from PIL import Image
from torchvision.io.image import _read_png_16

from safetensors_io import save

WIDTH, HEIGHT = 29, 17
MODES = {"unchanged": io.ImageReadMode.UNCHANGED, "gray": io.ImageReadMode.GRAY, "rgb": io.ImageReadMode.RGB}
PNGS = ["rgb.png", "rgba.png", "gray.png", "gray_alpha.png", "gray1.png", "palette.png", "palette4.png",
        "palette_trns.png", "interlaced.png"]
JPEGS = ["rgb.jpg", "gray.jpg", "progressive.jpg"]
LABEL_MAPS = ["palette.png", "palette4.png", "gray.png", "gray1.png"]


def voc_palette():
    """The PASCAL VOC devkit's labelcolormap: bit i of the class index spreads over the top bits of R, G, B."""
    palette = np.zeros((256, 3), dtype=np.uint8)
    for index in range(256):
        value, r, g, b = index, 0, 0, 0
        for bit in range(8):
            r |= ((value >> 0) & 1) << (7 - bit)
            g |= ((value >> 1) & 1) << (7 - bit)
            b |= ((value >> 2) & 1) << (7 - bit)
            value >>= 3
        palette[index] = (r, g, b)
    return palette


def photo(rng, channels):
    """Gradients plus noise: smooth enough for JPEG to be realistic, varied enough to catch swapped axes."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    planes = [(x * 8 + c * 40) % 256 if c % 2 == 0 else (y * 14 + c * 30) % 256 for c in range(channels)]
    noisy = np.stack(planes, axis=-1) + rng.integers(-20, 21, size=(HEIGHT, WIDTH, channels))
    return np.clip(noisy, 0, 255).astype(np.uint8)


def voc_mask(rng):
    """Class blobs 0..20 with a 255 ("void") border around each, like VOC's SegmentationClass."""
    mask = np.zeros((HEIGHT, WIDTH), dtype=np.uint8)
    for _ in range(4):
        top, left = rng.integers(0, HEIGHT - 5), rng.integers(0, WIDTH - 8)
        mask[top:top + 5, left:left + 8] = 255
        mask[top + 1:top + 4, left + 1:left + 7] = rng.integers(1, 21)
    return mask


def write_interlaced_png(path, rgb):
    """An Adam7-interlaced RGB PNG, written by hand: PIL cannot write interlaced PNGs."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:
        reduced = rgb[y0::dy, x0::dx]
        if reduced.size:  # empty passes are left out entirely
            raw += b"".join(b"\0" + row.tobytes() for row in reduced)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", rgb.shape[1], rgb.shape[0], 8, 2, 0, 0, 1)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    assert (np.array(Image.open(path)) == rgb).all(), "PIL reads the hand-written interlaced PNG differently"


def palette_image(indices, palette):
    image = Image.fromarray(indices, mode="P")
    image.putpalette(palette.reshape(-1).tolist())
    return image


def write_images(directory):
    rng = np.random.default_rng(0)
    path = lambda name: os.path.join(directory, name)
    Image.fromarray(photo(rng, 3), "RGB").save(path("rgb.png"))
    Image.fromarray(photo(rng, 4), "RGBA").save(path("rgba.png"))
    Image.fromarray(photo(rng, 1)[..., 0], "L").save(path("gray.png"))
    Image.fromarray(photo(rng, 2), "LA").save(path("gray_alpha.png"))
    Image.fromarray(photo(rng, 1)[..., 0] > 128).save(path("gray1.png"))  # mode "1": a 1-bit grayscale PNG
    # High and low bytes differ, so a decoder with the wrong byte order fails.
    Image.fromarray(photo(rng, 1)[..., 0].astype(np.uint16) * 250 + 3).save(path("gray16.png"))
    palette_image(voc_mask(rng), voc_palette()).save(path("palette.png"))
    palette_image(rng.integers(0, 6, size=(HEIGHT, WIDTH), dtype=np.uint8), voc_palette()[:6]).save(path("palette4.png"))
    palette_image(rng.integers(0, 21, size=(HEIGHT, WIDTH), dtype=np.uint8), voc_palette()).save(
        path("palette_trns.png"), transparency=2)
    write_interlaced_png(path("interlaced.png"), photo(rng, 3))
    for name, bits in [("gray1.png", 1), ("palette4.png", 4), ("gray16.png", 16)]:
        with open(path(name), "rb") as f:
            assert f.read(25)[24] == bits, f"{name} is not a {bits}-bit PNG"  # IHDR's bit depth byte
    Image.fromarray(photo(rng, 3), "RGB").save(path("rgb.jpg"), quality=90)
    Image.fromarray(photo(rng, 1)[..., 0], "L").save(path("gray.jpg"), quality=90)
    Image.fromarray(photo(rng, 3), "RGB").save(path("progressive.jpg"), quality=75, progressive=True)


def expected(directory):
    path = lambda name: os.path.join(directory, name)
    result = {"voc_palette": torch.from_numpy(voc_palette())}
    for name in PNGS + JPEGS:
        for mode_name, mode in MODES.items():
            result[f"{name}/{mode_name}"] = io.read_image(path(name), mode)
    for mode_name, mode in MODES.items():
        result[f"gray16.png/{mode_name}"] = _read_png_16(path("gray16.png"), mode)
    indices = lambda name: torch.from_numpy(np.array(Image.open(path(name))).astype(np.uint8))
    for name in LABEL_MAPS:
        result[f"{name}/indices"] = indices(name)
    result["palette4.png/unchanged"] = indices("palette4.png").unsqueeze(0)
    return result


def read_with_pil(output, files):
    tensors, modes = {}, {}
    for file in files:
        name = os.path.basename(file)
        image = Image.open(file)
        modes[name] = image.mode
        tensors[name] = torch.from_numpy(np.array(image).astype(np.uint8))
        if image.mode == "P":
            tensors[f"{name}/palette"] = torch.tensor(image.getpalette(), dtype=torch.uint8).reshape(-1, 3)
    save(output, tensors, metadata=modes)


if __name__ == "__main__":
    if sys.argv[1] == "--pil":
        read_with_pil(sys.argv[2], sys.argv[3:])
    else:
        out_dir = sys.argv[1]
        os.makedirs(out_dir, exist_ok=True)
        write_images(out_dir)
        save(os.path.join(out_dir, "expected.safetensors"), expected(out_dir))
