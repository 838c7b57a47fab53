using System;
using System.Collections.Generic;
using System.Linq;

namespace SegGen.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A layer or network. Children, parameters and buffers are registered explicitly under their
        /// PyTorch names, so <see cref="state_dict"/> keys are PyTorch's dotted paths
        /// (<c>backbone.layer1.0.conv1.weight</c>) and nothing is silently left out.
        /// </summary>
        public abstract partial class Module : IDisposable
        {
            private readonly List<(string Name, Module Module)> childModules = [];
            private readonly List<(string Name, Parameter? Parameter)> ownParameters = [];
            private readonly List<(string Name, Tensor? Buffer, bool Persistent)> ownBuffers = [];
            private bool disposed;

            protected Module(string name) => this.name = name;

            /// <summary>The module's type name, e.g. <c>Conv2d</c>.</summary>
            public string name { get; }

            public string GetName() => name;

            public bool training { get; private set; } = true;

            private bool samplingDropout;

            /// <summary>
            /// Whether this module's dropout drops: in training, and in eval mode while <see cref="sample_dropout"/> is on
            /// (Monte Carlo dropout), so batch norm can use its running statistics while dropout keeps sampling.
            /// </summary>
            public bool dropout_active => training || samplingDropout;

            // ---- registration ----------------------------------------------------------------

            public T register_module<T>(string name, T module) where T : Module
            {
                CheckNewName(name);
                childModules.Add((name, module));
                return module;
            }

            public Parameter? register_parameter(string name, Parameter? parameter)
            {
                CheckNewName(name);
                parameter?.DetachFromDisposeScope();
                ownParameters.Add((name, parameter));
                return parameter;
            }

            public T? register_buffer<T>(string name, T? buffer, bool persistent = true) where T : Tensor
            {
                CheckNewName(name);
                buffer?.DetachFromDisposeScope();
                ownBuffers.Add((name, buffer, persistent));
                return buffer;
            }

            private void CheckNewName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                {
                    throw new ArgumentException($"'{name}' is not a valid member name: it must be non-empty and contain no '.'", nameof(name));
                }
                if (childModules.Any(c => c.Name == name) || ownParameters.Any(p => p.Name == name) || ownBuffers.Any(b => b.Name == name))
                {
                    throw new ArgumentException($"{this.name} already has a member named '{name}'", nameof(name));
                }
            }

            // ---- traversal -------------------------------------------------------------------

            public IEnumerable<(string name, Module module)> named_children() => childModules.Select(c => (c.Name, c.Module));

            public IEnumerable<Module> children() => childModules.Select(c => c.Module);

            /// <summary>This module (under "") and every descendant under its dotted path, depth first.</summary>
            public IEnumerable<(string name, Module module)> named_modules()
            {
                yield return ("", this);
                foreach (var (childName, child) in childModules)
                {
                    foreach (var (path, module) in child.named_modules()) yield return (Join(childName, path), module);
                }
            }

            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                {
                    foreach (var (name, parameter) in module.ownParameters)
                    {
                        if (parameter is not null) yield return (Join(prefix, name), parameter);
                    }
                }
            }

            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                {
                    foreach (var (name, buffer, _) in module.ownBuffers)
                    {
                        if (buffer is not null) yield return (Join(prefix, name), buffer);
                    }
                }
            }

            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

            private static string Join(string prefix, string name) => prefix.Length == 0 ? name : name.Length == 0 ? prefix : prefix + "." + name;

            // ---- state -----------------------------------------------------------------------

            /// <summary>
            /// Parameters and persistent buffers by dotted name, in PyTorch's order (a module's own
            /// parameters, then its buffers, then its children). The tensors are the module's own: do not dispose them.
            /// </summary>
            public Dictionary<string, Tensor> state_dict()
            {
                check_weights_held("state_dict()");
                return StateEntries().ToDictionary(e => e.Key, e => e.Tensor, StringComparer.Ordinal);
            }

            /// <summary>
            /// Copies values in by name. A shape mismatch is always an error; with <paramref name="strict"/>,
            /// so are missing and unexpected keys. The error names every offending key. Weights released by
            /// <c>optimize_for_inference(release_weights: true)</c> must all be given: they get storage again and the
            /// module its ordinary use back.
            /// </summary>
            public StateDictReport load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
            {
                var own = StateEntries().ToList();
                var ownKeys = own.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
                var missing = own.Where(e => !source.ContainsKey(e.Key)).Select(e => e.Key).ToList();
                var unexpected = source.Keys.Where(k => !ownKeys.Contains(k)).ToList();
                var mismatched = new List<string>();
                foreach (var (key, _, shape, _) in own)
                {
                    if (source.TryGetValue(key, out var value) && !value.shape.SequenceEqual(shape))
                    {
                        mismatched.Add($"{key}: checkpoint [{string.Join(", ", value.shape)}], model [{string.Join(", ", shape)}]");
                    }
                }
                var report = new StateDictReport(missing, unexpected, mismatched);
                if (mismatched.Count > 0 || (strict && !report.IsExact)) throw new TorchException($"cannot load state dict into {name}: {report}");
                var unrestored = own.Where(e => e.Released && !source.ContainsKey(e.Key)).Select(e => e.Key).ToList();
                if (unrestored.Count > 0)
                {
                    throw new TorchException($"cannot load state dict into {name}: it released {string.Join(", ", unrestored)} in optimize_for_inference(release_weights: true) and the state dict does not give them");
                }

                DropInferenceState();
                RestoreReleased();
                using (no_grad())
                {
                    foreach (var (key, target, _, _) in own)
                    {
                        if (source.TryGetValue(key, out var value)) target.copy_(value);
                    }
                }
                return report;
            }

            /// <summary>What <see cref="state_dict"/> holds, each with its shape (a released tensor's as it was) and whether it is released.</summary>
            private IEnumerable<(string Key, Tensor Tensor, long[] Shape, bool Released)> StateEntries()
            {
                foreach (var (prefix, module) in named_modules())
                {
                    foreach (var (name, tensor, persistent) in module.OwnTensors())
                    {
                        if (!persistent) continue;
                        var released = module.releasedShapes.TryGetValue(name, out var shape);
                        yield return (Join(prefix, name), tensor, released ? shape! : tensor.shape, released);
                    }
                }
            }

            // ---- mode, device, gradients -----------------------------------------------------

            /// <summary>
            /// Sets training mode (<c>false</c>: eval). Entering training drops what <see cref="optimize_for_inference"/> prepared;
            /// after <c>optimize_for_inference(release_weights: true)</c> it throws instead (load_state_dict first).
            /// </summary>
            public Module train(bool mode = true)
            {
                if (mode)
                {
                    check_weights_held("train()");
                    DropInferenceState();
                }
                foreach (var (_, module) in named_modules()) module.training = mode;
                return this;
            }

            public Module eval() => train(false);

            /// <summary>
            /// Keeps dropout sampling in eval mode for this module and its descendants (Bayesian SegNet's Monte Carlo
            /// dropout: repeated forward passes sample the model's uncertainty); <c>false</c> restores ordinary eval.
            /// </summary>
            public Module sample_dropout(bool on = true)
            {
                foreach (var (_, module) in named_modules()) module.samplingDropout = on;
                return this;
            }

            /// <summary>Moves parameters and buffers to <paramref name="device"/>, keeping the same objects (optimizers stay valid).</summary>
            public Module to(Device device) => Convert(t => t.to(device), floatingOnly: false);

            /// <summary>Converts floating-point parameters and buffers to <paramref name="type"/> (integer buffers keep theirs, as in PyTorch).</summary>
            public Module to(ScalarType type) => Convert(t => t.to(type), floatingOnly: true);

            private Module Convert(Func<Tensor, Tensor> convert, bool floatingOnly)
            {
                check_weights_held("to()");
                DropInferenceState();
                using var _ = no_grad();
                foreach (var tensor in parameters().Cast<Tensor>().Concat(buffers()))
                {
                    if (floatingOnly && !is_floating_point(tensor.dtype)) continue;
                    using var converted = convert(tensor);
                    tensor.set_data(converted);
                }
                return this;
            }

            /// <summary>Clears every parameter's gradient (PyTorch's <c>set_to_none=True</c>).</summary>
            public void zero_grad()
            {
                foreach (var parameter in parameters()) parameter.grad = null;
            }

            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            protected virtual void Dispose(bool disposing)
            {
                if (disposed || !disposing) return;
                disposed = true;
                DropInferenceState();
                foreach (var (_, child) in childModules) child.Dispose();
                foreach (var (_, parameter) in ownParameters) parameter?.Dispose();
                foreach (var (_, buffer, _) in ownBuffers) buffer?.Dispose();
            }
        }

        /// <summary>A module with one input.</summary>
        public abstract class Module<T, TResult> : Module
        {
            protected Module(string name) : base(name) { }

            public abstract TResult forward(T input);

            public TResult call(T input) => forward(input);
        }

        /// <summary>A module with two inputs.</summary>
        public abstract class Module<T1, T2, TResult> : Module
        {
            protected Module(string name) : base(name) { }

            public abstract TResult forward(T1 input1, T2 input2);

            public TResult call(T1 input1, T2 input2) => forward(input1, input2);
        }
    }
}

/// <summary>What <see cref="torch.nn.Module.load_state_dict"/> found: keys only the model has, keys only the checkpoint has, and shape mismatches.</summary>
public sealed record StateDictReport(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys, IReadOnlyList<string> shape_mismatches)
{
    public bool IsExact => missing_keys.Count == 0 && unexpected_keys.Count == 0 && shape_mismatches.Count == 0;

    public override string ToString()
    {
        var parts = new List<string>();
        if (missing_keys.Count > 0) parts.Add(Listed("missing keys", missing_keys, ", "));
        if (unexpected_keys.Count > 0) parts.Add(Listed("unexpected keys", unexpected_keys, ", "));
        if (shape_mismatches.Count > 0) parts.Add(Listed("shape mismatches", shape_mismatches, "; "));
        return parts.Count == 0 ? "all keys matched" : string.Join("; ", parts);
    }

    /// <summary>How many a list shows before it is summarised, so a checkpoint of another model gives a readable line.</summary>
    private const int Shown = 5;

    /// <summary><c>missing keys: a, b</c>, or with more than <see cref="Shown"/> the count, the first ones and <c>…and N more</c>.</summary>
    private static string Listed(string what, IReadOnlyList<string> items, string separator) =>
        items.Count <= Shown
            ? $"{what}: {string.Join(separator, items)}"
            : $"{what} ({items.Count}): {string.Join(separator, items.Take(Shown))}{separator}…and {items.Count - Shown} more";
}
