using System.IO;
using System.Linq;
using SegGen.Data.Synthetic;
using SegGen.Runtime.Tests.Support;
using SegGen.Training;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Training;

/// <summary>A run stopped after an epoch and resumed from its checkpoint is the run that never stopped.</summary>
[Collection(GlobalRandomCollection.Name)]
public class TrainerResumeTests
{
    private const int Epochs = 3;

    private static readonly SyntheticDataSet Data = new(new SyntheticOptions { Height = 24, Width = 24, Seed = 5 }, SyntheticSplit.Train, 24);

    private static SegmentationLoader Batches() => new(Data, new LoaderOptions { BatchSize = 8, Shuffle = true, Seed = 5 });

    private static nn.Module<Tensor, Tensor> NewModel()
    {
        manual_seed(11);
        return nn.Sequential(nn.Conv2d(3, 6, 3, padding: 1), nn.BatchNorm2d(6), nn.ReLU(), nn.Conv2d(6, Data.ClassCount, 1));
    }

    private static Trainer NewTrainer(nn.Module<Tensor, Tensor> model) =>
        new(model, new TrainingOptions { Epochs = Epochs, LearningRate = 0.1 }, Batches().BatchesPerEpoch);

    [Fact]
    public void ResumedRunEndsWithTheUninterruptedRunsWeightsAndBuffers()
    {
        using var uninterrupted = NewModel();
        using (var trainer = NewTrainer(uninterrupted))
        {
            for (var epoch = 0; epoch < Epochs; epoch++) trainer.TrainEpoch(epoch, Batches());
        }

        var checkpoint = Path.Combine(Path.GetTempPath(), $"seggen-resume-{System.Guid.NewGuid():N}.safetensors");
        try
        {
            using (var first = NewModel())
            using (var trainer = NewTrainer(first))
            {
                trainer.TrainEpoch(0, Batches());
                TrainingCheckpoint.Save(checkpoint, first, trainer.Optimizer, trainer.Scheduler, epochsCompleted: 1);
            }

            // A fresh process would build everything anew: different initial weights must not matter.
            manual_seed(99);
            using var resumed = nn.Sequential(nn.Conv2d(3, 6, 3, padding: 1), nn.BatchNorm2d(6), nn.ReLU(), nn.Conv2d(6, Data.ClassCount, 1));
            using var resumedTrainer = NewTrainer(resumed);
            var completed = TrainingCheckpoint.Restore(checkpoint, resumed, resumedTrainer.Optimizer, resumedTrainer.Scheduler);
            Assert.Equal(1, completed);
            for (var epoch = completed; epoch < Epochs; epoch++) resumedTrainer.TrainEpoch(epoch, Batches());

            var expected = uninterrupted.state_dict();
            foreach (var (name, value) in resumed.state_dict()) TensorAssert.Equal(expected[name], value, name);
            Assert.Equal(expected.Keys.Count, resumed.state_dict().Keys.Count());
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [Fact]
    public void TrainingLowersTheLoss()
    {
        using var model = NewModel();
        using var trainer = NewTrainer(model);
        var first = trainer.TrainEpoch(0, Batches());
        var last = Enumerable.Range(1, Epochs - 1).Select(e => trainer.TrainEpoch(e, Batches())).Last();
        Assert.True(last < first, $"loss went from {first} to {last}");
    }
}
