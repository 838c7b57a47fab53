using System.Linq;
using SegGen.Data.Synthetic;
using SegGen.Runtime.Tests.Support;
using SegGen.Training;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Training;

/// <summary>The trainer's step schedule: the rate times gamma every StepEpochs epochs, whatever the batches per epoch.</summary>
[Collection(GlobalRandomCollection.Name)]
public class TrainerScheduleTests
{
    [Fact]
    public void TheStepScheduleDecaysTheRateOncePerStepEpochs()
    {
        var data = new SyntheticDataSet(new SyntheticOptions { Height = 16, Width = 16, Seed = 2 }, SyntheticSplit.Train, 12);
        var batches = new SegmentationLoader(data, new LoaderOptions { BatchSize = 4, Shuffle = true, Seed = 2 });
        manual_seed(3);
        using var model = nn.Sequential(nn.Conv2d(3, data.ClassCount, 3, padding: 1));
        var options = new TrainingOptions { Epochs = 4, LearningRate = 0.1, Schedule = ScheduleKind.Step, StepEpochs = 2, StepGamma = 0.5 };
        using var trainer = new Trainer(model, options, batches.BatchesPerEpoch);

        var rates = Enumerable.Range(0, 4).Select(epoch =>
        {
            trainer.TrainEpoch(epoch, batches);
            return trainer.Scheduler.get_last_lr()[0];
        }).ToList();
        Assert.Equal([0.1, 0.05, 0.05, 0.025], rates.Select(r => System.Math.Round(r, 12)));
    }
}

/// <summary>The auxiliary-head hook: a second head trains through the loss only with a non-zero aux weight.</summary>
[Collection(GlobalRandomCollection.Name)]
public class TrainerAuxiliaryHeadTests
{
    private static bool AuxiliaryHeadChanges(double auxWeight)
    {
        var data = new SyntheticDataSet(new SyntheticOptions { Height = 16, Width = 16, Seed = 4 }, SyntheticSplit.Train, 8);
        var batches = new SegmentationLoader(data, new LoaderOptions { BatchSize = 4, Shuffle = true, Seed = 4 });
        manual_seed(5);
        using var main = nn.Conv2d(3, data.ClassCount, 3, padding: 1);
        using var auxiliary = nn.Conv2d(3, data.ClassCount, 1);
        using var both = nn.Sequential(main, auxiliary); // one module holding both heads' parameters
        using var before = auxiliary.weight.detach().clone();
        var options = new TrainingOptions { Epochs = 1, LearningRate = 0.1, AuxLossWeight = auxWeight };
        // The auxiliary head sees a half-resolution input, so its logits are upsampled to the mask by the loss.
        using (var trainer = new Trainer(both, x => new SegmentationLogits(main.forward(x), auxiliary.forward(nn.functional.avg_pool2d(x, [2, 2]))), options, batches.BatchesPerEpoch))
        {
            trainer.TrainEpoch(0, batches);
        }
        return !before.allclose(auxiliary.weight, rtol: 0, atol: 0);
    }

    [Fact]
    public void TheAuxiliaryHeadLearnsFromItsWeightedLossAndNotWithoutIt()
    {
        Assert.True(AuxiliaryHeadChanges(0.4));
        Assert.False(AuxiliaryHeadChanges(0));
    }
}
