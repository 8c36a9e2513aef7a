using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>
/// The four MNIST files for the tests, from <c>../shared/data/mnist</c> beside the repository (as CI has it), else
/// from the cache <c>COMPILED_DATASETS</c> names (which <c>.ci/run</c> fills from there). Without them a test is
/// skipped, except under CI (<c>CI=true</c>), where it fails: CI always has them, so their absence means nothing ran.
/// The product never reads these places; the tests copy the files into a cache folder of their own.
/// </summary>
internal static class MnistFiles
{
    public static readonly string[] Names = Mnist.Files.Select(f => f.Name).ToArray();

    private static readonly Lazy<string?> s_source = new(FindSource);

    /// <summary>The folder holding the four files; skips (or under CI fails) the calling test when there is none.</summary>
    public static string Source
    {
        get
        {
            if (s_source.Value is { } folder) return folder;
            const string Reason = "the MNIST files are in neither ../shared/data/mnist beside the repository nor $COMPILED_DATASETS/mnist";
            if (Environment.GetEnvironmentVariable("CI") is "true" or "1") Assert.Fail($"CI must load MNIST, but {Reason}.");
            Skip.If(true, Reason);
            return null!;
        }
    }

    /// <summary>The published bytes of one file.</summary>
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Source, name));

    private static string? FindSource()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "Compiled.sln"))) continue;
            string shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "mnist"));
            if (HasAll(shared)) return shared;
            break;
        }
        string? cache = Environment.GetEnvironmentVariable(DatasetCache.EnvironmentVariable);
        return cache is { Length: > 0 } && HasAll(Path.Combine(cache, "mnist")) ? Path.Combine(cache, "mnist") : null;
    }

    private static bool HasAll(string folder) => Names.All(name => File.Exists(Path.Combine(folder, name)));
}

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
