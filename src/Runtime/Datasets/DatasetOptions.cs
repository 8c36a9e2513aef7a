namespace Compiled.Datasets;

/// <summary>
/// How one load finds its files: the cache folder, whether missing files may be downloaded, and from where.
/// Every option has a default, so <c>Mnist.LoadData()</c> needs none.
/// </summary>
/// <example>
/// <code>
/// // Offline: only what is already in the cache, from a folder of one's own.
/// var (train, test) = Mnist.LoadData(new DatasetOptions { CacheFolder = "/data/datasets", Download = false });
/// </code>
/// </example>
public sealed class DatasetOptions
{
    /// <summary>The cache folder; by default <see cref="DatasetCache.Folder"/>. The data set's files go in a subfolder named after it.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>
    /// Whether missing files, and files whose SHA-256 does not match, are downloaded (default true, as Keras does).
    /// When false, such a file is an error that says what is missing and how to place it by hand.
    /// </summary>
    public bool Download { get; init; } = true;

    /// <summary>
    /// The base addresses to download from, tried in order; a file's address is the base followed by the file's
    /// name. By default the data set's own list (<see cref="Mnist.Origins"/>, <see cref="FreeSpokenDigits.Origins"/>, whose
    /// one file is the repository's archive).
    /// </summary>
    public IReadOnlyList<Uri>? Origins { get; init; }

    /// <summary>The client downloads go through (a proxy, a handler of one's own); by default a shared client of the library's.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Where "Downloading data from ..." lines go; by default the console, as Keras prints them.</summary>
    public TextWriter? Output { get; init; }
}
