using System.Globalization;
using SegGen.Contracts;

namespace SegGen.Cli.Models;

/// <summary>An input size written as <c>256</c> (square) or <c>256x320</c> (height × width).</summary>
internal static class InputSize
{
    /// <exception cref="UserError">The text is not one of those forms with positive sizes.</exception>
    public static (long Height, long Width) Parse(string text)
    {
        var parts = text.ToLowerInvariant().Replace('×', 'x').Split('x');
        if (parts.Length is 1 or 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var height) && height > 0)
        {
            if (parts.Length == 1) return (height, height);
            if (long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0) return (height, width);
        }
        throw new UserError($"--size takes SIZE or HEIGHTxWIDTH with positive sizes, got '{text}'");
    }

    /// <summary>Why <paramref name="contract"/> rejects the size, naming the next accepted one, or null when it accepts it.</summary>
    public static string? Rejection(InputContract contract, string model, long height, long width)
    {
        if (contract.Accepts(height, width)) return null;
        var (nextHeight, nextWidth) = (contract.Height.NextAccepted(height), contract.Width.NextAccepted(width));
        var next = nextHeight > 0 && nextWidth > 0 ? $"; the next accepted size is {nextHeight}x{nextWidth}" : "";
        return $"{model} does not accept {height}x{width} ({contract.Height}; {contract.Width}){next}";
    }
}
