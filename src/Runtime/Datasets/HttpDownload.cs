using System.Security.Cryptography;

namespace Compiled.Datasets;

/// <summary>
/// One HTTP download into a new file, hashed with SHA-256 as it arrives: what <see cref="DatasetStore"/> and
/// <see cref="FreeSpokenDigitsStore"/> share. It gives up when nothing arrives for <see cref="IdleTimeout"/> and
/// stops as soon as more bytes arrive than the caller allows, so a wrong server cannot fill the disk. It never
/// decides whether the file is right, and never deletes it: the caller verifies it, moves it into place or deletes it.
/// </summary>
internal static class HttpDownload
{
    /// <summary>How long a download may receive nothing before it is given up.</summary>
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(100) });

    /// <summary>The library's shared client, used when <see cref="DatasetOptions.HttpClient"/> is not set.</summary>
    public static HttpClient DefaultClient => s_client.Value;

    /// <summary>What one download came to: the problem, or the SHA-256 (lower-case hex) and length of what arrived.</summary>
    /// <param name="Problem">Null when the whole body arrived; else what went wrong, for an error message.</param>
    /// <param name="Sha256">The SHA-256 of the bytes received (meaningful only without a problem).</param>
    /// <param name="Length">How many bytes arrived.</param>
    internal readonly record struct Outcome(string? Problem, string Sha256, long Length);

    /// <summary>
    /// Downloads <paramref name="uri"/> into a new file at <paramref name="path"/> (which must not exist), flushed to
    /// the device before returning, so that a later rename makes complete bytes the file's contents.
    /// </summary>
    /// <param name="client">The client the request goes through.</param>
    /// <param name="uri">The address of the file.</param>
    /// <param name="path">The new file the body is written to.</param>
    /// <param name="maxLength">The most bytes the right file can have; more end the download with <paramref name="tooLong"/> as the problem.</param>
    /// <param name="tooLong">The problem to report when more than <paramref name="maxLength"/> bytes arrive.</param>
    /// <param name="cancellationToken">Stops the download; the caller deletes what was written.</param>
    public static async Task<Outcome> ToFileAsync(HttpClient client, Uri uri, string path, long maxLength, string tooLong, CancellationToken cancellationToken)
    {
        long received = 0;
        try
        {
            using CancellationTokenSource idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using HttpRequestMessage request = new(HttpMethod.Get, uri);
            using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return new($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", "", 0);

            using IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            using (FileStream stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                byte[] buffer = new byte[1 << 16];
                while (true)
                {
                    idle.CancelAfter(IdleTimeout);
                    int n = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    received += n;
                    // More than the right file can have: stop before filling the disk.
                    if (received > maxLength) return new(tooLong, "", received);
                    sha256.AppendData(buffer, 0, n);
                    await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
                // The bytes reach the device before a rename makes them a file's contents.
                stream.Flush(flushToDisk: true);
            }
            return new(null, Convert.ToHexStringLower(sha256.GetHashAndReset()), received);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new($"nothing received for {IdleTimeout.TotalSeconds:0} s, or the request timed out", "", received);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException)
        {
            return new(Describe(e), "", received);
        }
    }

    /// <summary>An exception's message, with its inner exception's when that adds something (a socket error under an HTTP one).</summary>
    public static string Describe(Exception e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;

    /// <summary>Deletes a leftover temporary file or folder, if any; a failure to delete is ignored.</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
            else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing reads *.part files or folders; the load's own error matters more than a leftover.
        }
    }
}
