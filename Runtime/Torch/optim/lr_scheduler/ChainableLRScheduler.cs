using System;
using System.Collections.Generic;
using System.Linq;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// A schedule computed group by group, in PyTorch's two forms: the chainable form, which derives
/// the next lr from the group's current one (so that other changes to the lr compose with it), used
/// by <see cref="step()"/>; and the closed form, from the group's initial lr alone, used when
/// <see cref="SequentialLR"/> restarts a schedule at a milestone. The two can differ in the last
/// bits, which is why both are kept: matching PyTorch bit for bit needs the one it uses.
/// </summary>
public abstract class ChainableLRScheduler : LRScheduler
{
    private const string BaseLrsKey = "base_lrs";

    private double[] baseLrs = [];

    private protected ChainableLRScheduler(Optimizer optimizer) : base(optimizer)
    {
    }

    /// <summary>Each group's lr when the first scheduler was made on the optimizer (its <c>initial_lr</c>).</summary>
    public IReadOnlyList<double> base_lrs => baseLrs;

    /// <summary>
    /// The end of PyTorch's constructor, for a subclass to call once its settings are checked and set:
    /// records each group's initial lr (the first scheduler's wins) and takes step 0.
    /// </summary>
    private protected void Start()
    {
        foreach (var group in optimizer.param_groups) group.initial_lr ??= group.lr;
        baseLrs = optimizer.param_groups.Select(g => g.initial_lr!.Value).ToArray();
        step();
    }

    public override void step()
    {
        last_epoch++;
        SetLrs(ChainedLr);
    }

    /// <summary>Jumps to <paramref name="epoch"/> with the closed form, as PyTorch's <c>step(epoch)</c> (which SequentialLR uses).</summary>
    internal void step(int epoch)
    {
        last_epoch = epoch;
        SetLrs((_, base_lr) => ClosedFormLr(base_lr));
    }

    /// <summary>The lr at <see cref="LRScheduler.last_epoch"/> from the group's current <paramref name="lr"/> (PyTorch's <c>get_lr</c>).</summary>
    private protected abstract double ChainedLr(double lr, double base_lr);

    /// <summary>The lr at <see cref="LRScheduler.last_epoch"/> from the group's initial lr (PyTorch's <c>_get_closed_form_lr</c>).</summary>
    private protected abstract double ClosedFormLr(double base_lr);

    private void SetLrs(Func<double, double, double> lrOf)
    {
        var groups = optimizer.param_groups;
        var values = new double[groups.Count];
        for (var i = 0; i < values.Length; i++) values[i] = lrOf(groups[i].lr, baseLrs[i]);
        for (var i = 0; i < values.Length; i++) groups[i].lr = values[i];
        RecordLastLr(values);
    }

    /// <summary>The base entries plus <c>base_lrs</c> (float64 per group).</summary>
    public override Dictionary<string, Tensor> state_dict()
    {
        var state = base.state_dict();
        state.Add(BaseLrsKey, StateDictEntries.Vector(baseLrs));
        return state;
    }

    public override void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var loaded = ReadPerGroup(state, BaseLrsKey);
        base.load_state_dict(state);
        baseLrs = loaded;
    }
}
