using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// What every optimizer shares: parameter groups, per-parameter state, the step loop, gradient
/// clearing and state export/import. A subclass supplies only the update of one parameter.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private const string GroupsPrefix = "param_groups.";
    private const string StatePrefix = "state.";
    private const string ParamsKey = "params";

    /// <summary>PyTorch's name for a step count, which a loaded state keeps as saved (it is not a buffer shaped like the parameter).</summary>
    private protected const string StepKey = "step";

    private readonly ParamGroup defaults;
    private readonly List<ParamGroup> groups = [];
    private readonly Dictionary<nn.Parameter, ParameterState> state = new(ReferenceEqualityComparer.Instance);

    private protected Optimizer(ParamGroup defaults, IEnumerable<ParamGroup> param_groups)
    {
        defaults.Validate();
        this.defaults = defaults;
        foreach (var group in param_groups) add_param_group(group);
    }

    public IReadOnlyList<ParamGroup> param_groups => groups;

    /// <summary>Adds a group; options it leaves unset take the values this optimizer was made with.</summary>
    /// <exception cref="ArgumentException">The group is of another optimizer, shares a parameter with a group, or has an option out of range.</exception>
    public void add_param_group(ParamGroup param_group)
    {
        if (param_group.GetType() != defaults.GetType())
        {
            throw new ArgumentException($"{GetType().Name} takes {GroupTypeName(defaults)} groups, not {GroupTypeName(param_group)}", nameof(param_group));
        }
        var seen = new HashSet<nn.Parameter>(groups.SelectMany(g => g.parameters), ReferenceEqualityComparer.Instance);
        if (!param_group.parameters.All(seen.Add))
        {
            throw new ArgumentException("some parameters appear more than once in the optimizer's parameter groups", nameof(param_group));
        }
        param_group.FillFrom(defaults);
        param_group.Validate();
        groups.Add(param_group);
    }

    private static string GroupTypeName(ParamGroup group) => $"{group.GetType().DeclaringType?.Name}.{group.GetType().Name}";

    /// <summary>
    /// Updates every parameter that has a gradient; one without (grad null) is skipped and gets no
    /// state, as in PyTorch. Runs without recording gradients and frees its temporaries as it goes.
    /// </summary>
    public void step()
    {
        using var noGrad = no_grad();
        foreach (var group in groups)
        {
            foreach (var parameter in group.parameters)
            {
                // One scope per parameter, so that at most one parameter's temporaries are alive at a time.
                using var scope = NewDisposeScope();
                var grad = parameter.grad;
                if (grad is null) continue;
                Update(group, parameter, grad, StateOf(parameter));
            }
        }
    }

    /// <summary>The update of one parameter by its gradient, with its state (empty before its first update).</summary>
    private protected abstract void Update(ParamGroup group, nn.Parameter parameter, Tensor grad, ParameterState state);

    private ParameterState StateOf(nn.Parameter parameter)
    {
        if (!state.TryGetValue(parameter, out var parameterState))
        {
            parameterState = new ParameterState();
            state.Add(parameter, parameterState);
        }
        return parameterState;
    }

    /// <summary>
    /// Clears the gradients of the parameters. PyTorch 1.13's default zeroes them in place; with
    /// <paramref name="set_to_none"/> they are dropped, so that the next <see cref="step"/> skips
    /// parameters that get no new gradient.
    /// </summary>
    public void zero_grad(bool set_to_none = false)
    {
        using var noGrad = no_grad();
        foreach (var parameter in groups.SelectMany(g => g.parameters))
        {
            if (set_to_none)
            {
                parameter.grad = null;
                continue;
            }
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    // ---- state ---------------------------------------------------------------------------------

    private List<nn.Parameter> IndexedParameters() => groups.SelectMany(g => g.parameters).ToList();

    /// <summary>
    /// The optimizer's state as named tensors, laid out as PyTorch's state dict with parameters
    /// numbered across groups in order: <c>state.3.exp_avg</c> (the optimizer's live buffer),
    /// <c>param_groups.1.lr</c> (float64 scalars, flags 1 or 0) and <c>param_groups.1.params</c> (the
    /// parameters' numbers). Every tensor is a new handle for the caller to dispose; write them with
    /// <see cref="Serialization.Safetensors.Save"/>.
    /// </summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var index = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var prefix = $"{GroupsPrefix}{g}.";
            foreach (var (name, value) in group.Options) result.Add(prefix + name, StateDictEntries.Scalar(value));
            var first = index;
            foreach (var parameter in group.parameters)
            {
                if (state.TryGetValue(parameter, out var parameterState))
                {
                    foreach (var (name, buffer) in parameterState.Entries) result.Add($"{StatePrefix}{index}.{name}", buffer.alias());
                }
                index++;
            }
            result.Add(prefix + ParamsKey, tensor(Enumerable.Range(first, index - first).Select(i => (long)i).ToArray()));
        }
        return result;
    }

    /// <summary>
    /// Restores a state from <see cref="state_dict"/> (the tensors are copied: the caller keeps
    /// <paramref name="source"/>). Buffers take their parameter's dtype and device, as in PyTorch.
    /// </summary>
    /// <exception cref="TorchException">The groups or their sizes differ, an option is missing, or an entry is unknown; nothing is changed.</exception>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> source)
    {
        var parameters = IndexedParameters();
        CheckLoadable(source, parameters.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var (name, value) in StateDictEntries.Under(source, $"{GroupsPrefix}{g}."))
            {
                if (name != ParamsKey) groups[g].SetOption(name, value.item<double>());
            }
        }
        DisposeState();
        for (var i = 0; i < parameters.Count; i++)
        {
            foreach (var (name, saved) in StateDictEntries.Under(source, $"{StatePrefix}{i}."))
            {
                var parameter = parameters[i];
                StateOf(parameter).Add(name, name == StepKey ? saved.clone() : saved.to(parameter.dtype, parameter.device, copy: true));
            }
        }
    }

    private void CheckLoadable(IReadOnlyDictionary<string, Tensor> source, int parameterCount)
    {
        var problems = new List<string>();
        var required = new List<string>();
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            var prefix = $"{GroupsPrefix}{g}.";
            // A scheduler's initial_lr is optional both ways: a state saved before any scheduler existed has none.
            required.AddRange(groups[g].Options.Keys.Where(n => n != nameof(ParamGroup.initial_lr)).Append(ParamsKey).Select(n => prefix + n));
            allowed.Add(prefix + nameof(ParamGroup.initial_lr));
            var paramsKey = prefix + ParamsKey;
            if (source.TryGetValue(paramsKey, out var saved) && saved.numel() != groups[g].parameters.Count)
            {
                problems.Add($"group {g} has {groups[g].parameters.Count} parameters but the saved one has {saved.numel()}");
            }
        }
        allowed.UnionWith(required);
        var missing = required.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !allowed.Contains(k) && !IsStateKey(k, parameterCount)).ToList();
        if (missing.Count > 0) problems.Add($"missing entries: {string.Join(", ", missing)}");
        if (unexpected.Count > 0) problems.Add($"unexpected entries: {string.Join(", ", unexpected)}");
        if (problems.Count > 0) throw new TorchException($"cannot load the state of {GetType().Name}: {string.Join("; ", problems)}");
    }

    private static bool IsStateKey(string key, int parameterCount)
    {
        if (!key.StartsWith(StatePrefix, StringComparison.Ordinal)) return false;
        var rest = key[StatePrefix.Length..];
        var dot = rest.IndexOf('.');
        return dot > 0 && int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < parameterCount;
    }

    private void DisposeState()
    {
        foreach (var parameterState in state.Values) parameterState.Dispose();
        state.Clear();
    }

    /// <summary>Frees the optimizer's buffers; the parameters are the model's and stay.</summary>
    public void Dispose()
    {
        DisposeState();
        GC.SuppressFinalize(this);
    }
}
