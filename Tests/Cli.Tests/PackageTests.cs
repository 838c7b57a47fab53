using System;
using SegGen.Cli.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SegGen.Cli.Tests;

/// <summary>
/// The SegGen package as a user gets it: scripts/pack-check.sh packs what this test run built into a local
/// feed and builds projects outside the repository with one PackageReference (a good model builds and runs
/// forward; a broken one fails the build with its SEG id at file(line,col)).
/// </summary>
public class PackageTests(ITestOutputHelper log)
{
    [Fact]
    public void PackedSegGenBuildsAndRunsAnOutsideConsumer()
    {
        var result = ProcessRun.Run("bash", [Repository.Path("scripts", "pack-check.sh"), "--no-build", "-c", Repository.Configuration],
            Repository.Root, TimeSpan.FromMinutes(8));

        log.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("pack-check: OK", result.Output);
    }
}
