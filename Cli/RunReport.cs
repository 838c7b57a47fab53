using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SegGen.Data;
using SegGen.Torch.Serialization;
using SegGen.Training;
using Spectre.Console;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary>What a training run tells its user: the setup, metrics.json after every epoch (written atomically), and the final table.</summary>
internal sealed class RunReport(string folder, IReadOnlyList<string> classNames, TextWriter output)
{
    private readonly List<Dictionary<string, object>> epochs = [];

    public void Start(nn.Module model, string data, ISegmentationDataSet train, ISegmentationDataSet validation, TrainJobOptions options, TrainingOptions training, int firstEpoch)
    {
        Describe(model, data, options, $"{train.Count} train / {validation.Count} val images");
        var schedule = training.Schedule == ScheduleKind.Poly ? "poly" : $"step ×{training.StepGamma.ToString(CultureInfo.InvariantCulture)} every {training.StepEpochs} epochs";
        output.WriteLine($"training   {options.Epochs} epochs, batch {options.BatchSize}, {options.Optimizer} lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)} {schedule}, {options.Threads} threads, seed {options.Seed}" +
            (training.ClassWeights is { } weights ? $", class weights {string.Join(" ", weights.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))}" : "") +
            (firstEpoch > 0 ? $", resuming after epoch {firstEpoch}" : ""));
        var metricsFile = Path.Combine(folder, "metrics.json");
        if (firstEpoch > 0 && File.Exists(metricsFile))
        {
            // Keep the epochs already done, as an uninterrupted run would have them.
            epochs.AddRange(JsonSerializer.Deserialize<List<Dictionary<string, object>>>(File.ReadAllText(metricsFile))!.Take(firstEpoch));
        }
    }

    /// <summary>The model and data lines that start a training or evaluation report.</summary>
    public void Describe(nn.Module model, string data, TrainJobOptions options, string images)
    {
        var parameters = model.parameters().Sum(p => p.numel());
        output.WriteLine($"model      UNetSmall (width {options.Width}, {parameters:N0} parameters)");
        output.WriteLine($"data       {data}, {classNames.Count} classes ({string.Join(", ", classNames)}), {images}");
    }

    public void Epoch(int epoch, double loss, Evaluation evaluation, TimeSpan elapsed)
    {
        var confusion = evaluation.Confusion;
        epochs.Add(new Dictionary<string, object>
        {
            ["epoch"] = epoch + 1,
            ["loss"] = Round(loss),
            ["global_accuracy"] = Round(confusion.GlobalAccuracy),
            ["mean_class_accuracy"] = Round(confusion.MeanClassAccuracy),
            ["mean_iou"] = Round(confusion.MeanIoU),
            ["boundary_f1"] = Round(evaluation.Boundary.Value),
            ["class_iou"] = classNames.Zip(confusion.ClassIoU(), (name, iou) => (name, iou)).ToDictionary(x => x.name, x => (object)Round(x.iou)),
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
        });
        var json = JsonSerializer.SerializeToUtf8Bytes(epochs, new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(Path.Combine(folder, "metrics.json"), stream => stream.Write(json));
    }

    public void Final(Evaluation evaluation, TimeSpan elapsed)
    {
        var confusion = evaluation.Confusion;
        var table = new Table().Title("validation").AddColumn("class").AddColumn(new TableColumn("IoU").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned());
        foreach (var (name, iou, accuracy) in classNames.Zip(confusion.ClassIoU(), confusion.ClassAccuracy()))
        {
            table.AddRow(name, Percent(iou), Percent(accuracy));
        }
        // Colour codes only for a terminal: logs and CI get plain text.
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.Write(table);
        output.WriteLine($"global accuracy (G)      {Percent(confusion.GlobalAccuracy)}");
        output.WriteLine($"mean class accuracy (C)  {Percent(confusion.MeanClassAccuracy)}");
        output.WriteLine($"mean IoU                 {Percent(confusion.MeanIoU)}");
        output.WriteLine($"boundary F1              {Percent(evaluation.Boundary.Value)}");
        output.WriteLine($"time                     {elapsed.TotalSeconds:F0} s");
    }

    private static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value, 4);

    private static string Percent(double value) => double.IsNaN(value) ? "–" : (value * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
