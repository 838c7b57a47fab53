using System;
using System.Collections.Generic;
using System.Linq;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// Sets the lr of each of an optimizer's parameter groups as training goes on. Call
/// <see cref="step"/> once per epoch (or iteration), after the optimizer's step, as in PyTorch.
/// </summary>
public abstract class LRScheduler
{
    private const string LastEpochKey = "last_epoch";
    private const string LastLrKey = "last_lr";

    private double[] lastLr = [];

    private protected LRScheduler(Optimizer optimizer) => this.optimizer = optimizer;

    public Optimizer optimizer { get; }

    /// <summary>The epoch the lrs are at: 0 right after construction (which takes step 0), one more after each step.</summary>
    public int last_epoch { get; internal set; } = -1;

    /// <summary>The lr of each group as this scheduler last set it.</summary>
    public IReadOnlyList<double> get_last_lr() => lastLr;

    public abstract void step();

    private protected void RecordLastLr(IEnumerable<double> values) => lastLr = values.ToArray();

    /// <summary>
    /// What <see cref="load_state_dict"/> needs to continue exactly where this scheduler is:
    /// <c>last_epoch</c> (int64) and <c>last_lr</c> (float64 per group), plus what a schedule adds.
    /// The schedule's own settings (step_size, gamma, …) are not included: the code that makes the
    /// scheduler gives them again. Every tensor is new: the caller disposes them.
    /// </summary>
    public virtual Dictionary<string, Tensor> state_dict() => new(StringComparer.Ordinal)
    {
        [LastEpochKey] = tensor((long)last_epoch),
        [LastLrKey] = StateDictEntries.Vector(lastLr),
    };

    /// <summary>
    /// Continues from a <see cref="state_dict"/>. The groups' lrs themselves are part of the optimizer's
    /// state: load that too (PyTorch's resume order: make both, then load both).
    /// </summary>
    /// <exception cref="TorchException">An entry is missing or sized for another number of groups.</exception>
    public virtual void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var lr = ReadPerGroup(state, LastLrKey);
        last_epoch = (int)StateDictEntries.ReadScalar(state, LastEpochKey, GetType().Name);
        lastLr = lr;
    }

    private protected double[] ReadPerGroup(IReadOnlyDictionary<string, Tensor> state, string key)
    {
        var values = StateDictEntries.ReadVector(state, key, GetType().Name);
        if (values.Length != optimizer.param_groups.Count)
        {
            throw new TorchException($"cannot load the state of {GetType().Name}: '{key}' has {values.Length} values for {optimizer.param_groups.Count} parameter groups");
        }
        return values;
    }
}
