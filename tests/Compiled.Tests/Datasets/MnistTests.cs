using System.IO.Compression;
using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>MNIST loaded once, from a cache folder of the tests' own, for the tests that only read it.</summary>
public sealed class LoadedMnist : IDisposable
{
    private readonly TempCache _cache = new();
    private (LabelledImages Train, LabelledImages Test)? _data;

    public (LabelledImages Train, LabelledImages Test) Data
    {
        get
        {
            _ = MnistFiles.Source;   // skips (or under CI fails) before anything is loaded
            lock (_cache) return _data ??= Mnist.LoadData(_cache.WithMnist().Offline());
        }
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>Loading MNIST from the cache: the published contents, and every wrong or missing file refused with a message that says what to do.</summary>
public class MnistTests(LoadedMnist mnist) : IClassFixture<LoadedMnist>
{
    // The MNIST files' README (shared/data/mnist): images per digit 0 to 9.
    private static readonly int[] TrainLabelCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    private static readonly int[] TestLabelCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    [SkippableFact]
    public void Load_gives_60000_training_and_10000_test_images_of_28_by_28_with_the_published_labels()
    {
        var (train, test) = mnist.Data;
        Assert.Equal((60000, 28, 28), (train.Count, train.Height, train.Width));
        Assert.Equal((10000, 28, 28), (test.Count, test.Height, test.Width));
        Assert.Equal(60000 * 784, train.Pixels.Length);
        Assert.Equal(10000 * 784, test.Pixels.Length);
        Assert.Equal(TrainLabelCounts, Enumerable.Range(0, 10).Select(d => train.Labels.Count(l => l == d)));
        Assert.Equal(TestLabelCounts, Enumerable.Range(0, 10).Select(d => test.Labels.Count(l => l == d)));
        // The first training image is the well-known 5, the first test image a 7.
        Assert.Equal(5, train.Labels[0]);
        Assert.Equal(7, test.Labels[0]);
        Assert.Equal((byte)0, train.Pixels.Min());
        Assert.Equal((byte)255, train.Pixels.Max());
        // The README's training mean and standard deviation of pixel / 255.
        double mean = train.Pixels.Average(p => p / 255.0);
        double std = Math.Sqrt(train.Pixels.Average(p => (p / 255.0 - mean) * (p / 255.0 - mean)));
        Assert.Equal(0.1306605, mean, 1e-6);
        Assert.Equal(0.3081078, std, 1e-6);
    }

    [SkippableFact]
    public void Normalized_images_are_one_row_of_784_floats_in_0_to_1_per_image_ready_for_fit()
    {
        var (_, test) = mnist.Data;
        var (x, y) = test;
        Assert.Equal((10000, 784), (x.GetLength(0), x.GetLength(1)));
        Assert.Same(test.Labels, y);
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in x) (min, max) = (Math.Min(min, v), Math.Max(max, v));
        Assert.Equal((0f, 1f), (min, max));
        // Image 0, row 7, column 10, exactly as Keras's x_test[0, 7, 10] / 255 in float32.
        Assert.Equal(test.Pixels[7 * 28 + 10] / 255f, x[0, 7 * 28 + 10]);
        Assert.Equal(test.Pixels[9999 * 784 + 783] / 255f, x[9999, 783]);
        float[,] oneHot = Utils.ToCategorical(y, 10);
        Assert.Equal(1f, oneHot[0, 7]);
    }

    [SkippableFact]
    public void A_file_whose_sha256_differs_is_refused_with_the_file_and_both_hashes()
    {
        using TempCache cache = new TempCache().WithMnist();
        string path = cache.File("t10k-labels-idx1-ubyte.gz");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        string actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(cache.Offline()));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains("expected: f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6 (4542 bytes)", e.Message);
        Assert.Contains($"actual:   {actual} (4542 bytes)", e.Message);
        Assert.Contains("Downloading is off", e.Message);
        // Refused, not replaced or deleted: with downloading off the cache is left as it was.
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [SkippableFact]
    public void A_truncated_file_in_the_cache_is_refused_by_its_checksum_naming_the_file()
    {
        using TempCache cache = new TempCache().WithMnist();
        string path = cache.File("train-images-idx3-ubyte.gz");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(cache.Offline()));
        Assert.Equal(path, e.FilePath);
        Assert.Contains($"({bytes.Length / 2} bytes)", e.Message);
    }

    [SkippableFact]
    public void Missing_files_with_downloading_off_say_what_is_missing_where_it_looked_where_it_would_download_and_how_to_place_them()
    {
        using TempCache cache = new TempCache().WithMnist("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(cache.Offline()));
        Assert.Contains("downloading is off", e.Message);
        Assert.Contains("Missing or not verified: t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains($"Looked in: {cache.Mnist}", e.Message);
        Assert.Contains(DatasetCache.EnvironmentVariable, e.Message);
        Assert.Contains("Would download from: " + string.Join(", ", Mnist.Origins), e.Message);
        Assert.Contains($"To place the files by hand, copy them into {cache.Mnist}", e.Message);
        Assert.Contains("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6  t10k-images-idx3-ubyte.gz", e.Message);
        Assert.DoesNotContain("train-images-idx3-ubyte.gz", e.Message);
        Assert.Equal(["mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz"], cache.Contents());
    }

    [Fact]
    public void An_empty_cache_folder_with_downloading_off_creates_nothing()
    {
        using TempCache cache = new();
        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(cache.Offline()));
        Assert.Contains("Missing or not verified: " + string.Join(", ", Mnist.Files.Select(f => f.Name)), e.Message);
        Assert.Empty(cache.Contents());
        Assert.False(Directory.Exists(cache.Mnist));
    }

    [Fact]
    public void The_cache_folder_is_the_one_set_in_code_else_COMPILED_DATASETS_else_under_the_home_folder()
    {
        string? environment = Environment.GetEnvironmentVariable(DatasetCache.EnvironmentVariable);
        try
        {
            DatasetCache.Folder = null;
            Environment.SetEnvironmentVariable(DatasetCache.EnvironmentVariable, null);
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, ".compiled", "datasets"), DatasetCache.DefaultFolder);
            Assert.Equal(DatasetCache.DefaultFolder, DatasetCache.Folder);

            string fromEnvironment = Path.Combine(Path.GetTempPath(), "from-environment");
            Environment.SetEnvironmentVariable(DatasetCache.EnvironmentVariable, fromEnvironment);
            Assert.Equal(fromEnvironment, DatasetCache.Folder);

            DatasetCache.Folder = "relative/cache";
            Assert.Equal(Path.GetFullPath("relative/cache"), DatasetCache.Folder);
            DatasetCache.Folder = null;
            Assert.Equal(fromEnvironment, DatasetCache.Folder);
        }
        finally
        {
            DatasetCache.Folder = null;
            Environment.SetEnvironmentVariable(DatasetCache.EnvironmentVariable, environment);
        }
    }
}

/// <summary>The IDX reader on damaged files: every damage is a <see cref="DatasetException"/> naming the file, never a crash.</summary>
public class IdxTests
{
    private const string Name = "/cache/mnist/labels.gz";

    private static byte[] Gzip(byte[] data)
    {
        using MemoryStream output = new();
        using (GZipStream gzip = new(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    private static byte[] Labels(int count, int promised)
    {
        byte[] idx = new byte[8 + count];
        idx[2] = 0x08;
        idx[3] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(4), promised);
        for (int i = 0; i < count; i++) idx[8 + i] = (byte)(i % 10);
        return idx;
    }

    private static DatasetException Refused(byte[] compressed, int dimensions = 1) =>
        Assert.Throws<DatasetException>(() => Idx.ReadCompressed(new MemoryStream(compressed), Name, dimensions));

    [Fact]
    public void A_well_formed_file_reads_its_shape_and_bytes()
    {
        (int[] shape, byte[] data) = Idx.ReadCompressed(new MemoryStream(Gzip(Labels(25, 25))), Name, 1);
        Assert.Equal([25], shape);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (byte)(i % 10)), data);
    }

    [Fact]
    public void Data_cut_short_is_refused_saying_how_much_the_header_promised()
    {
        DatasetException e = Refused(Gzip(Labels(25, 30)));
        Assert.Equal($"{Name} is truncated: its IDX header promises 30 = 30 bytes of data, but it ends after 25 of them.", e.Message);
        Assert.Equal(Name, e.FilePath);
    }

    [Fact]
    public void Bytes_after_the_promised_data_are_refused()
    {
        Assert.Contains("5 bytes follow the 20 bytes of data", Refused(Gzip(Labels(25, 20))).Message);
    }

    [Fact]
    public void Another_magic_number_is_refused_showing_both()
    {
        byte[] idx = Labels(4, 4);
        idx[2] = 0x0D;   // floats
        Assert.Equal($"{Name} is not an IDX file of unsigned bytes with 1 dimensions: it starts 00 00 0d 01, expected 00 00 08 01.", Refused(Gzip(idx)).Message);
        Assert.Contains("expected 00 00 08 03", Refused(Gzip(Labels(4, 4)), dimensions: 3).Message);
    }

    [Fact]
    public void A_truncated_header_is_refused()
    {
        Assert.Contains("ends after 2 bytes, inside the IDX header", Refused(Gzip([0, 0])).Message);
        Assert.Contains("ends inside the IDX header, after 6 of its 8 bytes", Refused(Gzip(Labels(0, 0)[..6])).Message);
    }

    [Fact]
    public void A_file_that_is_not_gzip_is_refused()
    {
        Assert.Contains($"{Name} is not a valid gzip file", Refused("not gzip at all, just text"u8.ToArray()).Message);
    }

    [SkippableFact]
    public void Every_truncation_and_many_corruptions_of_a_real_file_are_refused_cleanly()
    {
        byte[] published = MnistFiles.Bytes("t10k-labels-idx1-ubyte.gz");
        for (int length = 0; length < published.Length; length++)
            Refused(published[..length]);
        // Flipped bytes past the gzip header: deflate or its CRC catches them, or the IDX checks do; none may escape otherwise.
        SeededRandom random = new(3);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] damaged = (byte[])published.Clone();
            damaged[10 + random.NextInt(damaged.Length - 10)] ^= (byte)(1 + random.NextInt(255));
            try
            {
                Idx.ReadCompressed(new MemoryStream(damaged), Name, 1);
            }
            catch (DatasetException e)
            {
                Assert.StartsWith(Name, e.Message);
            }
        }
    }
}
