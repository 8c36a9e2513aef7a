using System.Security.Cryptography;
using System.Text;

namespace Compiled.Datasets;

/// <summary>
/// Puts a data set's files in its cache folder and vouches for them, as Keras's <c>get_file</c> does: a file is
/// used only if its SHA-256 is the published one. A missing file, or one whose hash differs, is downloaded (when
/// downloading is on) into a temporary file beside it, hashed while it arrives, and renamed into place only once
/// complete and verified; a failed, cut-off or wrong download leaves nothing behind, and a file already in place
/// is replaced only by a verified one.
/// </summary>
internal static class DatasetStore
{
    /// <summary>
    /// Makes sure every file of <paramref name="files"/> is in <c>&lt;cache&gt;/&lt;dataset&gt;/</c> with its published
    /// SHA-256, downloading what is missing or wrong if allowed. Returns that folder.
    /// </summary>
    public static async Task<string> EnsureAsync(string dataset, IReadOnlyList<DatasetFile> files, IReadOnlyList<Uri> defaultOrigins, DatasetOptions options, CancellationToken cancellationToken)
    {
        string cache = DatasetCache.For(options);
        string folder = Path.Combine(cache, dataset);
        IReadOnlyList<Uri> origins = options.Origins ?? defaultOrigins;

        var missing = new List<DatasetFile>();
        var mismatched = new List<(DatasetFile File, string Actual, long Length)>();
        foreach (DatasetFile file in files)
        {
            string path = Path.Combine(folder, file.Name);
            if (!File.Exists(path))
            {
                missing.Add(file);
                continue;
            }
            (string actual, long length) = HashOf(path);
            if (actual != file.Sha256) mismatched.Add((file, actual, length));
        }
        if (missing.Count == 0 && mismatched.Count == 0) return folder;

        if (!options.Download)
        {
            if (mismatched.Count > 0)
            {
                (DatasetFile file, string actual, long length) = mismatched[0];
                string path = Path.Combine(folder, file.Name);
                throw new DatasetException(path,
                    $"{path} does not have the published SHA-256 of {dataset}'s {file.Name}, so it is not used.\n" +
                    $"  expected: {file.Sha256} ({file.Size} bytes)\n" +
                    $"  actual:   {actual} ({length} bytes)\n" +
                    $"Downloading is off (DatasetOptions.Download = false), so it was not replaced. Delete it and load with downloading on, " +
                    $"or put the right file there by hand (from {string.Join(" or ", origins.Select(o => FileUri(o, file.Name)))}).");
            }
            throw Missing(dataset, cache, folder, missing, origins, failures: null);
        }

        TextWriter output = options.Output ?? Console.Out;
        HttpClient client = options.HttpClient ?? HttpDownload.DefaultClient;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(folder, $"The cache folder {folder} could not be created: {e.Message}. Set {DatasetCache.EnvironmentVariable} or DatasetCache.Folder to a folder you can write to.", e);
        }

        var failures = new List<(DatasetFile File, List<string> Attempts)>();
        foreach ((DatasetFile file, string actual, long length) in mismatched)
        {
            output.WriteLine($"A local file was found, but it seems to be incomplete or outdated: {Path.Combine(folder, file.Name)} has SHA-256 {actual} ({length} bytes), the published file {file.Sha256} ({file.Size} bytes). Downloading it again.");
            List<string>? attempts = await DownloadAsync(client, folder, file, origins, output, cancellationToken).ConfigureAwait(false);
            if (attempts is not null) failures.Add((file, attempts));
        }
        foreach (DatasetFile file in missing)
        {
            List<string>? attempts = await DownloadAsync(client, folder, file, origins, output, cancellationToken).ConfigureAwait(false);
            if (attempts is not null) failures.Add((file, attempts));
        }
        if (failures.Count == 0) return folder;

        // A mismatched file whose download failed is still there, and still refused.
        throw Missing(dataset, cache, folder, failures.Select(f => f.File).ToList(), origins, failures);
    }

    /// <summary>SHA-256 (lower-case hex) and length of the file at <paramref name="path"/>.</summary>
    internal static (string Sha256, long Length) HashOf(string path)
    {
        try
        {
            using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return (Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"{path} could not be read to check its SHA-256: {e.Message}", e);
        }
    }

    /// <summary>Tries each origin in turn; returns null once the file is in place, else what each attempt ran into.</summary>
    private static async Task<List<string>?> DownloadAsync(HttpClient client, string folder, DatasetFile file, IReadOnlyList<Uri> origins, TextWriter output, CancellationToken cancellationToken)
    {
        var attempts = new List<string>();
        string target = Path.Combine(folder, file.Name);
        foreach (Uri origin in origins)
        {
            Uri uri = FileUri(origin, file.Name);
            output.WriteLine($"Downloading data from {uri}");
            string? problem = await TryDownloadAsync(client, uri, target, file, cancellationToken).ConfigureAwait(false);
            if (problem is null) return null;
            attempts.Add($"{uri}: {problem}");
        }
        if (origins.Count == 0) attempts.Add("no address to download from (DatasetOptions.Origins is empty)");
        return attempts;
    }

    /// <summary>One download into a temporary file beside <paramref name="target"/>; null on success, else the problem.</summary>
    private static async Task<string?> TryDownloadAsync(HttpClient client, Uri uri, string target, DatasetFile file, CancellationToken cancellationToken)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{file.Name}.{Guid.NewGuid():N}.part");
        try
        {
            HttpDownload.Outcome outcome = await HttpDownload.ToFileAsync(client, uri, temporary, file.Size,
                $"sent more than the published {file.Size} bytes; it is not the published file", cancellationToken).ConfigureAwait(false);
            if (outcome.Problem is { } problem) return problem;
            if (outcome.Sha256 != file.Sha256)
                return $"the downloaded file does not have the published SHA-256, so it was discarded\n      expected: {file.Sha256} ({file.Size} bytes)\n      actual:   {outcome.Sha256} ({outcome.Length} bytes)";
            File.Move(temporary, target, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HttpDownload.Describe(e);
        }
        finally
        {
            HttpDownload.DeleteQuietly(temporary);
        }
    }

    private static DatasetException Missing(string dataset, string cache, string folder, List<DatasetFile> files, IReadOnlyList<Uri> origins, List<(DatasetFile File, List<string> Attempts)>? failures)
    {
        var message = new StringBuilder();
        string names = string.Join(", ", files.Select(f => f.Name));
        message.Append(failures is null
            ? $"{dataset} is not in the cache and downloading is off (DatasetOptions.Download = false).\n"
            : $"{dataset} could not be downloaded.\n");
        message.Append($"Missing or not verified: {names}\n");
        message.Append($"Looked in: {folder}\n");
        message.Append(DatasetCache.Explain(cache)).Append('\n');
        if (failures is null)
        {
            message.Append("Would download from: ").Append(string.Join(", ", origins)).Append('\n');
        }
        else
        {
            message.Append("Tried:\n");
            foreach ((DatasetFile file, List<string> attempts) in failures)
            {
                foreach (string attempt in attempts) message.Append("  ").Append(attempt).Append('\n');
            }
        }
        message.Append($"To place the files by hand, copy them into {folder} with these names and SHA-256 sums (check with `sha256sum`):\n");
        foreach (DatasetFile file in files) message.Append($"  {file.Sha256}  {file.Name}  ({file.Size} bytes)\n");
        return new DatasetException(Path.Combine(folder, files[0].Name), message.ToString().TrimEnd());
    }

    /// <summary>The address of the file <paramref name="name"/> at <paramref name="origin"/>: the base followed by the name.</summary>
    internal static Uri FileUri(Uri origin, string name)
    {
        string text = origin.AbsoluteUri;
        return new Uri(text.EndsWith('/') ? text + name : text + "/" + name);
    }
}
