using System;

namespace SegGen.Runtime.Tests.Support;

/// <summary>Base of test classes that write files: each test gets a fresh <see cref="TemporaryDirectory"/>, deleted after it.</summary>
public abstract class FileTests : IDisposable
{
    protected TemporaryDirectory Temporary { get; } = new();

    public void Dispose()
    {
        Temporary.Dispose();
        GC.SuppressFinalize(this);
    }
}
