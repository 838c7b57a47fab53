using System;
using System.IO;
using SegGen.Generator.Tests.Support;
using Xunit;
using Xunit.Sdk;

namespace SegGen.Generator.Tests.Snapshots;

/// <summary>The snapshot helper's rules, on files in a scratch folder (never on the real snapshots).</summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("seggen-snapshot-").FullName;

    private string Stem => Path.Combine(folder, "Model");

    private string Verified => Stem + ".verified.txt";

    private string Received => Stem + ".received.txt";

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void EqualTextPassesAndRemovesAStaleReceivedFile()
    {
        File.WriteAllText(Verified, "a\nb\n");
        File.WriteAllText(Received, "old");

        Snapshot.Compare("a\nb\n", Stem, "txt", accept: false);

        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void LineEndingsAndTrailingSpacesAreNoDifference()
    {
        File.WriteAllText(Verified, "a\nb\n");

        Snapshot.Compare("a  \r\nb\r\n\r\n", Stem, "txt", accept: false);
    }

    [Fact]
    public void DifferentTextFailsWithAUnifiedDiffAndWritesTheReceivedFile()
    {
        File.WriteAllText(Verified, "1\n2\n3\n4\n5\n6\n7\n8\n9\n");

        var failure = Assert.ThrowsAny<XunitException>(() => Snapshot.Compare("1\n2\n3\n4\nfive\n6\n7\n8\n9\n", Stem, "txt", accept: false));

        Assert.Contains("--- verified\n+++ received\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", failure.Message);
        Assert.Equal("1\n2\n3\n4\nfive\n6\n7\n8\n9\n", File.ReadAllText(Received));
        Assert.Equal("1\n2\n3\n4\n5\n6\n7\n8\n9\n", File.ReadAllText(Verified));
    }

    [Fact]
    public void MissingVerifiedFileFailsRatherThanCreatingIt()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => Snapshot.Compare("new\n", Stem, "txt", accept: false));

        Assert.Contains("No verified snapshot", failure.Message);
        Assert.False(File.Exists(Verified));
        Assert.Equal("new\n", File.ReadAllText(Received));
    }

    [Fact]
    public void AcceptingMakesTheReceivedTextVerified()
    {
        File.WriteAllText(Verified, "old\n");

        Snapshot.Compare("new\r\n", Stem, "txt", accept: true);

        Assert.Equal("new\n", File.ReadAllText(Verified));
        Assert.False(File.Exists(Received));
    }

    [Theory]
    [InlineData("1", null, true)]
    [InlineData("1", "false", true)]
    [InlineData("1", "true", false)]
    [InlineData("1", "TRUE", false)]
    [InlineData(null, null, false)]
    [InlineData("0", null, false)]
    public void OnlyAnExplicitRequestOutsideCiAccepts(string? acceptVariable, string? ciVariable, bool accepts)
    {
        Assert.Equal(accepts, Snapshot.Accepts(acceptVariable, ciVariable));
    }

    [Fact]
    public void DistantChangesGetSeparateHunks()
    {
        var diff = Snapshot.UnifiedDiff("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "A\nb\nc\nd\ne\nf\ng\nh\ni\nJ\n");

        Assert.Equal("--- verified\n+++ received\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n@@ -7,4 +7,4 @@\n g\n h\n i\n-j\n+J\n", diff);
    }
}
