using System.Text;

namespace Compiled.Datasets;

/// <summary>
/// Puts the Free Spoken Digit Dataset's 3000 recordings in <c>&lt;cache&gt;/fsdd/recordings/</c> and vouches for them
/// on every load: the SHA-256 of their <see cref="Sha256Manifest"/> must be the pinned one of FSDD v1.0.10. When a
/// recording is missing or the digest differs, and downloading is on, the repository's archive at the pinned commit is
/// downloaded into a temporary folder beside the recordings, its recordings taken out and verified there, and only then
/// moved into place; a failed, cut-off or wrong download leaves nothing behind, and recordings already in place are
/// replaced only by verified ones.
/// </summary>
/// <remarks>
/// Every load hashes every recording. The files are read in full anyway to be decoded, and hashing their 21 MB adds
/// little to that: measured on a busy 2-core machine, 16 to 47 ms of loads that took 0.3 to 1 s (reading the 3000
/// files alone took 120 to 480 ms). A marker of an earlier verification (keyed by sizes and times) would save only
/// those milliseconds and could go stale; without one, what is decoded is exactly what was verified.
/// </remarks>
internal static class FreeSpokenDigitsStore
{
    /// <summary>The folder of the data set inside the cache folder.</summary>
    internal const string Dataset = "fsdd";

    /// <summary>The folder of the recordings, in the repository and inside <c>&lt;cache&gt;/fsdd/</c>.</summary>
    internal const string RecordingsFolder = "recordings";

    /// <summary>The most bytes the repository's archive may have; the real one has about 16 MB.</summary>
    internal const long MaxArchiveLength = 64L << 20;

    private static readonly HashSet<string> s_names = new(FreeSpokenDigits.FileNames, StringComparer.Ordinal);

    /// <summary>
    /// Makes sure the verified recordings are in <c>&lt;cache&gt;/fsdd/recordings/</c>, downloading them if allowed.
    /// </summary>
    /// <returns>The recordings folder, and each recording's bytes in the order of <see cref="FreeSpokenDigits.FileNames"/>.</returns>
    public static async Task<(string Folder, byte[][] Files)> EnsureAsync(DatasetOptions options, CancellationToken cancellationToken)
    {
        string cache = DatasetCache.For(options);
        string folder = Path.Combine(cache, Dataset);
        string recordings = Path.Combine(folder, RecordingsFolder);
        IReadOnlyList<Uri> origins = options.Origins ?? FreeSpokenDigits.Origins;

        (byte[][] files, List<string> missing) = ReadCached(recordings);
        string? digest = null;
        if (missing.Count == 0)
        {
            digest = Sha256Manifest.Sha256(Named(files));
            if (digest == FreeSpokenDigits.ManifestSha256) return (recordings, files);
        }

        if (!options.Download)
        {
            throw digest is not null
                ? NotFsdd(recordings, digest, origins)
                : Missing("fsdd is not in the cache and downloading is off (DatasetOptions.Download = false).", cache, recordings, missing, origins, attempts: null, digest);
        }

        TextWriter output = options.Output ?? Console.Out;
        HttpClient client = options.HttpClient ?? HttpDownload.DefaultClient;
        if (digest is not null)
            output.WriteLine($"A local copy was found, but it is not FSDD v1.0.10: the recordings in {recordings} have manifest SHA-256 {digest}, the published ones {FreeSpokenDigits.ManifestSha256}. Downloading them again.");
        else if (missing.Count < FreeSpokenDigits.FileNames.Count)
            output.WriteLine($"A local copy was found, but {missing.Count} of its {FreeSpokenDigits.FileNames.Count} recordings are missing from {recordings}. Downloading them again.");

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(folder, $"The cache folder {folder} could not be created: {e.Message}. Set {DatasetCache.EnvironmentVariable} or DatasetCache.Folder to a folder you can write to.", e);
        }

        var attempts = new List<string>();
        foreach (Uri origin in origins)
        {
            Uri uri = DatasetStore.FileUri(origin, FreeSpokenDigits.ArchiveName);
            output.WriteLine($"Downloading data from {uri}");
            (string? problem, byte[][]? downloaded) = await TryDownloadAsync(client, uri, folder, recordings, cancellationToken).ConfigureAwait(false);
            if (downloaded is not null) return (recordings, downloaded);
            attempts.Add($"{uri}: {problem}");
        }
        if (origins.Count == 0) attempts.Add("no address to download from (DatasetOptions.Origins is empty)");
        throw Missing("fsdd could not be downloaded.", cache, recordings, missing, origins, attempts, digest);
    }

    /// <summary>Reads every recording in the cache; returns their bytes (null where missing) and the missing names.</summary>
    private static (byte[][] Files, List<string> Missing) ReadCached(string recordings)
    {
        IReadOnlyList<string> names = FreeSpokenDigits.FileNames;
        byte[][] files = new byte[names.Count][];
        var missing = new List<string>();
        if (!Directory.Exists(recordings)) return (files, [.. names]);
        for (int i = 0; i < names.Count; i++)
        {
            string path = Path.Combine(recordings, names[i]);
            try
            {
                files[i] = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                missing.Add(names[i]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DatasetException(path, $"{path} could not be read to check its SHA-256: {e.Message}", e);
            }
        }
        return (files, missing);
    }

    /// <summary>
    /// One download of the archive into a temporary folder beside <paramref name="recordings"/>, its recordings taken
    /// out and verified there, then moved into place. Returns the recordings' bytes, or else the problem.
    /// </summary>
    private static async Task<(string? Problem, byte[][]? Files)> TryDownloadAsync(HttpClient client, Uri uri, string folder, string recordings, CancellationToken cancellationToken)
    {
        string temporary = Path.Combine(folder, $".{RecordingsFolder}.{Guid.NewGuid():N}.part");
        try
        {
            Directory.CreateDirectory(temporary);
            string archive = Path.Combine(temporary, FreeSpokenDigits.ArchiveName);
            HttpDownload.Outcome outcome = await HttpDownload.ToFileAsync(client, uri, archive, MaxArchiveLength,
                $"sent more than {MaxArchiveLength} bytes, more than the data set's archive has; it is not the archive", cancellationToken).ConfigureAwait(false);
            if (outcome.Problem is { } problem) return (problem, null);

            Dictionary<string, byte[]> found = RecordingsArchive.Read(archive, RecordingsFolder, s_names);
            List<string> lacking = FreeSpokenDigits.FileNames.Where(name => !found.ContainsKey(name)).ToList();
            if (lacking.Count > 0)
                return ($"the archive lacks {Count(lacking)} ({List(lacking)}), so it was discarded", null);
            byte[][] files = FreeSpokenDigits.FileNames.Select(name => found[name]).ToArray();
            string digest = Sha256Manifest.Sha256(Named(files));
            if (digest != FreeSpokenDigits.ManifestSha256)
            {
                return ("the archive's recordings are not FSDD v1.0.10, so they were discarded\n" +
                        $"      expected manifest SHA-256: {FreeSpokenDigits.ManifestSha256}\n" +
                        $"      actual manifest SHA-256:   {digest}", null);
            }

            // Written in full beside the recordings, then moved in by renames within one folder: a crash leaves
            // either the old recordings, none (downloaded again next time) or the verified ones, never a mixture.
            string verified = Path.Combine(temporary, RecordingsFolder);
            Directory.CreateDirectory(verified);
            for (int i = 0; i < files.Length; i++) File.WriteAllBytes(Path.Combine(verified, FreeSpokenDigits.FileNames[i]), files[i]);
            if (Directory.Exists(recordings)) Directory.Move(recordings, Path.Combine(temporary, "replaced"));
            Directory.Move(verified, recordings);
            return (null, files);
        }
        catch (DatasetException e)
        {
            return (e.Message, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (HttpDownload.Describe(e), null);
        }
        finally
        {
            HttpDownload.DeleteQuietly(temporary);
        }
    }

    /// <summary>The recordings' bytes with their names, as <see cref="Sha256Manifest"/> takes them.</summary>
    private static (string Name, byte[] Bytes)[] Named(byte[][] files) =>
        files.Select((bytes, i) => (FreeSpokenDigits.FileNames[i], bytes)).ToArray();

    private static DatasetException NotFsdd(string recordings, string digest, IReadOnlyList<Uri> origins) => new(recordings,
        $"{recordings} does not hold FSDD v1.0.10: one or more of its {FreeSpokenDigits.FileNames.Count} recordings differ from the published ones, so none is used.\n" +
        $"  expected manifest SHA-256: {FreeSpokenDigits.ManifestSha256}\n" +
        $"  actual manifest SHA-256:   {digest}\n" +
        "  (the manifest is what `sha256sum` prints for the recordings in name order)\n" +
        "Downloading is off (DatasetOptions.Download = false), so nothing was replaced. Delete the folder and load with downloading on, " +
        $"or put the right recordings there by hand.\n{HowToPlace(recordings, origins)}");

    private static DatasetException Missing(string headline, string cache, string recordings, List<string> missing, IReadOnlyList<Uri> origins, List<string>? attempts, string? digest)
    {
        var message = new StringBuilder(headline).Append('\n');
        if (digest is not null)
            message.Append($"The recordings in the cache are not FSDD v1.0.10 (manifest SHA-256 {digest}, expected {FreeSpokenDigits.ManifestSha256}), so they are not used either.\n");
        else if (missing.Count == FreeSpokenDigits.FileNames.Count)
            message.Append($"Missing: all {missing.Count} recordings\n");
        else
            message.Append($"Missing {Count(missing)}: {List(missing)}\n");
        message.Append($"Looked in: {recordings}\n");
        message.Append(DatasetCache.Explain(cache)).Append('\n');
        if (attempts is null)
        {
            message.Append("Would download from: ").Append(string.Join(", ", origins.Select(o => DatasetStore.FileUri(o, FreeSpokenDigits.ArchiveName)))).Append('\n');
        }
        else
        {
            message.Append("Tried:\n");
            foreach (string attempt in attempts) message.Append("  ").Append(attempt).Append('\n');
        }
        message.Append(HowToPlace(recordings, origins));
        string path = digest is null && missing.Count < FreeSpokenDigits.FileNames.Count ? Path.Combine(recordings, missing[0]) : recordings;
        return new DatasetException(path, message.ToString().TrimEnd());
    }

    private static string HowToPlace(string recordings, IReadOnlyList<Uri> origins) =>
        $"To place the recordings by hand, copy the {FreeSpokenDigits.FileNames.Count} .wav files of the folder recordings/ of {FreeSpokenDigits.Repository} " +
        $"at commit {FreeSpokenDigits.Commit} (the archive {string.Join(" or ", origins.Select(o => DatasetStore.FileUri(o, FreeSpokenDigits.ArchiveName)))}; tag v1.0.10 has the same recordings) into {recordings}.\n" +
        $"Check them with `cd {recordings} && LC_ALL=C sha256sum *.wav | sha256sum`, which must print {FreeSpokenDigits.ManifestSha256}.";

    private static string Count(List<string> names) => $"{names.Count} of the {FreeSpokenDigits.FileNames.Count} recordings";

    /// <summary>The first few names, and how many more: a message names what is missing without listing thousands.</summary>
    private static string List(List<string> names) =>
        names.Count <= 10 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(10))} and {names.Count - 10} more";
}
