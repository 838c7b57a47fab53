using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Cli.Models;

/// <summary>
/// Loads a model's weights from a SegGen training checkpoint (<c>model.</c>-prefixed keys next to the optimizer's),
/// a plain safetensors state dict or a PyTorch <c>torch.save</c> state dict.
/// </summary>
internal static class Weights
{
    private const string CheckpointPrefix = "model.";

    /// <exception cref="UserError">The file is missing or unreadable, not a state dict, or does not fit the model (names the keys).</exception>
    public static void Load(nn.Module model, string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such weights file");
        var tensors = torch.load(path);
        try
        {
            var state = ModelState(tensors, model);
            try
            {
                model.load_state_dict(state);
            }
            catch (TorchException e)
            {
                throw new UserError($"{path}: {e.Message}");
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>A training checkpoint's model part (keys without their prefix), or the file's tensors as they are.</summary>
    private static IReadOnlyDictionary<string, Tensor> ModelState(Dictionary<string, Tensor> tensors, nn.Module model)
    {
        var ownKeys = model.state_dict().Keys.ToHashSet();
        var isCheckpoint = tensors.Keys.Any(k => k.StartsWith(CheckpointPrefix, StringComparison.Ordinal)) && !tensors.Keys.Any(ownKeys.Contains);
        return isCheckpoint
            ? tensors.Where(kv => kv.Key.StartsWith(CheckpointPrefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[CheckpointPrefix.Length..], kv => kv.Value)
            : tensors;
    }
}
