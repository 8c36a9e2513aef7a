namespace Compiled.Datasets;

/// <summary>
/// A data set that cannot be loaded: a file missing with downloading off or failing, a file whose SHA-256 differs
/// from the published one, or a file that is truncated or not in the expected format. The message names the file,
/// what was found and what was expected, and how to put the right file in place.
/// </summary>
public sealed class DatasetException : IOException
{
    /// <summary>A problem with the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file that was being checked, downloaded or read.</param>
    /// <param name="message">What is wrong, what was expected and what to do.</param>
    /// <param name="inner">The underlying error (a download's or a decompressor's), if any.</param>
    public DatasetException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = path;
    }

    /// <summary>The file that was being checked, downloaded or read.</summary>
    public string FilePath { get; }
}
