using System.Formats.Tar;
using System.IO.Compression;

namespace Compiled.Datasets;

/// <summary>
/// Takes the recordings out of a gzip-compressed tar archive of a repository, as GitHub serves one for a commit: every
/// entry is under one top folder (<c>free-spoken-digit-dataset-&lt;commit&gt;/</c>), and the recordings are the regular
/// files <c>&lt;top&gt;/recordings/&lt;name&gt;</c>. Only the names asked for are kept, and each is kept under that name
/// alone, so no entry's path can place a file anywhere; every other entry is skipped. A damaged or cut-off archive is
/// a <see cref="DatasetException"/>; nothing else escapes.
/// </summary>
internal static class RecordingsArchive
{
    /// <summary>The most bytes one recording may have; the longest of FSDD (2.3 s at 8000 Hz) has 36,568.</summary>
    internal const long MaxRecordingLength = 1 << 20;

    /// <summary>Reads the archive at <paramref name="path"/>; returns the bytes of each wanted recording found in it.</summary>
    /// <param name="path">The archive file.</param>
    /// <param name="folder">The folder inside the top folder that holds the recordings (<c>recordings</c>).</param>
    /// <param name="wanted">The file names to keep.</param>
    public static Dictionary<string, byte[]> Read(string path, string folder, IReadOnlySet<string> wanted)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            using GZipStream gzip = new(file, CompressionMode.Decompress);
            using TarReader tar = new(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                string[] parts = entry.Name.Split('/');
                if (parts.Length != 3 || parts[1] != folder || !wanted.Contains(parts[2])) continue;
                if (entry.Length > MaxRecordingLength)
                    throw new DatasetException(path, $"{path} is not the data set's archive: its entry {parts[1]}/{parts[2]} has {entry.Length} bytes, more than the {MaxRecordingLength} a recording can have.");
                byte[] bytes = new byte[entry.Length];
                entry.DataStream?.ReadExactly(bytes);
                found[parts[2]] = bytes;
            }
            // The tar reader stops at its end-of-archive marker, which damage can fake early; reading the compressed
            // stream to its end has GZipStream check the trailer's CRC-32, so a damaged archive is always refused as
            // such rather than sometimes as one that lacks recordings.
            gzip.CopyTo(Stream.Null);
        }
        // On damaged input GZipStream and TarReader throw InvalidDataException and EndOfStreamException, and TarReader
        // also OverflowException (a corrupt size field) among others it does not document; all mean the same here.
        catch (Exception e) when (e is not (DatasetException or OperationCanceledException or OutOfMemoryException))
        {
            throw new DatasetException(path, $"{path} is not a valid tar.gz archive, or is cut off: {e.Message}", e);
        }
        return found;
    }
}
