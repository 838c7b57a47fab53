using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using static SegGen.Torch.torch;

namespace SegGen.Generator.Tests.Properties;

/// <summary>
/// The generated code of many models compiled into one in-memory assembly (one Roslyn emit instead of
/// hundreds) and loaded into a collectible context; SegGen.Runtime resolves to the test's own copy, so
/// the models are ordinary <see cref="nn.Module{T, TResult}"/>s here.
/// </summary>
internal sealed class GeneratedModels : IDisposable
{
    private readonly AssemblyLoadContext context;
    private readonly Assembly assembly;

    private GeneratedModels(AssemblyLoadContext context, Assembly assembly) => (this.context, this.assembly) = (context, assembly);

    /// <summary>Emits <paramref name="compilation"/> (the consumer plus generated sources); throws listing the errors if it does not compile.</summary>
    public static GeneratedModels Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20);
            throw new InvalidOperationException("the generated code does not compile:\n" + string.Join("\n", errors));
        }
        image.Position = 0;
        var context = new AssemblyLoadContext("SegGen.Generator.Tests.GeneratedModels", isCollectible: true);
        return new GeneratedModels(context, context.LoadFromStream(image));
    }

    public bool Contains(string typeName) => assembly.GetType(typeName) is not null;

    /// <summary>A new instance of the model <paramref name="typeName"/> (default hyperparameters) in eval mode.</summary>
    public nn.Module<Tensor, Tensor> Create(string typeName) => (nn.Module<Tensor, Tensor>)CreateAny(typeName);

    /// <summary>As <see cref="Create"/>, for any model (several outputs: forward returns its outputs record, call it by reflection).</summary>
    public nn.Module CreateAny(string typeName)
    {
        var constructor = assembly.GetType(typeName, throwOnError: true)!.GetConstructors().Single();
        var model = (nn.Module)constructor.Invoke(constructor.GetParameters().Select(p => p.DefaultValue).ToArray());
        model.eval();
        return model;
    }

    /// <summary>The model's static <c>MultiplyAccumulates</c> at the given input sizes (H, W, …), default hyperparameters.</summary>
    public long MultiplyAccumulates(string typeName, params long[] sizes)
    {
        var method = assembly.GetType(typeName, throwOnError: true)!.GetMethod("MultiplyAccumulates")!;
        object?[] arguments = [.. sizes.Select(s => (object?)s), .. method.GetParameters().Skip(sizes.Length).Select(p => p.DefaultValue)];
        return (long)method.Invoke(null, arguments)!;
    }

    public void Dispose() => context.Unload();
}
