using System.Collections.Generic;
using System.Globalization;
using System.Reflection;

namespace SegGen.Cli.Models;

/// <summary>Hyperparameters given on the command line as <c>--hp name=value</c>.</summary>
internal static class HyperparameterValues
{
    /// <summary>name → value text.</summary>
    /// <exception cref="UserError">An item is not <c>name=value</c>, or names a hyperparameter twice.</exception>
    public static IReadOnlyDictionary<string, string> Read(IEnumerable<string> items)
    {
        var values = new Dictionary<string, string>();
        foreach (var item in items)
        {
            var equals = item.IndexOf('=');
            if (equals <= 0 || equals == item.Length - 1) throw new UserError($"--hp takes name=value, got '{item}'");
            if (!values.TryAdd(item[..equals], item[(equals + 1)..])) throw new UserError($"--hp gives '{item[..equals]}' twice");
        }
        return values;
    }

    /// <summary>The value of constructor parameter <paramref name="parameter"/> of <paramref name="model"/> written as <paramref name="text"/>.</summary>
    public static object Parse(string model, ParameterInfo parameter, string text)
    {
        object? value = parameter.ParameterType switch
        {
            var t when t == typeof(long) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
            var t when t == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            var t when t == typeof(bool) => bool.TryParse(text, out var b) ? b : null,
            _ => null,
        };
        return value ?? throw new UserError($"{model}'s hyperparameter '{parameter.Name}' takes {Describe(parameter)}, got '{text}'");
    }

    public static string Describe(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(long) ? "an integer" : parameter.ParameterType == typeof(double) ? "a number" : "true or false";
}
