using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>Holds child modules under their names (PyTorch's ModuleList): parameters appear as <c>name.0.weight</c>, and the owner calls the children itself.</summary>
public sealed class ModuleList : nn.Module
{
    public ModuleList() : base(nameof(ModuleList)) { }
}
