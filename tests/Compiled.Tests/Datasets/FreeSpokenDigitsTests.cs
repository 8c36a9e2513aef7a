using System.Security.Cryptography;
using System.Text;
using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>FSDD loaded once, from a cache folder of the tests' own, for the tests that only read it.</summary>
public sealed class LoadedFsdd : IDisposable
{
    private readonly TempCache _cache = new();
    private (LabelledRecordings Train, LabelledRecordings Test)? _data;

    public (LabelledRecordings Train, LabelledRecordings Test) Data
    {
        get
        {
            _ = FsddFiles.Source;   // skips (or under CI fails) before anything is loaded
            lock (_cache) return _data ??= FreeSpokenDigits.LoadData(_cache.WithFsdd().Offline());
        }
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>Loading FSDD from the cache: the published recordings in the standard split, and every wrong or missing recording refused with a message that says what to do.</summary>
public class FreeSpokenDigitsTests(LoadedFsdd fsdd) : IClassFixture<LoadedFsdd>
{
    private static readonly string[] Speakers = ["george", "jackson", "lucas", "nicolas", "theo", "yweweler"];

    [SkippableFact]
    public void Load_gives_2700_training_and_300_test_recordings_split_by_take_and_sorted_by_file_name()
    {
        var (train, test) = fsdd.Data;
        Assert.Equal((2700, 300), (train.Count, test.Count));
        Assert.All(train, r => Assert.InRange(r.Index, 5, 49));
        Assert.All(test, r => Assert.InRange(r.Index, 0, 4));
        Assert.Equal(Enumerable.Repeat(270, 10), Enumerable.Range(0, 10).Select(d => train.Labels.Count(l => l == d)));
        Assert.Equal(Enumerable.Repeat(30, 10), Enumerable.Range(0, 10).Select(d => test.Labels.Count(l => l == d)));
        Assert.Equal(Speakers, train.Select(r => r.Speaker).Distinct().Order());
        Assert.All(Speakers, s => Assert.Equal(50, test.Count(r => r.Speaker == s)));

        // Every recording once, each split in ordinal file-name order, its label, speaker and take from its name.
        Assert.Equal(Directory.GetFiles(FsddFiles.Source, "*.wav").Select(Path.GetFileName).Order(StringComparer.Ordinal), train.Concat(test).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(train.Select(r => r.Name).Order(StringComparer.Ordinal), train.Select(r => r.Name));
        Assert.Equal(test.Select(r => r.Name).Order(StringComparer.Ordinal), test.Select(r => r.Name));
        Assert.All(train.Concat(test), r => Assert.Equal($"{r.Label}_{r.Speaker}_{r.Index}.wav", r.Name));
        Assert.Equal(train.Select(r => r.Label), train.Labels);
        Assert.Equal(("0_george_10.wav", "0_george_0.wav", "9_yweweler_4.wav"), (train[0].Name, test[0].Name, test[^1].Name));
        Assert.All(train.Concat(test), r => Assert.Equal(8000, r.SampleRate));
    }

    [SkippableFact]
    public void A_known_recording_has_its_length_and_first_samples_as_python_wave_reads_them()
    {
        var (train, test) = fsdd.Data;
        // Python: wave.open("7_jackson_32.wav") gives 4301 frames; struct.unpack("<h", ...) the samples 307, -238, 265, -217, ...
        Recording jackson = train.Single(r => r.Name == "7_jackson_32.wav");
        Assert.Equal((7, "jackson", 32, 4301), (jackson.Label, jackson.Speaker, jackson.Index, jackson.Samples.Length));
        Assert.Equal([307 / 32768f, -238 / 32768f, 265 / 32768f, -217 / 32768f, 140 / 32768f, -109 / 32768f], jackson.Samples[..6]);
        Assert.Equal([-330 / 32768f, -358 / 32768f], jackson.Samples[^2..]);
        Assert.Equal(TimeSpan.FromSeconds(4301 / 8000.0), jackson.Duration);

        Recording george = test[0];
        Assert.Equal(2384, george.Samples.Length);
        Assert.Equal([-1489 / 32768f, -962 / 32768f, -606 / 32768f, 163 / 32768f], george.Samples[..4]);
    }

    [SkippableFact]
    public void Samples_are_pcm16_values_divided_by_32768_and_last_1312_seconds_in_all()
    {
        var (train, test) = fsdd.Data;
        long samples = 0;
        foreach (Recording r in train.Concat(test))
        {
            samples += r.Samples.Length;
            foreach (float v in r.Samples)
            {
                Assert.InRange(v, -1f, 32767 / 32768f);
                Assert.Equal(v * 32768f, MathF.Round(v * 32768f));
            }
        }
        // The shared README: 21,128,848 bytes in all, each file a 44-byte header and then 2 bytes per sample.
        Assert.Equal((21_128_848 - 3000 * 44) / 2, samples);
        Assert.Equal(1312.3, samples / 8000.0, 0.1);
    }

    [SkippableFact]
    public void The_pinned_digest_is_the_sha256_of_the_sha256sum_manifest_of_the_published_recordings()
    {
        var lines = FsddFiles.Names.Select(n => $"{Convert.ToHexStringLower(SHA256.HashData(FsddFiles.Bytes(n)))}  {n}\n");
        string manifest = string.Concat(lines);
        Assert.Equal("1801eae019c063377d98f831d3f93574f259475df7332bb0e3d1b080fb5e6959", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest))));
        Assert.Equal(manifest, Sha256Manifest.Text(FsddFiles.Names.Select(n => (n, FsddFiles.Bytes(n))).ToList()));
        // The shared folder's SHA256SUMS, when the files come from there, is that manifest byte for byte.
        string sums = Path.Combine(FsddFiles.Source, "..", "SHA256SUMS");
        if (File.Exists(sums)) Assert.Equal(manifest, File.ReadAllText(sums));
    }

    [SkippableFact]
    public void A_modified_recording_is_refused_saying_the_cache_does_not_hold_fsdd_v1_0_10_and_how_to_fix_it()
    {
        using TempCache cache = new TempCache().WithFsdd();
        string path = cache.Recording("3_theo_7.wav");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[1000] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        string actual = ManifestSha256(cache.FsddRecordings);

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(cache.Offline()));

        Assert.Equal(cache.FsddRecordings, e.FilePath);
        Assert.StartsWith($"{cache.FsddRecordings} does not hold FSDD v1.0.10", e.Message);
        Assert.Contains("expected manifest SHA-256: 1801eae019c063377d98f831d3f93574f259475df7332bb0e3d1b080fb5e6959", e.Message);
        Assert.Contains($"actual manifest SHA-256:   {actual}", e.Message);
        Assert.Contains("Downloading is off", e.Message);
        Assert.Contains($"Check them with `cd {cache.FsddRecordings} && LC_ALL=C sha256sum *.wav | sha256sum`", e.Message);
        // Refused, not replaced or deleted: with downloading off the cache is left as it was.
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [SkippableFact]
    public void Missing_recordings_with_downloading_off_are_named_with_where_it_looked_where_it_would_download_and_how_to_place_them()
    {
        using TempCache cache = new TempCache().WithFsdd("9_yweweler_49.wav", "1_lucas_3.wav");

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(cache.Offline()));

        Assert.StartsWith("fsdd is not in the cache and downloading is off", e.Message);
        Assert.Contains("Missing 2 of the 3000 recordings: 1_lucas_3.wav, 9_yweweler_49.wav\n", e.Message);
        Assert.Equal(cache.Recording("1_lucas_3.wav"), e.FilePath);
        Assert.Contains($"Looked in: {cache.FsddRecordings}", e.Message);
        Assert.Contains(DatasetCache.EnvironmentVariable, e.Message);
        Assert.Contains("Would download from: https://github.com/Jakobovski/free-spoken-digit-dataset/archive/26eb9aaf76e81b692f806f9140c2d2777410d7a1.tar.gz", e.Message);
        Assert.Contains($"into {cache.FsddRecordings}", e.Message);
        Assert.Equal(2998, cache.Contents().Length);
    }

    [SkippableFact]
    public void Files_beside_the_recordings_are_ignored()
    {
        using TempCache cache = new TempCache().WithFsdd();
        File.WriteAllText(cache.Recording(".DS_Store"), "not a recording");
        File.WriteAllBytes(cache.Recording("0_someone_0.wav"), FsddFiles.Bytes("0_george_0.wav"));

        var (train, test) = FreeSpokenDigits.LoadData(cache.Offline());

        Assert.Equal((2700, 300), (train.Count, test.Count));
        Assert.DoesNotContain(test, r => r.Speaker == "someone");
    }

    [Fact]
    public void An_empty_cache_folder_with_downloading_off_says_all_are_missing_and_creates_nothing()
    {
        using TempCache cache = new();

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(cache.Offline()));

        Assert.Contains("Missing: all 3000 recordings", e.Message);
        Assert.Equal(cache.FsddRecordings, e.FilePath);
        Assert.False(Directory.Exists(Path.Combine(cache.Path, "fsdd")));
    }

    [Fact]
    public void Labelled_recordings_copy_their_list_and_give_the_labels_in_order()
    {
        var recordings = new List<Recording>
        {
            new("3_a_0.wav", [0.5f], 8000, 3, "a", 0),
            new("1_b_7.wav", [0f, -0.25f], 16000, 1, "b", 7),
        };
        LabelledRecordings split = new(recordings);
        recordings.Clear();

        Assert.Equal(2, split.Count);
        Assert.Equal([3, 1], split.Labels);
        Assert.Equal("1_b_7.wav", split[1].Name);
        Assert.Equal(TimeSpan.FromSeconds(2 / 16000.0), split[1].Duration);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Recording("x.wav", [], 0, 1, "a", 0));
    }

    /// <summary>The manifest digest of a folder computed as `LC_ALL=C sha256sum *.wav | sha256sum` would, independently of the library.</summary>
    private static string ManifestSha256(string folder)
    {
        var text = new StringBuilder();
        foreach (string path in Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal))
            text.Append($"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}  {Path.GetFileName(path)}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
