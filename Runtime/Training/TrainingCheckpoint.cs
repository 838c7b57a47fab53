using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SegGen.Torch;
using SegGen.Torch.Optim;
using SegGen.Torch.Serialization;
using static SegGen.Torch.torch;

namespace SegGen.Training;

/// <summary>
/// A training run's state in one safetensors file, written atomically: the model (<c>model.*</c>, loadable
/// as a plain state dict after stripping the prefix), the optimizer (<c>optimizer.*</c>), the schedule
/// (<c>scheduler.*</c>) and the number of epochs completed (metadata).
/// </summary>
public static class TrainingCheckpoint
{
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string SchedulerPrefix = "scheduler.";
    private const string EpochsKey = "epochs_completed";

    public static void Save(string path, nn.Module model, Optimizer optimizer, LRScheduler scheduler, int epochsCompleted)
    {
        // Optimizer and scheduler hand out new handles: dispose them after writing; the model's are its own.
        var optimizerState = optimizer.state_dict();
        var schedulerState = scheduler.state_dict();
        try
        {
            var entries = Prefixed(ModelPrefix, model.state_dict())
                .Concat(Prefixed(OptimizerPrefix, optimizerState))
                .Concat(Prefixed(SchedulerPrefix, schedulerState));
            Safetensors.Save(path, entries, new Dictionary<string, string> { [EpochsKey] = epochsCompleted.ToString(CultureInfo.InvariantCulture) });
        }
        finally
        {
            foreach (var tensor in optimizerState.Values.Concat(schedulerState.Values)) tensor.Dispose();
        }
    }

    /// <summary>Restores a run saved by <see cref="Save"/>; returns the number of epochs it had completed.</summary>
    public static int Restore(string path, nn.Module model, Optimizer optimizer, LRScheduler scheduler)
    {
        var tensors = Safetensors.Load(path, out var metadata);
        try
        {
            if (!metadata.TryGetValue(EpochsKey, out var epochs) || !int.TryParse(epochs, NumberStyles.None, CultureInfo.InvariantCulture, out var completed))
            {
                throw new System.IO.InvalidDataException($"{path}: not a SegGen training checkpoint (no '{EpochsKey}' metadata)");
            }
            model.load_state_dict(Unprefixed(ModelPrefix, tensors));
            optimizer.load_state_dict(Unprefixed(OptimizerPrefix, tensors));
            scheduler.load_state_dict(Unprefixed(SchedulerPrefix, tensors));
            return completed;
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// Loads only the model's weights from a checkpoint written by <see cref="Save"/>, or from a plain state
    /// dict (safetensors or PyTorch <c>.pt</c>). The error of a checkpoint for another model names the file and
    /// the missing, unexpected and mis-shaped keys.
    /// </summary>
    public static void LoadModel(string path, nn.Module model)
    {
        if (!System.IO.File.Exists(path)) throw new System.IO.FileNotFoundException($"{path}: no such file", path);
        var tensors = load(path);
        try
        {
            // A checkpoint's model part, unless the file is a plain state dict whose own keys start with "model.".
            var ownKeys = model.state_dict().Keys.ToHashSet();
            var isCheckpoint = tensors.Keys.Any(k => k.StartsWith(ModelPrefix, StringComparison.Ordinal)) && !tensors.Keys.Any(ownKeys.Contains);
            var state = isCheckpoint ? Unprefixed(ModelPrefix, tensors) : tensors;
            model.load_state_dict(state);
        }
        catch (TorchException e)
        {
            throw new System.IO.InvalidDataException($"{path}: {e.Message}", e);
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    private static IEnumerable<KeyValuePair<string, Tensor>> Prefixed(string prefix, Dictionary<string, Tensor> state) =>
        state.Select(kv => new KeyValuePair<string, Tensor>(prefix + kv.Key, kv.Value));

    private static Dictionary<string, Tensor> Unprefixed(string prefix, Dictionary<string, Tensor> tensors) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
