// Image I/O with libpng and libjpeg: PNG and JPEG bytes → uint8 [C, H, W] tensors, and PNG encoding of
// images and of palette (index) masks. Decoding makes torchvision 0.14's calls (torchvision.io links the
// same Debian libpng and libjpeg-turbo), so the pixels are torchvision's.
//
// Both libraries report a failure by calling a handler that must not return, and both are C: a C++
// exception must never unwind through them. The handlers here store the message and longjmp back to the
// setjmp in `guarded`. Everything longjmp skips (the library's frames, our callbacks, the step lambdas)
// holds only trivially destructible values, so no destructor is lost; the library objects are owned by
// RAII holders in ordinary C++ frames, which turn the failure into an exception once `guarded` returns.
#include "sg_common.h"

#include <csetjmp>
#include <cstdio>  // jpeglib.h uses FILE without including it
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <jpeglib.h>
#include <png.h>

namespace {

// torchvision's ImageReadMode values; its GRAY_ALPHA (2) and RGB_ALPHA (4) are not offered.
enum ReadMode : int32_t { Unchanged = 0, Gray = 1, Rgb = 3 };

const char* const Truncated = "the data ends before the image does (truncated file)";

void check_mode(int32_t mode) {
  if (mode != Unchanged && mode != Gray && mode != Rgb) {
    throw std::invalid_argument("unknown image read mode " + std::to_string(mode));
  }
}

// Runs `step` (library calls on plain values only) with the library's errors longjmp-ing back here.
// False if the step failed; the library's handler has stored why.
template <typename Step>
bool guarded(std::jmp_buf& jump, Step step) {
  if (setjmp(jump) != 0) return false;
  step();
  return true;
}

at::Tensor bytes_tensor(const std::vector<uint8_t>& bytes) {
  auto result = at::empty({static_cast<int64_t>(bytes.size())}, at::kByte);
  std::memcpy(result.data_ptr<uint8_t>(), bytes.data(), bytes.size());
  return result;
}

// The image as contiguous [rows, columns, channels] bytes on the CPU, the layout both libraries read.
at::Tensor interleaved(const at::Tensor& image) {
  return image.detach().to(at::kCPU).permute({1, 2, 0}).contiguous();
}

// ---- PNG -----------------------------------------------------------------------------------------

struct PngError {
  char text[256] = {};
};

void png_on_error(png_structp png, png_const_charp message) {
  std::snprintf(static_cast<PngError*>(png_get_error_ptr(png))->text, sizeof(PngError::text), "%s", message);
  png_longjmp(png, 1);
}

// Warnings (a known-bad sRGB profile, a bad ancillary chunk CRC) do not stop a decode and are not printed.
void png_on_warning(png_structp, png_const_charp) {}

struct PngSource {
  const uint8_t* next;
  size_t remaining;
};

void png_read_memory(png_structp png, png_bytep out, size_t count) {
  auto* source = static_cast<PngSource*>(png_get_io_ptr(png));
  if (count > source->remaining) png_error(png, Truncated);
  std::memcpy(out, source->next, count);
  source->next += count;
  source->remaining -= count;
}

bool append(std::vector<uint8_t>& bytes, const uint8_t* data, size_t count) noexcept {
  try {
    bytes.insert(bytes.end(), data, data + count);
    return true;
  } catch (...) {
    return false;
  }
}

// png_error is called outside append's catch block: longjmp must not leave a handler.
void png_write_memory(png_structp png, png_bytep data, size_t count) {
  if (!append(*static_cast<std::vector<uint8_t>*>(png_get_io_ptr(png)), data, count)) png_error(png, "out of memory");
}

void png_flush_nothing(png_structp) {}

const char* png_color_type_name(int color_type) {
  switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return "grayscale";
    case PNG_COLOR_TYPE_GRAY_ALPHA: return "grayscale+alpha";
    case PNG_COLOR_TYPE_RGB: return "RGB";
    case PNG_COLOR_TYPE_RGB_ALPHA: return "RGBA";
    case PNG_COLOR_TYPE_PALETTE: return "palette";
    default: return "unknown colour type";
  }
}

// Runs `step` under `guarded`; a libpng failure becomes an exception whose message starts with `context`.
template <typename Step>
void png_run(png_structp png, const PngError& error, const char* context, Step step) {
  if (!guarded(png_jmpbuf(png), step)) throw std::runtime_error(std::string(context) + error.text);
}

struct PngHeader {
  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0;
};

class PngReader {
 public:
  PngReader(const uint8_t* data, size_t size) : source_{data, size} {
    png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error_, png_on_error, png_on_warning);
    if (png_ != nullptr) info_ = png_create_info_struct(png_);
    if (info_ == nullptr) {
      png_destroy_read_struct(&png_, nullptr, nullptr);
      throw std::runtime_error("libpng could not start (out of memory or a libpng version mismatch)");
    }
    png_set_read_fn(png_, &source_, png_read_memory);
  }
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;
  ~PngReader() { png_destroy_read_struct(&png_, &info_, nullptr); }

  png_structp png() const { return png_; }

  template <typename Step>
  void run(Step step) {
    png_run(png_, error_, "invalid PNG: ", step);
  }

  PngHeader read_header() {
    PngHeader header;
    run([&] {
      png_read_info(png_, info_);
      png_get_IHDR(png_, info_, &header.width, &header.height, &header.bit_depth, &header.color_type, nullptr, nullptr,
                   nullptr);
    });
    return header;
  }

  // Applies the transformations set so far and reads every pass and row: [H, W, C] of uint8, or of
  // 16-bit samples in native byte order held as int16.
  at::Tensor read_pixels(const PngHeader& header) {
    run([&] {
      png_set_interlace_handling(png_);
      png_read_update_info(png_, info_);
    });
    const auto pixels = at::empty({static_cast<int64_t>(header.height), static_cast<int64_t>(header.width),
                                   static_cast<int64_t>(png_get_channels(png_, info_))},
                                  png_get_bit_depth(png_, info_) == 16 ? at::kShort : at::kByte);
    std::vector<png_bytep> rows(header.height);
    const auto stride = static_cast<size_t>(pixels.stride(0) * pixels.element_size());
    for (png_uint_32 y = 0; y < header.height; ++y) rows[y] = static_cast<png_bytep>(pixels.data_ptr()) + y * stride;
    run([&] {
      png_read_image(png_, rows.data());
      png_read_end(png_, nullptr);
    });
    return pixels;
  }

 private:
  PngSource source_;
  PngError error_;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

// torchvision 0.14's transformations (decode_png.cpp) for `mode`, plus png_set_packing, which
// torchvision lacks: it returns 1, 2 and 4-bit palette images still packed, several pixels per byte.
void set_png_transforms(png_structp png, const PngHeader& header, ReadMode mode) {
  const bool palette = (header.color_type & PNG_COLOR_MASK_PALETTE) != 0;
  const bool color = (header.color_type & PNG_COLOR_MASK_COLOR) != 0;
  const bool alpha = (header.color_type & PNG_COLOR_MASK_ALPHA) != 0;
  if (header.color_type == PNG_COLOR_TYPE_GRAY && header.bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (palette && header.bit_depth < 8) png_set_packing(png);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (header.bit_depth == 16) png_set_swap(png);  // PNG stores big-endian samples
#endif
  if (mode == Gray && header.color_type != PNG_COLOR_TYPE_GRAY) {
    if (palette) png_set_palette_to_rgb(png);
    if (palette || alpha) png_set_strip_alpha(png);
    if (color) png_set_rgb_to_gray(png, PNG_ERROR_ACTION_NONE, 0.2989, 0.587);
  } else if (mode == Rgb && header.color_type != PNG_COLOR_TYPE_RGB) {
    if (palette) {
      png_set_palette_to_rgb(png);
    } else if (!color) {
      png_set_gray_to_rgb(png);
    }
    if (palette || alpha) png_set_strip_alpha(png);
  }
}

// uint8 [C, H, W]; 16-bit PNGs give int32 holding the 16-bit values (libtorch 1.13 has no uint16),
// as torchvision 0.14's _read_png_16 does (its read_image refuses them).
at::Tensor decode_png(const uint8_t* data, size_t size, ReadMode mode) {
  PngReader reader(data, size);
  const auto header = reader.read_header();
  reader.run([&] { set_png_transforms(reader.png(), header, mode); });
  auto pixels = reader.read_pixels(header);
  if (pixels.scalar_type() == at::kShort) pixels = pixels.to(at::kInt).bitwise_and_(0xFFFF);
  return pixels.permute({2, 0, 1}).contiguous();
}

// uint8 [H, W]: a palette PNG's indices, or an 8-bit (or less) grayscale PNG's values as stored.
at::Tensor decode_png_labels(const uint8_t* data, size_t size) {
  PngReader reader(data, size);
  const auto header = reader.read_header();
  if (header.color_type != PNG_COLOR_TYPE_PALETTE && header.color_type != PNG_COLOR_TYPE_GRAY) {
    throw std::runtime_error(std::string("not a label map: the PNG is ") + png_color_type_name(header.color_type) +
                             ", where a palette or grayscale PNG was expected");
  }
  if (header.bit_depth > 8) {
    throw std::runtime_error("not a label map: the PNG is " + std::to_string(header.bit_depth) +
                             "-bit grayscale, where at most 8 bits were expected");
  }
  reader.run([&] { png_set_packing(reader.png()); });
  return reader.read_pixels(header).squeeze(2);
}

class PngWriter {
 public:
  PngWriter() {
    png_ = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error_, png_on_error, png_on_warning);
    if (png_ != nullptr) info_ = png_create_info_struct(png_);
    if (info_ == nullptr) {
      png_destroy_write_struct(&png_, nullptr);
      throw std::runtime_error("libpng could not start (out of memory or a libpng version mismatch)");
    }
    png_set_write_fn(png_, &bytes_, png_write_memory, png_flush_nothing);
  }
  PngWriter(const PngWriter&) = delete;
  PngWriter& operator=(const PngWriter&) = delete;
  ~PngWriter() { png_destroy_write_struct(&png_, &info_); }

  // Writes [H, W, C] uint8 `pixels` (contiguous) as a PNG of `color_type`; `palette` for palette PNGs.
  at::Tensor encode(const at::Tensor& pixels, int color_type, int32_t compression_level,
                    const std::vector<png_color>& palette = {}) {
    const auto height = static_cast<png_uint_32>(pixels.size(0));
    const auto width = static_cast<png_uint_32>(pixels.size(1));
    std::vector<png_bytep> rows(height);
    const auto stride = static_cast<size_t>(pixels.stride(0));
    for (png_uint_32 y = 0; y < height; ++y) rows[y] = pixels.data_ptr<uint8_t>() + y * stride;
    png_run(png_, error_, "PNG encoding failed: ", [&] {
      png_set_IHDR(png_, info_, width, height, 8, color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                   PNG_FILTER_TYPE_DEFAULT);
      if (!palette.empty()) png_set_PLTE(png_, info_, palette.data(), static_cast<int>(palette.size()));
      png_set_compression_level(png_, compression_level);
      png_write_info(png_, info_);
      png_write_image(png_, rows.data());
      png_write_end(png_, nullptr);
    });
    return bytes_tensor(bytes_);
  }

 private:
  PngError error_;
  std::vector<uint8_t> bytes_;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

void check_compression_level(int32_t level) {
  if (level < 0 || level > 9) {
    throw std::invalid_argument("compression_level must be between 0 and 9, got " + std::to_string(level));
  }
}

void check_uint8(const at::Tensor& t, const char* what, int64_t rank) {
  if (t.scalar_type() != at::kByte || t.dim() != rank || t.numel() == 0) {
    throw std::invalid_argument(std::string(what) + " must be a non-empty uint8 tensor of " + std::to_string(rank) +
                                " dimensions, got " + c10::toString(t.scalar_type()) + " " + c10::str(t.sizes()));
  }
}

at::Tensor encode_png(const at::Tensor& image, int32_t compression_level) {
  check_uint8(image, "the image", 3);
  check_compression_level(compression_level);
  static const int color_types[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                    PNG_COLOR_TYPE_RGB_ALPHA};
  const auto channels = image.size(0);
  if (channels < 1 || channels > 4) {
    throw std::invalid_argument("the image must have 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels, got " +
                                std::to_string(channels));
  }
  return PngWriter().encode(interleaved(image), color_types[channels - 1], compression_level);
}

at::Tensor encode_palette_png(const at::Tensor& indices, const at::Tensor& palette, int32_t compression_level) {
  check_uint8(indices, "the index map", 2);
  check_uint8(palette, "the palette", 2);
  check_compression_level(compression_level);
  const auto colours = palette.size(0);
  if (palette.size(1) != 3 || colours > PNG_MAX_PALETTE_LENGTH) {
    throw std::invalid_argument("the palette must be [N, 3] RGB with N at most 256, got " + c10::str(palette.sizes()));
  }
  const auto largest = indices.max().item<int64_t>();
  if (largest >= colours) {
    throw std::invalid_argument("index " + std::to_string(largest) + " is outside the palette of " +
                                std::to_string(colours) + " colours");
  }
  const auto rgb = palette.detach().to(at::kCPU).contiguous();
  std::vector<png_color> entries(static_cast<size_t>(colours));
  std::memcpy(entries.data(), rgb.data_ptr<uint8_t>(), entries.size() * sizeof(png_color));
  return PngWriter().encode(interleaved(indices.unsqueeze(0)), PNG_COLOR_TYPE_PALETTE, compression_level, entries);
}

// ---- JPEG ----------------------------------------------------------------------------------------

struct JpegErrorManager {
  jpeg_error_mgr base;  // first, so libjpeg's jpeg_error_mgr* is this object
  std::jmp_buf jump;
  char text[JMSG_LENGTH_MAX];
};

[[noreturn]] void jpeg_fail(j_decompress_ptr cinfo, const char* message) {
  auto* errors = reinterpret_cast<JpegErrorManager*>(cinfo->err);
  std::snprintf(errors->text, sizeof errors->text, "%s", message);
  std::longjmp(errors->jump, 1);
}

void jpeg_on_error(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<JpegErrorManager*>(cinfo->err);
  cinfo->err->format_message(cinfo, errors->text);
  std::longjmp(errors->jump, 1);
}

// Warnings ("Corrupt JPEG data: N extraneous bytes") do not stop a decode, as in torchvision and PIL,
// and are not printed.
void jpeg_on_message(j_common_ptr) {}

void jpeg_source_nothing(j_decompress_ptr) {}

// Called when libjpeg has used every byte: the data is incomplete (torchvision also fails here,
// where libjpeg's own memory source would pad with an end marker and decode gray).
boolean jpeg_source_exhausted(j_decompress_ptr cinfo) { jpeg_fail(cinfo, Truncated); }

void jpeg_source_skip(j_decompress_ptr cinfo, long count) {
  auto* source = cinfo->src;
  if (count <= 0) return;
  if (static_cast<size_t>(count) > source->bytes_in_buffer) jpeg_fail(cinfo, Truncated);
  source->next_input_byte += count;
  source->bytes_in_buffer -= static_cast<size_t>(count);
}

class JpegDecoder {
 public:
  JpegDecoder(const uint8_t* data, size_t size) {
    cinfo_.value.err = jpeg_std_error(&errors_.base);  // first: it resets every handler to libjpeg's
    errors_.base.error_exit = jpeg_on_error;
    errors_.base.output_message = jpeg_on_message;
    source_.next_input_byte = data;
    source_.bytes_in_buffer = size;
    source_.init_source = jpeg_source_nothing;
    source_.fill_input_buffer = jpeg_source_exhausted;
    source_.skip_input_data = jpeg_source_skip;
    source_.resync_to_restart = jpeg_resync_to_restart;
    source_.term_source = jpeg_source_nothing;
    run([&] { jpeg_create_decompress(&cinfo_.value); });
    cinfo_.value.src = &source_;
  }

  jpeg_decompress_struct& cinfo() { return cinfo_.value; }

  template <typename Step>
  void run(Step step) {
    if (!guarded(errors_.jump, step)) throw std::runtime_error(std::string("invalid JPEG: ") + errors_.text);
  }

 private:
  // Destroyed even when the constructor fails half-way; safe before jpeg_create_decompress too, as it
  // frees only what the (zeroed) struct holds. Declared last, so destroyed before what it points to.
  struct Decompress {
    jpeg_decompress_struct value{};
    Decompress() = default;
    Decompress(const Decompress&) = delete;
    Decompress& operator=(const Decompress&) = delete;
    ~Decompress() { jpeg_destroy_decompress(&value); }
  };

  JpegErrorManager errors_{};
  jpeg_source_mgr source_{};
  Decompress cinfo_;
};

// torchvision 0.14's decode_jpeg.cpp: libjpeg's defaults, with the output colour space set by `mode`.
at::Tensor decode_jpeg(const uint8_t* data, size_t size, ReadMode mode) {
  JpegDecoder decoder(data, size);
  auto& cinfo = decoder.cinfo();
  decoder.run([&] {
    jpeg_read_header(&cinfo, TRUE);
    if (mode == Gray) cinfo.out_color_space = JCS_GRAYSCALE;
    if (mode == Rgb) cinfo.out_color_space = JCS_RGB;
    jpeg_calc_output_dimensions(&cinfo);
  });
  const auto pixels = at::empty({static_cast<int64_t>(cinfo.output_height), static_cast<int64_t>(cinfo.output_width),
                                 static_cast<int64_t>(cinfo.output_components)},
                                at::kByte);
  const auto base = pixels.data_ptr<uint8_t>();
  const auto stride = static_cast<size_t>(pixels.stride(0));
  decoder.run([&] {
    jpeg_start_decompress(&cinfo);
    while (cinfo.output_scanline < cinfo.output_height) {
      JSAMPROW row = base + cinfo.output_scanline * stride;
      jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
  });
  return pixels.permute({2, 0, 1}).contiguous();
}

}  // namespace

SG_EXPORT sg_tensor sg_decode_png(const uint8_t* data, int64_t size, int32_t mode) {
  SG_TENSOR((check_mode(mode), decode_png(data, static_cast<size_t>(size), static_cast<ReadMode>(mode))))
}

SG_EXPORT sg_tensor sg_decode_png_labels(const uint8_t* data, int64_t size) {
  SG_TENSOR(decode_png_labels(data, static_cast<size_t>(size)))
}

SG_EXPORT sg_tensor sg_decode_jpeg(const uint8_t* data, int64_t size, int32_t mode) {
  SG_TENSOR((check_mode(mode), decode_jpeg(data, static_cast<size_t>(size), static_cast<ReadMode>(mode))))
}

SG_EXPORT sg_tensor sg_encode_png(sg_tensor image, int32_t compression_level) {
  SG_TENSOR(encode_png(*image, compression_level))
}

SG_EXPORT sg_tensor sg_encode_palette_png(sg_tensor indices, sg_tensor palette, int32_t compression_level) {
  SG_TENSOR(encode_palette_png(*indices, *palette, compression_level))
}
