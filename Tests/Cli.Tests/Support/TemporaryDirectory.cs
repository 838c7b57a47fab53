using System;
using System.IO;

namespace SegGen.Cli.Tests.Support;

/// <summary>A fresh directory for one test's files, deleted with them on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string FullName { get; } = Directory.CreateTempSubdirectory("seggen-cli-test-").FullName;

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in this directory.</summary>
    public void Write(string name, string text) => File.WriteAllText(Path.Combine(FullName, name), text);

    /// <summary>Copies Tests/Cli.Tests/Models/<paramref name="name"/> here.</summary>
    public void CopyModel(string name) => File.Copy(Repository.Path("Tests", "Cli.Tests", "Models", name), Path.Combine(FullName, name));

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
