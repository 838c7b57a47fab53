using System.Collections.Generic;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Frontend;

/// <summary>A hyperparameter as both frontends declare it: its type follows its default.</summary>
internal static class HyperparameterDeclaration
{
    /// <summary>The hyperparameter, or null after reporting a default that is not an integer, a number or true/false.</summary>
    public static HyperparameterSpec? Declare(string name, Expr value, SourceLocation nameLocation, SourceLocation valueLocation, List<DiagnosticInfo> diagnostics)
    {
        HyperparameterKind? kind = value switch
        {
            IntExpr => HyperparameterKind.Int,
            FloatExpr => HyperparameterKind.Float,
            BoolExpr => HyperparameterKind.Bool,
            _ => null,
        };
        if (kind is not null) return new HyperparameterSpec(name, kind.Value, value, nameLocation);
        diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidDeclaration, valueLocation,
            $"hyperparameter '{name}' has default '{value.Text}': a default is an integer, a number or true/false"));
        return null;
    }
}
