using System.Formats.Tar;
using System.IO.Compression;
using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>
/// The 3000 FSDD recordings for the tests, from <c>../shared/data/fsdd/recordings</c> beside the repository (as CI
/// has it), else from the cache <c>COMPILED_DATASETS</c> names (which <c>.ci/run</c> fills from there). Without them
/// a test is skipped, except under CI (<c>CI=true</c>), where it fails: CI always has them, so their absence means
/// nothing ran. The product never reads these places; the tests copy the files into cache folders of their own.
/// </summary>
internal static class FsddFiles
{
    public static IReadOnlyList<string> Names => FreeSpokenDigits.FileNames;

    private static readonly Lazy<string?> s_source = new(FindSource);
    private static readonly Lazy<Dictionary<string, byte[]>> s_bytes = new(() => Names.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(Source, n))));
    private static readonly Lazy<byte[]> s_archive = new(() => Archive());

    /// <summary>The folder holding the 3000 recordings; skips (or under CI fails) the calling test when there is none.</summary>
    public static string Source
    {
        get
        {
            if (s_source.Value is { } folder) return folder;
            const string Reason = "the FSDD recordings are in neither ../shared/data/fsdd/recordings beside the repository nor $COMPILED_DATASETS/fsdd/recordings";
            if (Environment.GetEnvironmentVariable("CI") is "true" or "1") Assert.Fail($"CI must load FSDD, but {Reason}.");
            Skip.If(true, Reason);
            return null!;
        }
    }

    /// <summary>The published bytes of one recording (a copy: tests damage theirs).</summary>
    public static byte[] Bytes(string name)
    {
        _ = Source;
        return (byte[])s_bytes.Value[name].Clone();
    }

    /// <summary>The archive GitHub serves for the pinned commit, made from the published recordings (built once).</summary>
    public static byte[] PublishedArchive
    {
        get
        {
            _ = Source;
            return s_archive.Value;
        }
    }

    /// <summary>
    /// An archive laid out as GitHub's of the repository: a pax global header, then every entry under
    /// <c>free-spoken-digit-dataset-&lt;commit&gt;/</c>, with a few files beside <c>recordings/</c>. <paramref name="change"/>
    /// may replace a recording's bytes, or drop it by returning null.
    /// </summary>
    public static byte[] Archive(Func<string, byte[], byte[]?>? change = null, Action<TarWriter, string>? extra = null)
    {
        const string Top = "free-spoken-digit-dataset-" + FreeSpokenDigits.Commit + "/";
        using MemoryStream output = new();
        using (GZipStream gzip = new(output, CompressionLevel.Fastest, leaveOpen: true))
        using (TarWriter tar = new(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = FreeSpokenDigits.Commit }));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, Top));
            Add(tar, Top + "README.md", "# Free Spoken Digit Dataset (FSDD)\n"u8.ToArray());
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, Top + "recordings/"));
            foreach (string name in Names)
            {
                byte[]? bytes = change is null ? s_bytes.Value[name] : change(name, s_bytes.Value[name].ToArray());
                if (bytes is not null) Add(tar, Top + "recordings/" + name, bytes);
            }
            Add(tar, Top + "utils/fsdd.py", "import os\n"u8.ToArray());
            extra?.Invoke(tar, Top);
        }
        return output.ToArray();
    }

    public static void Add(TarWriter tar, string name, byte[] bytes) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });

    private static string? FindSource()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "Compiled.sln"))) continue;
            string shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "fsdd", "recordings"));
            if (HasAll(shared)) return shared;
            break;
        }
        string? cache = Environment.GetEnvironmentVariable(DatasetCache.EnvironmentVariable);
        string cached = cache is { Length: > 0 } ? Path.Combine(cache, "fsdd", "recordings") : "";
        return cache is { Length: > 0 } && HasAll(cached) ? cached : null;
    }

    private static bool HasAll(string folder) => Names.All(name => File.Exists(Path.Combine(folder, name)));
}
