namespace Compiled.Datasets;

/// <summary>
/// The Free Spoken Digit Dataset (FSDD) v1.0.10: 3000 recordings of the digits 0 to 9 spoken in English by 6
/// speakers, 50 of each digit by each, as 16-bit mono WAV files at 8000 Hz. <see cref="LoadData"/> returns FSDD's
/// standard split: takes 0 to 4 of every speaker and digit are the test set (300 recordings), takes 5 to 49 the
/// training set (2700).
/// </summary>
/// <remarks>
/// <para>
/// The recordings are the files <c>{digit}_{speaker}_{index}.wav</c> of the folder <c>recordings/</c> of
/// <see cref="Repository"/> at commit <see cref="Commit"/> (the same recordings as tag v1.0.10), kept in
/// <c>&lt;cache&gt;/fsdd/recordings/</c> (<see cref="DatasetCache"/>: <c>COMPILED_DATASETS</c>, else
/// <c>~/.compiled/datasets</c>). FSDD publishes no checksums, so the library pins one: every load hashes every
/// recording and checks the SHA-256 of the list <c>sha256sum</c> prints for them, in name order, against the one
/// of v1.0.10 (by hand: <c>cd recordings &amp;&amp; LC_ALL=C sha256sum *.wav | sha256sum</c>). When a recording is
/// missing or differs, the repository's archive at that commit is downloaded from <see cref="Origins"/> (about
/// 16 MB), its recordings taken out and verified in a temporary folder, and only then moved into place; with
/// <see cref="DatasetOptions.Download"/> off it is an error that says what is missing and how to place it by hand.
/// </para>
/// <para>
/// Licence of the data: CC BY-SA 4.0 (the repository's README). Cite it as the Free Spoken Digit Dataset, Z. Jackson
/// et al., with the Zenodo DOI the repository's README links.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using Compiled.Datasets;
///
/// var (train, test) = FreeSpokenDigits.LoadData();   // 2700 and 300 recordings, sorted by file name
/// Recording first = train[0];                        // 0_george_10.wav: Label 0, Speaker "george", Index 10
/// float[] samples = first.Samples;                   // mono, in [-1, 1), first.SampleRate = 8000
/// float[,] yTrain = Utils.ToCategorical(train.Labels, 10);
/// </code>
/// </example>
public static class FreeSpokenDigits
{
    /// <summary>The repository that publishes the data set.</summary>
    public const string Repository = "https://github.com/Jakobovski/free-spoken-digit-dataset";

    /// <summary>The commit whose recordings are loaded (master on 2024-05-02; its recordings are those of tag v1.0.10).</summary>
    public const string Commit = "26eb9aaf76e81b692f806f9140c2d2777410d7a1";

    /// <summary>The sample rate of every recording, in hertz.</summary>
    public const int SampleRate = 8000;

    /// <summary>
    /// Where the repository's archive at <see cref="Commit"/> is downloaded from, in order; the archive's address is
    /// the base followed by <c>{Commit}.tar.gz</c>. By default GitHub's archive of the commit.
    /// </summary>
    /// <remarks>
    /// GitHub builds the archive on request and does not promise the same bytes each time, so the archive itself is
    /// not checked: its recordings are, against the pinned SHA-256 of their manifest, whichever host sent them.
    /// </remarks>
    public static IReadOnlyList<Uri> Origins { get; } = Array.AsReadOnly([new Uri(Repository + "/archive/")]);

    /// <summary>The name of the archive at each origin.</summary>
    internal const string ArchiveName = Commit + ".tar.gz";

    /// <summary>
    /// The SHA-256 of the <see cref="Sha256Manifest"/> of v1.0.10's 3000 recordings (the sha256 of the file
    /// SHA256SUMS that lists each recording's).
    /// </summary>
    internal const string ManifestSha256 = "1801eae019c063377d98f831d3f93574f259475df7332bb0e3d1b080fb5e6959";

    /// <summary>The six speakers of v1.0.10, as the file names spell them.</summary>
    internal static readonly string[] Speakers = ["george", "jackson", "lucas", "nicolas", "theo", "yweweler"];

    /// <summary>How many takes of each digit each speaker recorded (indexes 0 to 49).</summary>
    internal const int TakesPerSpeaker = 50;

    /// <summary>Takes with an index below this are the test set, FSDD's standard split.</summary>
    internal const int FirstTrainingTake = 5;

    /// <summary>The 3000 file names, <c>{digit}_{speaker}_{index}.wav</c>, in ordinal order: the order of every load.</summary>
    internal static readonly IReadOnlyList<string> FileNames = Array.AsReadOnly(
        (from digit in Enumerable.Range(0, 10)
         from speaker in Speakers
         from index in Enumerable.Range(0, TakesPerSpeaker)
         select $"{digit}_{speaker}_{index}.wav").Order(StringComparer.Ordinal).ToArray());

    /// <summary>
    /// Loads FSDD from the cache, downloading it first if it is missing, split as FSDD's standard split: takes 0 to 4
    /// are the test set, 5 to 49 the training set.
    /// </summary>
    /// <param name="options">The cache folder, whether to download and from where; by default <see cref="DatasetCache.Folder"/>, downloading on.</param>
    /// <returns>
    /// <c>Train</c>: 2700 recordings (270 of each digit); <c>Test</c>: 300 (30 of each digit); each sorted by file
    /// name, with samples in [-1, 1) at 8000 Hz and labels 0 to 9.
    /// </returns>
    /// <exception cref="DatasetException">
    /// Recordings are missing and cannot be downloaded, the recordings in the cache are not FSDD v1.0.10, or a file is
    /// not a 16-bit mono PCM WAV file; the message names the file or folder and says what was expected.
    /// </exception>
    public static (LabelledRecordings Train, LabelledRecordings Test) LoadData(DatasetOptions? options = null) =>
        LoadDataAsync(options).GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="LoadData"/> without blocking while the archive downloads; decoding the recordings happens on the
    /// calling thread once they are in place.
    /// </summary>
    /// <param name="options">The cache folder, whether to download and from where.</param>
    /// <param name="cancellationToken">Stops a download; nothing partial is left behind.</param>
    public static async Task<(LabelledRecordings Train, LabelledRecordings Test)> LoadDataAsync(DatasetOptions? options = null, CancellationToken cancellationToken = default)
    {
        (string folder, byte[][] files) = await FreeSpokenDigitsStore.EnsureAsync(options ?? new DatasetOptions(), cancellationToken).ConfigureAwait(false);
        return Split(folder, files);
    }

    /// <summary>Decodes the verified recordings (in <see cref="FileNames"/> order) and splits them by take.</summary>
    internal static (LabelledRecordings Train, LabelledRecordings Test) Split(string folder, byte[][] files)
    {
        var train = new List<Recording>(files.Length);
        var test = new List<Recording>(Speakers.Length * 10 * FirstTrainingTake);
        for (int i = 0; i < files.Length; i++)
        {
            string name = FileNames[i];
            (float[] samples, int sampleRate) = Wav.Read(files[i], Path.Combine(folder, name));
            // The names are the ones FileNames made, so they parse.
            string[] parts = Path.GetFileNameWithoutExtension(name).Split('_');
            int index = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            Recording recording = new(name, samples, sampleRate, label: parts[0][0] - '0', speaker: parts[1], index);
            (index < FirstTrainingTake ? test : train).Add(recording);
        }
        return (new LabelledRecordings(train), new LabelledRecordings(test));
    }
}
