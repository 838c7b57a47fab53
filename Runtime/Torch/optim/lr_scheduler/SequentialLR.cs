using System;
using System.Collections.Generic;
using System.Linq;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// Runs schedules one after another, switching at the given epochs: e.g. a <see cref="LinearLR"/>
/// warm-up then <see cref="PolynomialLR"/> (PyTorch's <c>SequentialLR</c>). At a milestone the next
/// schedule starts from its epoch 0 in closed form, i.e. from the groups' initial lr.
/// </summary>
public sealed class SequentialLR : LRScheduler
{
    private const string SchedulersPrefix = "schedulers.";

    private readonly ChainableLRScheduler[] schedulers;
    private readonly int[] milestones;

    internal SequentialLR(Optimizer optimizer, IReadOnlyList<ChainableLRScheduler> schedulers, IReadOnlyList<int> milestones) : base(optimizer)
    {
        if (schedulers.Count == 0) throw new ArgumentException("SequentialLR needs at least one scheduler", nameof(schedulers));
        for (var i = 0; i < schedulers.Count; i++)
        {
            if (!ReferenceEquals(schedulers[i].optimizer, optimizer))
            {
                throw new ArgumentException($"scheduler {i} belongs to another optimizer than the one passed to SequentialLR", nameof(schedulers));
            }
        }
        if (milestones.Count != schedulers.Count - 1)
        {
            throw new ArgumentException($"SequentialLR needs one milestone fewer than schedulers, but got {schedulers.Count} schedulers and {milestones.Count} milestones", nameof(milestones));
        }
        if (milestones.Zip(milestones.Skip(1)).Any(pair => pair.First >= pair.Second))
        {
            throw new ArgumentException($"milestones must increase, not [{string.Join(", ", milestones)}]", nameof(milestones));
        }
        this.schedulers = schedulers.ToArray();
        this.milestones = milestones.ToArray();

        // As PyTorch: undo what making the schedules did (each took its step 0 and changed the lr),
        // then start the first one afresh.
        last_epoch = 0;
        foreach (var group in optimizer.param_groups) group.lr = group.initial_lr!.Value;
        foreach (var scheduler in this.schedulers) scheduler.last_epoch--;
        this.schedulers[0].step();
        RecordLastLr(this.schedulers[0].get_last_lr());
    }

    public override void step()
    {
        last_epoch++;
        var index = milestones.Count(m => m <= last_epoch);
        var scheduler = schedulers[index];
        if (index > 0 && milestones[index - 1] == last_epoch) scheduler.step(epoch: 0);
        else scheduler.step();
        RecordLastLr(scheduler.get_last_lr());
    }

    /// <summary>The base entries plus each schedule's under <c>schedulers.{i}.</c>.</summary>
    public override Dictionary<string, Tensor> state_dict()
    {
        var state = base.state_dict();
        for (var i = 0; i < schedulers.Length; i++) StateDictEntries.AddUnder(state, $"{SchedulersPrefix}{i}.", schedulers[i].state_dict());
        return state;
    }

    public override void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        base.load_state_dict(state);
        for (var i = 0; i < schedulers.Length; i++) schedulers[i].load_state_dict(StateDictEntries.Under(state, $"{SchedulersPrefix}{i}."));
    }
}
