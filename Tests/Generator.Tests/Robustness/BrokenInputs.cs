using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace SegGen.Generator.Tests.Robustness;

/// <summary>One input for the generator: what it is (to find it again) and its text.</summary>
public sealed record BrokenInput(string Name, string Text);

/// <summary>
/// Inputs a generator meets in an editor: valid models with a few random edits (lines deleted,
/// duplicated or swapped, characters flipped, numbers made 0, −1 or huge, brackets unbalanced, tabs,
/// unknown names, truncation, junk), plus hand-made extremes (empty, binary, deep nesting, macro and
/// repeat bombs, stride explosions, thousands of layers). Reproducible from the seed.
/// </summary>
internal sealed class BrokenInputs(Random random)
{
    private static readonly string[] Numbers =
        ["0", "-1", "1", "2", "65536", "2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "1e308", "0.7", "-0", "007", "1.", "3e"];

    private static readonly string[] Names =
        ["frobnicate", "conv", "maxpool", "unpool", "image", "enc1", "enc1.indices", "enc1.99", "a.b.c", "_", "H", "N", "classes", "bilinear",
         "forward", "Contract", "training", "Dispose", "Fcn", "TinySegNet", "Everything", "TwoInputs", "Graph", "System", "global"];

    private static readonly string[] Arguments =
        [", foo=1", ", 1", ", k=-1", ", stride=0", ", pad=99999", ", scale=0.7", ", like=nowhere", ", indices=maybe", ", out=0", ", mode=cubic", ", =", ", offset=-3"];

    private static readonly string[] YamlPieces =
        ["&a ", "*a", "!!binary ", "---\n", "...\n", "? ", "- ", "|\n", ">\n", "%YAML 1.2\n", "<<: *a\n", "{", "\"", "'", ": ", "#", "!", "@", "`"];

    private const string Characters = "[]{}(),:=.-+*#'\"\t\n x_0123456789aHWNé你\u0000\u00a0\uffff\ud800";

    private static readonly Regex Number = new(@"\d+(\.\d+)?", RegexOptions.CultureInvariant);

    private static readonly Regex Identifier = new(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant);

    public static IReadOnlyList<BrokenInput> Create(int seed, int mutants) => new BrokenInputs(new Random(seed)).Build(mutants);

    private List<BrokenInput> Build(int mutants)
    {
        var result = new List<BrokenInput>(Extremes());
        for (var i = 0; i < mutants; i++)
        {
            var (name, text) = ValidModels.All[random.Next(ValidModels.All.Count)];
            var edits = new List<string>();
            for (var n = random.Next(5) switch { < 3 => 1, 3 => 2, _ => 3 }; n > 0; n--)
            {
                var (edit, mutated) = Mutate(text);
                edits.Add(edit);
                text = mutated;
            }
            result.Add(new BrokenInput($"#{i} {name}: {string.Join(", ", edits)}", text));
        }
        for (var i = 0; i < 100; i++) result.Add(new BrokenInput($"junk #{i}", Junk()));
        return result;
    }

    // ---- edits ---------------------------------------------------------------------------------

    private (string Edit, string Text) Mutate(string text)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        var at = random.Next(text.Length + 1);
        // Mostly edits that keep the YAML readable, so that many inputs reach binding, shapes and emission.
        var kind = random.Next(4) == 0 ? random.Next(15) : Pick(0, 1, 2, 5, 5, 5, 6, 6, 6, 12, 14, 14);
        switch (kind)
        {
            case 0:
                lines.RemoveAt(line);
                return ($"delete line {line + 1}", string.Join("\n", lines));
            case 1:
                lines.Insert(line, lines[line]);
                return ($"duplicate line {line + 1}", string.Join("\n", lines));
            case 2:
                var other = random.Next(lines.Count);
                (lines[line], lines[other]) = (lines[other], lines[line]);
                return ($"swap lines {line + 1} and {other + 1}", string.Join("\n", lines));
            case 3:
                return at == text.Length ? ("no flip at the end", text) : ($"flip character {at}", text.Remove(at, 1).Insert(at, Pick(Characters).ToString()));
            case 4:
                return at == text.Length ? ("no deletion at the end", text) : ($"delete character {at}", text.Remove(at, 1));
            case 5:
                return ReplaceMatch(text, Number, Numbers, "number");
            case 6:
                return ReplaceMatch(text, Identifier, Names, "name");
            case 7:
                return ($"bracket at {at}", text.Insert(at, Pick("()[]{}").ToString()));
            case 8:
                lines[line] = "\t" + lines[line].TrimStart(' ');
                return ($"tab on line {line + 1}", string.Join("\n", lines));
            case 9:
                lines[line] = random.Next(2) == 0 ? " " + lines[line] : lines[line].Length > 0 && lines[line][0] == ' ' ? lines[line].Substring(1) : lines[line];
                return ($"indent line {line + 1}", string.Join("\n", lines));
            case 10:
                return ($"truncate at {at}", text.Substring(0, at));
            case 11:
                return ($"junk at {at}", text.Insert(at, Junk(random.Next(1, 8))));
            case 12:
                var close = text.IndexOf(')', at < text.Length ? at : 0);
                return close < 0 ? ("no call to repeat", text) : ($"repeat after {close}", text.Insert(close + 1, Pick(" x1000", " x0", " x99999", " x-1", " x2", "x3")));
            case 13:
                return ($"yaml piece at {at}", text.Insert(at, Pick(YamlPieces)));
            default:
                var open = text.IndexOf('(', at < text.Length ? at : 0);
                return open < 0 ? ("no call to extend", text) : ($"argument at {open}", text.Insert(text.IndexOf(')', open) is var end and > 0 ? end : open + 1, Pick(Arguments)));
        }
    }

    private (string Edit, string Text) ReplaceMatch(string text, Regex pattern, string[] replacements, string what)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return ($"no {what} to replace", text);
        var match = matches[random.Next(matches.Count)];
        var replacement = Pick(replacements);
        return ($"{what} '{match.Value}' at {match.Index} → '{replacement}'", text.Remove(match.Index, match.Length).Insert(match.Index, replacement));
    }

    private string Junk() => random.Next(3) switch
    {
        0 => Junk(random.Next(0, 400)),
        1 => string.Join(" ", Enumerable.Range(0, random.Next(1, 60)).Select(_ => Pick(Pick(Names), Pick(Numbers), Pick(YamlPieces), Pick(Arguments), "\n", "layers:", "inputs:", "model:"))),
        _ => Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(256)).ToArray()),
    };

    /// <summary>Any UTF-16 code units, including NUL, controls and lone surrogates.</summary>
    private string Junk(int length) => new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0, 0x10000)).ToArray());

    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    private char Pick(string characters) => characters[random.Next(characters.Length)];

    // ---- extremes ------------------------------------------------------------------------------

    private static IEnumerable<BrokenInput> Extremes()
    {
        static string Model(string layers, string macros = "") =>
            "model: Extreme\ninputs:\n  image: [N, 1, H, W]\n" + (macros.Length > 0 ? "macros:\n" + macros : "") + "layers:\n" + layers;
        static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
        static string Each(int count, Func<int, string> line) => string.Concat(Enumerable.Range(0, count).Select(line));

        yield return new("empty file", "");
        yield return new("blank lines", "\n\n   \n\t\n");
        yield return new("a comment only", "# nothing here\n");
        yield return new("a scalar", "conv(3, 3)");
        yield return new("a list", "- model: X\n- layers: []\n");
        yield return new("NUL bytes", "model: X\0\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  a: relu\0\n");
        yield return new("byte order mark", "\ufeffmodel: X\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  a: relu\n");
        yield return new("empty sections", "model: X\ninputs: {}\nlayers: {}\n");
        yield return new("empty layers", "model: X\ninputs:\n  image: [N, 1, H, W]\nlayers: {}\n");
        yield return new("empty inputs", "model: X\ninputs: {}\nlayers:\n  a: relu\n");
        yield return new("null sections", "model: X\ninputs:\nlayers:\noutputs:\n");
        yield return new("an empty chain", "model: X\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  a: []\n");
        yield return new("two documents", "model: X\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  a: relu\n---\nmodel: Y\n");
        yield return new("macro bomb 1000^3", Model("  a: m3\n", "  m0: [relu]\n  m1: [m0 x1000]\n  m2: [m1 x1000]\n  m3: [m2 x1000]\n"));
        yield return new("macro bomb with errors", Model("  a: m3\n", "  m0: [nosuchop]\n  m1: [m0 x1000]\n  m2: [m1 x1000]\n  m3: [m2 x1000]\n"));
        yield return new("macro doubling 30 deep", Model("  a: m29\n", "  m0: [relu]\n" + Each(29, i => $"  m{i + 1}: [m{i}, m{i}]\n")));
        yield return new("self-recursive macro", Model("  a: m\n", "  m: [m, m]\n"));
        yield return new("mutually recursive macros", Model("  a: p\n", "  p: [q, relu]\n  q: [p]\n"));
        yield return new("repeat 1000 in 20 layers", Model(Each(20, i => $"  a{i}: [conv(2, 3, pad=1) x1000]\n")));
        yield return new("5000 layers", Model(Each(5000, i => $"  a{i}: add(image)\n")));
        yield return new("a 20000-op list", Model("  a: [" + string.Join(", ", Enumerable.Repeat("relu", 20000)) + "]\n"));
        yield return new("YAML nested 100 deep", Model("  a: " + Repeat("[", 100) + Repeat("]", 100) + "\n"));
        yield return new("YAML nested 100000 deep", "model: X\ninputs:\n  image: " + Repeat("[", 100_000) + Repeat("]", 100_000) + "\nlayers:\n  a: relu\n");
        yield return new("YAML block nesting 2000 deep", "model: X\ninputs:\n  image:\n" + Each(2000, i => new string(' ', 2 * i + 4) + "-\n") + "layers:\n  a: relu\n");
        yield return new("brackets 100000 deep in a layer", Model("  a: " + Repeat("[", 100_000) + "\n"));
        yield return new("parentheses 100000 deep", Model("  a: conv(" + Repeat("(", 100_000) + "1" + Repeat(")", 100_000) + ", 3)\n"));
        yield return new("100000 signs", Model("  a: conv(" + Repeat("-", 100_000) + "1, 3)\n"));
        yield return new("a sum of 100000 terms", Model("  a: conv(" + Repeat("1+", 100_000) + "1, 3)\n"));
        yield return new("a 1 MB line", Model("  a: " + Repeat("x", 1 << 20) + "\n"));
        yield return new("alias bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
            "model: X\ninputs:\n  image: *c\nlayers:\n  a: relu\n");
        yield return new("stride 2 x100", Model("  a: [conv(2, 3, stride=2, pad=1) x100]\n"));
        yield return new("ceil-mode pools x60", Model("  a: [maxpool(2, ceil=true) x60]\n"));
        yield return new("deconv x2 x70", Model("  a: [deconv(1, 2, stride=2) x70]\n"));
        yield return new("upsample x2 x70", Model("  a: [upsample(scale=2) x70]\n"));
        yield return new("coprime strides", Model("  a: [maxpool(2, stride=251), maxpool(2, stride=257), maxpool(2, stride=263)]\n  b: upsample(like=image)\n  c: add(image)\n"));
        yield return new("huge stride", Model("  a: maxpool(2, stride=9223372036854775807)\n"));
        yield return new("huge kernel and pad", Model("  a: conv(1, 9223372036854775807, pad=9223372036854775807)\n"));
        yield return new("huge channels", Model("  a: conv(9223372036854775807, 3)\n  b: concat(a)\n"));
        yield return new("huge declared modulus", "model: X\ninputs:\n  image: [N, 1, 9223372036854775807*h+5, W]\nlayers:\n  a: maxpool(2)\n");
        yield return new("tiny scale", Model("  a: upsample(scale=0.0000000000000000001)\n"));
        yield return new("huge scale", Model("  a: upsample(scale=1e308)\n"));
        yield return new("huge repeat", Model("  a: [relu x99999999999999999999]\n"));
    }
}

/// <summary>The valid models the edits start from: together they use every op and section of the language.</summary>
internal static class ValidModels
{
    public static IReadOnlyList<(string Name, string Text)> All { get; } =
    [
        ("TinySegNet", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "TinySegNet.seg.yaml"))),
        ("Everything", """
            model: Everything
            namespace: Demo.Robustness
            summary: Every op and section once.
            hyperparameters:
              classes: 4
              width: 8
              drop: 0.25
              pretrained: false
            inputs:
              image: [N, 3, 4*h, 4*w]
            macros:
              cbr(out): [conv(out, 3, pad=1), batchnorm, relu]
              down(out): [cbr(out), maxpool(2, indices=true)]
            layers:
              enc1: down(width)
              enc2: [cbr(2*width) x2, maxpool(2, stride=2, indices=true)]
              ctx: [avgpool(3, stride=1, pad=1, count_pad=false), dropout(drop, mc=true)]
              dec2: [unpool(enc2), cbr(width)]
              dec1: [unpool(enc1.indices), cbr(width)]
              side:
                from: enc1.0
                ops: [conv(width, 1, bias=false), upsample(like=image, mode=nearest)]
              fuse: {from: dec1, ops: [concat(side), conv(classes, 1), scale(0.5)]}
              head: [deconv(classes, 4, stride=2, pad=1, init=bilinear, frozen=true), crop(like=image, offset=1)]
              probs: softmax
              pooled: {from: ctx, ops: [gap, upsample(scale=2, align_corners=true)]}
              skip: {from: image, ops: [conv(classes, 3, stride=2, pad=1, dilation=1), maxpool(2, ceil=true)]}
              mix: {from: skip, ops: [upsample(scale=4), add(fuse)]}
            outputs:
              logits: {from: fuse, shape: [N, classes, H, W]}
              probs: probs
              mixed: mix
            """),
        ("Fcn", """
            model: Fcn
            hyperparameters:
              classes: 21
            inputs:
              image: [N, 3, H, W]
            layers:
              features: [conv(8, 3, pad=100), relu, maxpool(2, stride=2, ceil=true), conv(8, 3, pad=1), relu, maxpool(2, ceil=true)]
              score: [conv(classes, 1), deconv(classes, 8, stride=4, bias=false)]
              cropped: crop(like=image, offset=19)
            """),
        ("TwoInputs", """
            model: TwoInputs
            inputs:
              rgb: [N, 3, H, W]
              depth: [N, 1, H, W]
            layers:
              colour:
                - conv(4, 3, pad=1)
                - relu
              geometry: {from: depth, ops: conv(4, 3, pad=1)}
              both: add(colour)
            outputs:
              fused: {from: both, shape: [N, 4, H, W]}
            """),
    ];
}
