using SegGen.Metrics;
using static SegGen.Torch.torch;

namespace SegGen.Training;

/// <summary>What an evaluation measured: the confusion matrix (G, C, IoU) and boundary F1.</summary>
public sealed record Evaluation(ConfusionMatrix Confusion, BoundaryF1 Boundary);

/// <summary>Runs a model in eval mode, optimised for inference, over a batch source and scores its per-pixel predictions.</summary>
public static class Evaluator
{
    public static Evaluation Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource source, int classCount, long ignoreIndex = ConfusionMatrix.DefaultIgnoreIndex) =>
        Evaluate(model, model.forward, source, classCount, ignoreIndex);

    /// <summary>Scores <paramref name="model"/> through <paramref name="forward"/>, which gives its main logits (models with an auxiliary head).</summary>
    public static Evaluation Evaluate(nn.Module model, System.Func<Tensor, Tensor> forward, IBatchSource source, int classCount, long ignoreIndex = ConfusionMatrix.DefaultIgnoreIndex)
    {
        var evaluation = new Evaluation(new ConfusionMatrix(classCount, ignoreIndex), new BoundaryF1(classCount, ignoreIndex));
        var wasTraining = model.training;
        // Eval mode on prepared weights (docs/inference.md); a model in training gets them dropped again below.
        if (!model.inference_optimized) model.optimize_for_inference();
        using (no_grad())
        {
            foreach (var batch in source.Epoch(0))
            {
                using var scope = NewDisposeScope();
                scope.Attach(batch.Images);
                scope.Attach(batch.Masks);
                var prediction = forward(batch.Images).argmax(1);
                evaluation.Confusion.Update(prediction, batch.Masks);
                evaluation.Boundary.Update(prediction, batch.Masks);
            }
        }
        model.train(wasTraining);
        return evaluation;
    }
}
