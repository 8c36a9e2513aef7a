using System.Formats.Tar;
using System.IO.Compression;
using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>Taking recordings out of a tar.gz: only the wanted names under the recordings folder, and every damage a <see cref="DatasetException"/>.</summary>
public class RecordingsArchiveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("compiled-archive-").FullName;

    private static readonly HashSet<string> Wanted = ["0_a_0.wav", "1_a_0.wav", "2_a_0.wav"];

    /// <summary>The tar (uncompressed) of a small repository: a pax global header, a README, three recordings and an extra file.</summary>
    private static byte[] Tar()
    {
        using MemoryStream output = new();
        using (TarWriter tar = new(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "abc" }));
            Add(tar, "repo-abc/README.md", new byte[300]);
            foreach (string name in Wanted.Order()) Add(tar, "repo-abc/recordings/" + name, Enumerable.Range(0, 700).Select(i => (byte)(i * name[0])).ToArray());
            Add(tar, "repo-abc/recordings/other.wav", new byte[10]);
            Add(tar, "repo-abc/0_a_0.wav", new byte[10]);
        }
        return output.ToArray();
    }

    private static void Add(TarWriter tar, string name, byte[] bytes) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });

    private static byte[] Gzip(byte[] data)
    {
        using MemoryStream output = new();
        using (GZipStream gzip = new(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    private string Write(byte[] bytes)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".tar.gz");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void The_wanted_recordings_under_the_top_folder_are_kept_by_name_and_nothing_else()
    {
        Dictionary<string, byte[]> found = RecordingsArchive.Read(Write(Gzip(Tar())), "recordings", Wanted);

        Assert.Equal(Wanted.Order(), found.Keys.Order());
        Assert.Equal(Enumerable.Range(0, 700).Select(i => (byte)(i * '1')), found["1_a_0.wav"]);
    }

    [Fact]
    public void An_entry_larger_than_any_recording_is_refused_before_it_is_read()
    {
        using MemoryStream output = new();
        using (TarWriter tar = new(output, TarEntryFormat.Pax, leaveOpen: true)) Add(tar, "repo/recordings/0_a_0.wav", new byte[(1 << 20) + 1]);
        string path = Write(Gzip(output.ToArray()));

        DatasetException e = Assert.Throws<DatasetException>(() => RecordingsArchive.Read(path, "recordings", Wanted));

        Assert.Equal($"{path} is not the data set's archive: its entry recordings/0_a_0.wav has 1048577 bytes, more than the 1048576 a recording can have.", e.Message);
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_of_the_tar_inside_a_valid_gzip_are_refused_cleanly()
    {
        byte[] tar = Tar();
        // Cut at every 97th byte: the gzip is whole, the tar inside it ends early.
        for (int length = 1; length < tar.Length - 1024; length += 97)
        {
            string path = Write(Gzip(tar[..length]));
            try
            {
                RecordingsArchive.Read(path, "recordings", Wanted);
            }
            catch (DatasetException e)
            {
                Assert.StartsWith(path, e.Message);
            }
            File.Delete(path);
        }
        // Damaged header blocks: TarReader's InvalidDataException, EndOfStreamException and OverflowException alike become a DatasetException.
        SeededRandom random = new(11);
        int refused = 0;
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] damaged = (byte[])tar.Clone();
            for (int hit = 0; hit < 3; hit++) damaged[random.NextInt(12) * 512 + random.NextInt(512)] = (byte)random.NextInt(256);
            string path = Write(Gzip(damaged));
            try
            {
                RecordingsArchive.Read(path, "recordings", Wanted);
            }
            catch (DatasetException e)
            {
                Assert.StartsWith($"{path} is not", e.Message);
                refused++;
            }
            File.Delete(path);
        }
        Assert.InRange(refused, 1, 1499);
    }

    [Fact]
    public void A_file_that_is_not_gzip_is_refused()
    {
        string path = Write("<html>Not Found</html>"u8.ToArray());
        Assert.StartsWith($"{path} is not a valid tar.gz archive, or is cut off", Assert.Throws<DatasetException>(() => RecordingsArchive.Read(path, "recordings", Wanted)).Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
