using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>A cache folder of one test's own, deleted with everything in it afterwards.</summary>
internal sealed class TempCache : IDisposable
{
    public TempCache() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "compiled-datasets-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the MNIST files go: <c>&lt;cache&gt;/mnist</c>.</summary>
    public string Mnist => System.IO.Path.Combine(Path, "mnist");

    /// <summary>Copies the published files (all, or the ones named) into <c>&lt;cache&gt;/mnist</c>.</summary>
    public TempCache WithMnist(params string[] names)
    {
        string source = MnistFiles.Source;
        Directory.CreateDirectory(Mnist);
        // Bytes, not File.Copy: the shared files are read-only, and tests damage their copies.
        foreach (string name in names.Length > 0 ? names : MnistFiles.Names) System.IO.File.WriteAllBytes(File(name), System.IO.File.ReadAllBytes(System.IO.Path.Combine(source, name)));
        return this;
    }

    public string File(string name) => System.IO.Path.Combine(Mnist, name);

    /// <summary>Where the FSDD recordings go: <c>&lt;cache&gt;/fsdd/recordings</c>.</summary>
    public string FsddRecordings => System.IO.Path.Combine(Path, "fsdd", "recordings");

    /// <summary>Copies the published recordings (all, or all but the ones named) into <c>&lt;cache&gt;/fsdd/recordings</c>.</summary>
    public TempCache WithFsdd(params string[] except)
    {
        _ = FsddFiles.Source;
        Directory.CreateDirectory(FsddRecordings);
        foreach (string name in FsddFiles.Names.Except(except)) System.IO.File.WriteAllBytes(Recording(name), FsddFiles.Bytes(name));
        return this;
    }

    /// <summary>The path of one recording in the cache.</summary>
    public string Recording(string name) => System.IO.Path.Combine(FsddRecordings, name);

    /// <summary>Every file in the cache, temporary ones included, as paths relative to it.</summary>
    public string[] Contents() => Directory.Exists(Path)
        ? Directory.GetFiles(Path, "*", SearchOption.AllDirectories).Select(f => System.IO.Path.GetRelativePath(Path, f)).Order().ToArray()
        : [];

    /// <summary>Options that load from this cache only, without printing.</summary>
    public DatasetOptions Offline() => new() { CacheFolder = Path, Download = false, Output = TextWriter.Null };

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
