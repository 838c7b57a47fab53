using System.Collections.Generic;

namespace SegGen.Generator.Common;

/// <summary>netstandard2.0 lacks <c>KeyValuePair.Deconstruct</c>.</summary>
internal static class KeyValuePairExtensions
{
    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }
}
