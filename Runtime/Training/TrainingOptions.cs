namespace SegGen.Training;

public enum OptimizerKind
{
    /// <summary>SGD with momentum and weight decay, as FCN, SegNet and DeepLab were trained.</summary>
    Sgd,
    /// <summary>AdamW: converges in fewer steps on small problems.</summary>
    AdamW,
}

public enum ScheduleKind
{
    /// <summary>DeepLab's poly: <c>lr·(1 − step/steps)^power</c>, per optimizer step.</summary>
    Poly,
    /// <summary>The rate times <see cref="TrainingOptions.StepGamma"/> every <see cref="TrainingOptions.StepEpochs"/> epochs (FCN, SegNet).</summary>
    Step,
}

/// <summary>
/// How to train: SGD with momentum and weight decay (or AdamW) under DeepLab's poly schedule
/// <c>lr·(1 − it/max)^power</c> (or a step schedule), cross-entropy that skips <see cref="IgnoreIndex"/>.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    public double LearningRate { get; init; } = 0.05;

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; } = 1e-4;

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Poly;

    /// <summary>Exponent of the poly schedule; 0 keeps the rate constant.</summary>
    public double PolyPower { get; init; } = 0.9;

    /// <summary>Epochs between the step schedule's decays.</summary>
    public int StepEpochs { get; init; } = 10;

    /// <summary>The step schedule's factor per decay.</summary>
    public double StepGamma { get; init; } = 0.1;

    /// <summary>Weight of the auxiliary head's loss, for models that have one (PSPNet used 0.4).</summary>
    public double AuxLossWeight { get; init; } = 0.4;

    /// <summary>Labels with this value do not count (PASCAL VOC's border).</summary>
    public long IgnoreIndex { get; init; } = 255;

    /// <summary>Per-class loss weights (e.g. SegNet's median-frequency balancing), or null.</summary>
    public float[]? ClassWeights { get; init; }

    /// <summary>Batches whose gradients are summed before each optimizer step.</summary>
    public int AccumulationSteps { get; init; } = 1;
}
