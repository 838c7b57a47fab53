using System.IO;
using System.Linq;
using SegGen.Data.Synthetic;
using SegGen.Imaging;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Data;

public sealed class SyntheticExportTests : FileTests
{
    [Fact]
    public void ExportWritesEachSampleAsAnRgbPngAndAPaletteMaskThatReadBackAsTheSample()
    {
        var data = new SyntheticDataSet(new SyntheticOptions { Height = 16, Width = 20, Seed = 3 }, SyntheticSplit.Validation, 3);
        SyntheticExport.Write(data, Temporary.FullName);

        Assert.Equal(["00000.png", "00001.png", "00002.png"], Directory.GetFiles(Temporary.File("images")).Select(Path.GetFileName).Order());
        using var scope = NewDisposeScope();
        var sample = data[2];
        var image = Image.read_image(Temporary.File(Path.Combine("images", "00002.png")));
        Assert.Equal(sample.ImageRgb8(), image.permute(1, 2, 0).contiguous().ToArray<byte>());
        var mask = Image.read_palette_indices(Temporary.File(Path.Combine("masks", "00002.png")));
        Assert.Equal(sample.Mask, mask.ToArray<byte>().Select(b => (long)b));
    }
}
