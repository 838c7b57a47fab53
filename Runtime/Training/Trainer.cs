using System;
using System.Diagnostics;
using System.Linq;
using SegGen.Torch.Optim;
using static SegGen.Torch.torch;

namespace SegGen.Training;

/// <summary>One optimizer step's numbers, for progress displays.</summary>
public sealed record StepReport(int Epoch, int Batch, int BatchesPerEpoch, double Loss, double LearningRate, double ImagesPerSecond, double SecondsPerBatch);

/// <summary>
/// Trains a segmentation model with SGD (momentum, weight decay) or AdamW under the poly or step schedule
/// and <see cref="SegmentationLoss"/> (cross-entropy that skips the ignore label, class weights, auxiliary
/// head). Each batch runs in its own dispose scope, so memory stays flat however long the run.
/// Checkpoints let a run resume exactly where it stopped.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module model;
    private readonly Func<Tensor, SegmentationLogits> forward;
    private readonly TrainingOptions options;
    private readonly Tensor? classWeights;

    /// <summary>Trains a model with one output.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainingOptions options, int batchesPerEpoch)
        : this(model, SegmentationLoss.MainOnly(model), options, batchesPerEpoch)
    {
    }

    /// <summary>
    /// Trains <paramref name="model"/> through <paramref name="forward"/>, which gives its main logits and, for
    /// a model with an auxiliary head, those too (e.g. <c>x => { var o = net.forward(x); return new(o.logits, o.aux); }</c>).
    /// </summary>
    public Trainer(nn.Module model, Func<Tensor, SegmentationLogits> forward, TrainingOptions options, int batchesPerEpoch)
    {
        if (options.AccumulationSteps < 1) throw new ArgumentOutOfRangeException(nameof(options), "AccumulationSteps must be at least 1");
        if (options.StepEpochs < 1) throw new ArgumentOutOfRangeException(nameof(options), "StepEpochs must be at least 1");
        this.model = model;
        this.forward = forward;
        this.options = options;
        // Frozen parameters (FCN's bilinear upsampling) are not trained.
        var trained = model.parameters().Where(p => p.requires_grad).ToList();
        Optimizer = options.Optimizer == OptimizerKind.AdamW
            ? optim.AdamW(trained, options.LearningRate, weight_decay: options.WeightDecay)
            : optim.SGD(trained, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        var stepsPerEpoch = (batchesPerEpoch + options.AccumulationSteps - 1) / options.AccumulationSteps;
        Scheduler = options.Schedule == ScheduleKind.Step
            ? optim.lr_scheduler.StepLR(Optimizer, Math.Max(1, options.StepEpochs * stepsPerEpoch), options.StepGamma)
            : optim.lr_scheduler.PolynomialLR(Optimizer, Math.Max(1, options.Epochs * batchesPerEpoch / options.AccumulationSteps), options.PolyPower, closed_form: true);
        classWeights = options.ClassWeights is null ? null : tensor(options.ClassWeights).DetachFromDisposeScope();
    }

    public Optimizer Optimizer { get; }

    public LRScheduler Scheduler { get; }

    /// <summary>Called after every optimizer step.</summary>
    public event Action<StepReport>? StepCompleted;

    /// <summary>Runs one epoch over <paramref name="source"/>; returns the mean loss.</summary>
    public double TrainEpoch(int epoch, IBatchSource source)
    {
        model.train();
        double totalLoss = 0;
        var batches = 0;
        var clock = Stopwatch.StartNew();
        long images = 0;
        foreach (var batch in source.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            scope.Attach(batch.Images);
            scope.Attach(batch.Masks);
            var loss = SegmentationLoss.Compute(forward(batch.Images), batch.Masks, classWeights, options.IgnoreIndex, options.AuxLossWeight);
            (options.AccumulationSteps == 1 ? loss : loss / options.AccumulationSteps).backward();
            var lossValue = loss.item<double>();
            totalLoss += lossValue;
            images += batch.Images.size(0);
            batches++;
            if (batches % options.AccumulationSteps != 0 && batches != source.BatchesPerEpoch) continue;
            Optimizer.step();
            Optimizer.zero_grad(set_to_none: true);
            Scheduler.step();
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            StepCompleted?.Invoke(new StepReport(epoch, batches, source.BatchesPerEpoch, lossValue, Scheduler.get_last_lr()[0],
                images / seconds, seconds / batches));
        }
        return batches == 0 ? double.NaN : totalLoss / batches;
    }

    public void Dispose()
    {
        classWeights?.Dispose();
        Optimizer.Dispose();
    }
}
