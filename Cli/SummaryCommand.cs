using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SegGen.Cli.Models;
using SegGen.Contracts;

namespace SegGen.Cli;

/// <summary><c>seggen summary MODEL</c>: the per-layer table of a model at an input size: shapes symbolic and concrete, parameters, FLOPs.</summary>
internal static class SummaryCommand
{
    private const long DefaultSize = 224;

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A zoo model (seggen models lists them), a *.seg.yaml file, or a model declared in FILES" };
        var files = new Argument<string[]>("files") { Description = "More *.seg.yaml files, whose models MODEL may use (as the zoo's)", Arity = ArgumentArity.ZeroOrMore };
        var size = new Option<string>("--size") { Description = "Input HEIGHTxWIDTH or SIZE (default: the smallest accepted size from 224 on)" };
        var batch = new Option<long>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 1 };
        var hyperparameters = ModelOptions.Hyperparameters();
        var command = new Command("summary", "Print a model's layers with their symbolic and concrete output shapes, parameters and FLOPs at an input size")
        {
            model, files, size, batch, hyperparameters,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "summary", () =>
        {
            var checkedModel = Declarations.Check(parse.GetValue(model)!, parse.GetValue(files) ?? []);
            var (bound, shapes) = (checkedModel.Model!, checkedModel.Shapes!);
            var values = bound.Hyperparameters.Where(h => h.Kind == Generator.Model.HyperparameterKind.Int).ToDictionary(h => h.Name, h => h.IntegerDefault);
            foreach (var (name, text) in HyperparameterValues.Read(parse.GetValue(hyperparameters) ?? []))
            {
                if (!values.ContainsKey(name)) throw new UserError($"{bound.Name} has no integer hyperparameter '{name}'; it has {string.Join(", ", values.Keys)}");
                values[name] = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value > 0
                    ? value
                    : throw new UserError($"{bound.Name}'s hyperparameter '{name}' takes a positive integer, got '{text}'");
            }
            var contract = shapes.Contracts[0];
            var runtimeContract = new InputContract(contract.Input, bound.Inputs[0].ShapeText, Runtime(contract.Height), Runtime(contract.Width));
            var (height, width) = parse.GetValue(size) is { } sizeText
                ? InputSize.Parse(sizeText)
                : (runtimeContract.Height.NextAccepted(DefaultSize), runtimeContract.Width.NextAccepted(DefaultSize));
            if (InputSize.Rejection(runtimeContract, bound.Name, height, width) is { } rejection) throw new UserError(rejection);
            var batchSize = parse.GetValue(batch);
            if (batchSize < 1) throw new UserError($"--batch must be at least 1, got {batchSize}");

            IReadOnlyList<Layer> layers;
            (long Parameters, long Flops, long MultiplyAccumulates) totals;
            try
            {
                layers = LayerTable.Evaluate(bound, shapes, values, batchSize, height, width);
                totals = (layers.Sum(l => l.Parameters), layers.Sum(l => l.Flops), layers.Sum(l => l.MultiplyAccumulates));
            }
            catch (OverflowException)
            {
                throw new UserError($"{bound.Name} at {batchSize}x{height}x{width}: too large to count in 64 bits");
            }
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{bound.Name} at {batchSize}x{bound.Inputs[0].Channels.Evaluate(values)}x{height}x{width}" +
                (values.Count > 0 ? $" ({string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))})" : ""));
            Write(output, layers, totals);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static DimContract Runtime(Generator.Shapes.DimContract contract) => new(contract.Symbol, contract.Modulus, [.. contract.MinimumByResidue]);

    private static void Write(TextWriter output, IReadOnlyList<Layer> layers, (long Parameters, long Flops, long MultiplyAccumulates) totals)
    {
        var rows = layers.Select(l => new[] { l.Node, l.Op, l.Shape, $"[{string.Join(", ", l.Concrete)}]", Number(l.Parameters), Number(l.Flops) }).ToList();
        string[] header = ["node", "op", "shape", "at this size", "parameters", "FLOPs"];
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Append(header).Max(r => r[c].Length)).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, c) => c >= 4 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
        output.WriteLine(Line(header));
        foreach (var row in rows) output.WriteLine(Line(row));
        var (parameters, flops, macs) = totals;
        output.WriteLine($"total: {Number(parameters)} parameters, {Number(flops)} FLOPs ({(flops / 1e9).ToString("F2", CultureInfo.InvariantCulture)} GFLOPs)");
        // The generated MultiplyAccumulates' count (times the batch), for comparing the two.
        output.WriteLine($"convolutions: {Number(macs)} multiply-accumulates");
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
