using System;

namespace SegGen.Cli.Tests.Support;

/// <summary>
/// Whether a documentation test may rewrite the page it checks with what the code now says
/// (SEGGEN_ACCEPT_DOCS=1, never when CI=true); the diff is then reviewed like any change.
/// </summary>
internal static class Acceptance
{
    public static bool Enabled =>
        Environment.GetEnvironmentVariable("SEGGEN_ACCEPT_DOCS") == "1" && Environment.GetEnvironmentVariable("CI") != "true";

    public const string Hint = "Run the tests with SEGGEN_ACCEPT_DOCS=1 to rewrite the page, then review its diff.";
}
