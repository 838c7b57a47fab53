using System;
using System.Globalization;
using System.IO;
using SegGen.Training;
using Spectre.Console;

namespace SegGen.Cli;

/// <summary>Shows training as it goes: a live bar on a terminal, plain lines when output is redirected.</summary>
internal abstract class TrainingProgress : IDisposable
{
    public static TrainingProgress For(TextWriter output, int batchesPerEpoch) =>
        !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out) ? new LiveProgress(batchesPerEpoch) : new LineProgress(output, batchesPerEpoch);

    public abstract void StartEpoch(int epoch, int epochs);

    public abstract void Step(StepReport step);

    public virtual void EndEpoch(int epoch, double loss, Evaluation evaluation) =>
        WriteLine($"epoch {epoch + 1}: loss {loss:F4}, val mIoU {Percent(evaluation.Confusion.MeanIoU)}, G {Percent(evaluation.Confusion.GlobalAccuracy)}");

    protected abstract void WriteLine(string line);

    public virtual void Dispose() { }

    protected static string Percent(double value) => (value * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    protected static string Describe(StepReport s, TimeSpan remaining) =>
        $"loss {s.Loss:F4}  lr {s.LearningRate:F4}  {s.ImagesPerSecond:F0} img/s  ETA {remaining:mm\\:ss}";

    /// <summary>One line every tenth of an epoch, for logs and CI.</summary>
    private sealed class LineProgress(TextWriter output, int batchesPerEpoch) : TrainingProgress
    {
        private int epochs;

        public override void StartEpoch(int epoch, int epochs) => this.epochs = epochs;

        public override void Step(StepReport step)
        {
            var every = Math.Max(1, batchesPerEpoch / 10);
            if (step.Batch % every != 0 && step.Batch != batchesPerEpoch) return;
            var remaining = Remaining(step, epochs, batchesPerEpoch);
            output.WriteLine($"epoch {step.Epoch + 1}/{epochs} batch {step.Batch}/{batchesPerEpoch}  {Describe(step, remaining)}");
        }

        protected override void WriteLine(string line) => output.WriteLine(line);
    }

    /// <summary>Spectre.Console's live progress bar, one task per epoch.</summary>
    private sealed class LiveProgress : TrainingProgress
    {
        private readonly int batchesPerEpoch;
        private readonly ProgressContext context;
        private readonly System.Threading.Tasks.Task running;
        private readonly System.Threading.ManualResetEventSlim started = new();
        private readonly System.Threading.ManualResetEventSlim finished = new();
        private ProgressTask? task;
        private int epochs;

        public LiveProgress(int batchesPerEpoch)
        {
            this.batchesPerEpoch = batchesPerEpoch;
            ProgressContext? captured = null;
            running = System.Threading.Tasks.Task.Run(() => AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    captured = ctx;
                    started.Set();
                    finished.Wait();
                }));
            started.Wait();
            context = captured!;
        }

        public override void StartEpoch(int epoch, int epochs)
        {
            this.epochs = epochs;
            task = context.AddTask($"epoch {epoch + 1}/{epochs}", maxValue: batchesPerEpoch);
        }

        public override void Step(StepReport step)
        {
            if (task is null) return;
            task.Value = step.Batch;
            task.Description = $"epoch {step.Epoch + 1}/{epochs}  {Describe(step, Remaining(step, epochs, batchesPerEpoch))}";
        }

        protected override void WriteLine(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));

        public override void Dispose()
        {
            finished.Set();
            running.Wait();
        }
    }

    /// <summary>Training time left at this epoch's pace (evaluation not included).</summary>
    private static TimeSpan Remaining(StepReport step, int epochs, int batchesPerEpoch) =>
        TimeSpan.FromSeconds((epochs * batchesPerEpoch - (step.Epoch * batchesPerEpoch + step.Batch)) * step.SecondsPerBatch);
}
