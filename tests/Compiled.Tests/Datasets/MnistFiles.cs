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
