using System.Collections.Generic;
using System.Linq;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Runtime.Tests.Optim.OptimCases;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Optim;

public class LRSchedulerReferenceTests
{
    [Theory]
    [InlineData("steplr")]
    [InlineData("cosine")]
    [InlineData("poly")]
    [InlineData("poly_closed_form")]
    [InlineData("linear")]
    [InlineData("linear_to_end_factor")]
    [InlineData("warmup_poly")]
    [InlineData("warmup_cosine")]
    public void LearningRateOfEveryGroupMatchesPyTorchAtEveryStep(string config)
    {
        nn.Parameter[] parameters = [new(zeros(1)), new(zeros(1))];
        using var optimizer = ScheduleOptimizer(parameters);
        var scheduler = Scheduler(config, optimizer);
        var lrs = new List<double>(scheduler.get_last_lr());
        for (var step = 0; step < ScheduleSteps; step++)
        {
            optimizer.step();
            scheduler.step();
            lrs.AddRange(scheduler.get_last_lr());
            Assert.Equal(scheduler.get_last_lr(), optimizer.param_groups.Select(g => g.lr));
        }
        using var actual = tensor(lrs.ToArray(), [ScheduleSteps + 1, 2]);
        // The same double arithmetic as PyTorch's Python, in the same order: the values agree to the bit.
        TensorAssert.Equal(Reference($"lr.{config}"), actual, config);
        Dispose(parameters);
    }
}
