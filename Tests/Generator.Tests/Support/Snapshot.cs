using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using Xunit;

namespace SegGen.Generator.Tests.Support;

/// <summary>
/// Compares text with a <c>{name}.verified.{extension}</c> file kept next to the calling test. On a
/// mismatch (or a missing file) it writes <c>{name}.received.{extension}</c> and fails with a unified
/// diff. <c>SEGGEN_ACCEPT=1</c> makes the received text the verified one instead, except under CI.
/// </summary>
public static class Snapshot
{
    private const string AcceptVariable = "SEGGEN_ACCEPT";
    private const int ContextLines = 3;

    public static void Match(string actual, string name, string extension = "txt", [CallerFilePath] string testFile = "") =>
        Compare(actual, Path.Combine(Path.GetDirectoryName(testFile)!, name), extension,
            Accepts(Environment.GetEnvironmentVariable(AcceptVariable), Environment.GetEnvironmentVariable("CI")));

    /// <summary>Compares <paramref name="actual"/> with <c>{stem}.verified.{extension}</c>, or accepts it as that file.</summary>
    internal static void Compare(string actual, string stem, string extension, bool accept)
    {
        var verified = $"{stem}.verified.{extension}";
        var received = $"{stem}.received.{extension}";
        var text = Normalize(actual);
        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (text == expected || accept)
        {
            if (text != expected) File.WriteAllText(verified, text);
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        var how = $"Review {received}, then rename it to {Path.GetFileName(verified)} or rerun with {AcceptVariable}=1.";
        Assert.Fail(expected is null
            ? $"No verified snapshot {verified} yet. {how}"
            : $"Snapshot {Path.GetFileName(verified)} differs. {how}\n{UnifiedDiff(expected, text)}");
    }

    /// <summary>Accepting is a local, explicit act: under CI every difference fails.</summary>
    internal static bool Accepts(string? acceptVariable, string? ciVariable) =>
        acceptVariable == "1" && !string.Equals(ciVariable, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>LF line ends, no trailing spaces, one final newline: what git and editors may change is not a difference.</summary>
    internal static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(line => line.TrimEnd());
        return string.Join("\n", lines).TrimEnd('\n') + "\n";
    }

    /// <summary>The changes from <paramref name="expected"/> to <paramref name="actual"/> as unified-diff hunks.</summary>
    internal static string UnifiedDiff(string expected, string actual)
    {
        // Without the final newline DiffPlex would count an empty last line.
        var diff = new Differ().CreateLineDiffs(expected.TrimEnd('\n'), actual.TrimEnd('\n'), ignoreWhitespace: false);
        var (before, after, blocks) = (diff.PiecesOld, diff.PiecesNew, diff.DiffBlocks);
        var text = new StringBuilder("--- verified\n+++ received\n");
        for (var first = 0; first < blocks.Count;)
        {
            // One hunk holds the changes whose context lines would touch or overlap.
            var last = first;
            while (last + 1 < blocks.Count && blocks[last + 1].DeleteStartA - End(blocks[last]) <= 2 * ContextLines) last++;
            var startA = Math.Max(0, blocks[first].DeleteStartA - ContextLines);
            var startB = blocks[first].InsertStartB - (blocks[first].DeleteStartA - startA);
            var endA = Math.Min(before.Length, End(blocks[last]) + ContextLines);
            var endB = blocks[last].InsertStartB + blocks[last].InsertCountB + (endA - End(blocks[last]));
            text.Append($"@@ -{startA + 1},{endA - startA} +{startB + 1},{endB - startB} @@\n");
            var line = startA;
            for (var i = first; i <= last; i++)
            {
                var block = blocks[i];
                for (; line < block.DeleteStartA; line++) text.Append(' ').Append(before[line]).Append('\n');
                for (var d = 0; d < block.DeleteCountA; d++) text.Append('-').Append(before[block.DeleteStartA + d]).Append('\n');
                for (var n = 0; n < block.InsertCountB; n++) text.Append('+').Append(after[block.InsertStartB + n]).Append('\n');
                line = End(block);
            }
            for (; line < endA; line++) text.Append(' ').Append(before[line]).Append('\n');
            first = last + 1;
        }
        return text.ToString();
    }

    private static int End(DiffPlex.Model.DiffBlock block) => block.DeleteStartA + block.DeleteCountA;
}
