using System.Diagnostics.CodeAnalysis;

namespace Compiled.Datasets;

/// <summary>
/// Where data sets are kept, as Keras keeps them in <c>~/.keras/datasets</c>: each data set in a folder of its own
/// (<c>&lt;Folder&gt;/mnist/</c>), downloaded there once and checked against its published SHA-256 on every load.
/// </summary>
/// <remarks>
/// The folder is, in order: what <see cref="Folder"/> was set to in code; the environment variable
/// <c>COMPILED_DATASETS</c>; <c>~/.compiled/datasets</c> (<see cref="DefaultFolder"/>). One load can also name
/// its own folder with <see cref="DatasetOptions.CacheFolder"/>.
/// </remarks>
public static class DatasetCache
{
    /// <summary>The environment variable that names the cache folder: <c>COMPILED_DATASETS</c>.</summary>
    public const string EnvironmentVariable = "COMPILED_DATASETS";

    private static string? s_folder;

    /// <summary>
    /// The cache folder loads use unless <see cref="DatasetOptions.CacheFolder"/> says otherwise: the folder set
    /// here, else <c>COMPILED_DATASETS</c>, else <see cref="DefaultFolder"/>. Setting null goes back to the
    /// environment variable and the default.
    /// </summary>
    [AllowNull]
    public static string Folder
    {
        get => s_folder ?? FromEnvironment() ?? DefaultFolder;
        set => s_folder = string.IsNullOrEmpty(value) ? null : Path.GetFullPath(value);
    }

    /// <summary>
    /// <c>~/.compiled/datasets</c> in the user's home folder; in the temporary folder when there is no home
    /// (some services and containers), as Keras falls back to <c>/tmp/.keras</c>.
    /// </summary>
    public static string DefaultFolder
    {
        get
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, ".compiled", "datasets");
        }
    }

    /// <summary>The cache folder one load uses: <see cref="DatasetOptions.CacheFolder"/> if set, else <see cref="Folder"/>.</summary>
    internal static string For(DatasetOptions options) =>
        options.CacheFolder is { Length: > 0 } own ? Path.GetFullPath(own) : Folder;

    /// <summary>The line of an error message that says where <paramref name="cache"/> came from and how to change it.</summary>
    internal static string Explain(string cache) =>
        $"  (the cache folder {cache}: DatasetOptions.CacheFolder, else DatasetCache.Folder, else the environment variable {EnvironmentVariable}, else {DefaultFolder})";

    private static string? FromEnvironment()
    {
        string? folder = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(folder) ? null : Path.GetFullPath(folder);
    }
}
