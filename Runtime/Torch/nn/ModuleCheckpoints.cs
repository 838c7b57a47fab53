using System.Collections.Generic;

namespace SegGen.Torch;

/// <summary>Loading a module's parameters and buffers straight from a file.</summary>
public static class ModuleCheckpoints
{
    /// <summary>
    /// Reads the state dict at <paramref name="path"/> (safetensors or a torch.save checkpoint: see <see cref="torch.load"/>)
    /// and copies it into <paramref name="module"/> by name, as
    /// <see cref="torch.nn.Module.load_state_dict(IReadOnlyDictionary{string, torch.Tensor}, bool)"/> does.
    /// </summary>
    public static StateDictReport load_state_dict(this torch.nn.Module module, string path, bool strict = true)
    {
        var state = torch.load(path);
        try
        {
            return module.load_state_dict(state, strict);
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }
}
