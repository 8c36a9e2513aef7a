namespace Compiled.Hdf5;

/// <summary>
/// A model file that cannot be loaded: not HDF5, truncated, corrupted, not in Keras's layout, or holding a
/// different architecture than the model class. The message says what was found and what was expected.
/// When it is thrown, the model being loaded into is unchanged: nothing is copied until the whole file has
/// been read and checked.
/// </summary>
public sealed class ModelFileException : IOException
{
    /// <summary>A problem with the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file that was being read.</param>
    /// <param name="message">What is wrong and what was expected. Characters that do not print (a damaged file's names can hold any) are shown as <c>&lt;U+XXXX&gt;</c>.</param>
    /// <param name="inner">The error of the HDF5 reader, when it found the problem.</param>
    public ModelFileException(string path, string message, Exception? inner = null)
        : base(PrintableText.Of($"{path}: {message}"), inner)
    {
        FilePath = path;
    }

    /// <summary>The file that was being read.</summary>
    public string FilePath { get; }
}
