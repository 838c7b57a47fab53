using System;
using System.IO;

namespace SegGen.Runtime.Tests.Support;

/// <summary>A fresh directory under the temp folder, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string FullName { get; } = Directory.CreateTempSubdirectory("seggen-test-").FullName;

    /// <summary>The path of <paramref name="name"/> inside this directory.</summary>
    public string File(string name) => Path.Combine(FullName, name);

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
