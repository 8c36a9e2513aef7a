namespace Compiled.Hdf5;

/// <summary>
/// Replaces a file only once its new contents are completely on disk: they go to a temporary file beside the
/// target (same directory, so the final rename cannot cross file systems) and are renamed over it. A crash, a
/// full disk or an exception while writing leaves the previous file as it was and no temporary file behind.
/// </summary>
internal static class AtomicFile
{
    // Flows with the calling test's async context only, so tests that run in parallel never see another's seam.
    private static readonly AsyncLocal<Func<Stream, Stream>?> s_wrapStreamForTests = new();

    /// <summary>
    /// A seam for tests: wraps the temporary file's stream, so a test can make the write fail part-way as a full
    /// disk would. Null in normal use.
    /// </summary>
    internal static Func<Stream, Stream>? WrapStreamForTests
    {
        get => s_wrapStreamForTests.Value;
        set => s_wrapStreamForTests.Value = value;
    }

    public static void Write(string path, Action<Stream> write)
    {
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        string temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (FileStream file = new(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                Stream stream = WrapStreamForTests?.Invoke(file) ?? file;
                write(stream);
                stream.Flush();
                // Forces the bytes to the device before the rename makes them the file's contents.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
