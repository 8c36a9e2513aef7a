using System.Formats.Tar;
using System.Net;
using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>
/// Downloading FSDD into the cache: the repository's archive at the pinned commit, its recordings verified in a
/// temporary folder and moved in; every wrong, damaged or failed download refused with nothing of it left behind.
/// </summary>
public class FreeSpokenDigitsDownloadTests
{
    private static readonly Uri Origin = new("http://127.0.0.1:9/fsdd/archive/");
    private static readonly Uri ArchiveUri = new(Origin, "26eb9aaf76e81b692f806f9140c2d2777410d7a1.tar.gz");

    /// <summary>An origin that serves <paramref name="archive"/> for every request.</summary>
    private static FakeOrigin Serving(byte[] archive) => new(name => FakeOrigin.Serve(archive));

    [SkippableFact]
    public void A_missing_data_set_is_downloaded_as_the_archive_verified_moved_in_and_loaded()
    {
        using TempCache cache = new();
        FakeOrigin origin = Serving(FsddFiles.PublishedArchive);
        StringWriter output = new();

        var (train, test) = FreeSpokenDigits.LoadData(origin.Options(cache, output, Origin));

        Assert.Equal((2700, 300), (train.Count, test.Count));
        Assert.Equal([ArchiveUri], origin.Requests);
        Assert.Equal($"Downloading data from {ArchiveUri}", output.ToString().Trim());
        // The recordings alone, in place; no archive, no temporary folder, nothing else of the repository.
        Assert.Equal(FsddFiles.Names.Select(n => Path.Combine("fsdd", "recordings", n)).Order(StringComparer.Ordinal), cache.Contents().Order(StringComparer.Ordinal));
        Assert.Equal(FsddFiles.Bytes("7_jackson_32.wav"), File.ReadAllBytes(cache.Recording("7_jackson_32.wav")));
        Assert.Single(Directory.GetDirectories(Path.Combine(cache.Path, "fsdd")));

        // Once in the cache, a load downloads nothing.
        origin.Requests.Clear();
        FreeSpokenDigits.LoadData(origin.Options(cache, output, Origin));
        Assert.Empty(origin.Requests);
    }

    [SkippableFact]
    public void An_archive_with_a_modified_recording_is_refused_and_nothing_of_it_stays_in_the_cache()
    {
        using TempCache cache = new();
        byte[] archive = FsddFiles.Archive((name, bytes) =>
        {
            if (name == "4_nicolas_12.wav") bytes[500] ^= 0x10;
            return bytes;
        });

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(Serving(archive).Options(cache, null, Origin)));

        Assert.StartsWith("fsdd could not be downloaded.\nMissing: all 3000 recordings", e.Message);
        Assert.Contains($"{ArchiveUri}: the archive's recordings are not FSDD v1.0.10, so they were discarded", e.Message);
        Assert.Contains("expected manifest SHA-256: 1801eae019c063377d98f831d3f93574f259475df7332bb0e3d1b080fb5e6959", e.Message);
        Assert.Empty(cache.Contents());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(cache.Path, "fsdd")));
    }

    [SkippableFact]
    public void An_archive_lacking_a_recording_is_refused_naming_it()
    {
        using TempCache cache = new();
        byte[] archive = FsddFiles.Archive((name, bytes) => name == "5_theo_20.wav" ? null : bytes);

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(Serving(archive).Options(cache, null, Origin)));

        Assert.Contains($"{ArchiveUri}: the archive lacks 1 of the 3000 recordings (5_theo_20.wav), so it was discarded", e.Message);
        Assert.Empty(cache.Contents());
    }

    [SkippableFact]
    public void Entries_outside_the_recordings_folder_are_never_written_whatever_their_path()
    {
        using TempCache cache = new();
        byte[] archive = FsddFiles.Archive(extra: (tar, top) =>
        {
            FsddFiles.Add(tar, top + "recordings/../../escaped.wav", [1, 2, 3]);
            FsddFiles.Add(tar, "../outside.wav", [1, 2, 3]);
            FsddFiles.Add(tar, top + "recordings/extra.wav", [1, 2, 3]);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, top + "recordings/link.wav") { LinkName = "/etc/passwd" });
        });

        var (train, _) = FreeSpokenDigits.LoadData(Serving(archive).Options(cache, null, Origin));

        Assert.Equal(2700, train.Count);
        Assert.Equal(3000, cache.Contents().Length);
        Assert.All(cache.Contents(), f => Assert.Matches(@"^fsdd/recordings/\d_[a-z]+_\d+\.wav$", f.Replace('\\', '/')));
        Assert.False(File.Exists(Path.Combine(cache.Path, "outside.wav")));
    }

    [SkippableFact]
    public void A_download_that_fails_midway_leaves_nothing_behind()
    {
        using TempCache cache = new();
        byte[] archive = FsddFiles.PublishedArchive;
        FakeOrigin origin = new(name => FakeOrigin.Serve(new DroppedConnection(archive, budget: archive.Length / 2), archive.Length));

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(origin.Options(cache, null, Origin)));

        Assert.Contains($"{ArchiveUri}: The response ended prematurely", e.Message);
        Assert.Empty(cache.Contents());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(cache.Path, "fsdd")));
    }

    [SkippableFact]
    public void A_cut_off_or_damaged_archive_is_refused_as_not_a_valid_tar_gz_and_leaves_nothing_behind()
    {
        byte[] archive = FsddFiles.PublishedArchive;
        foreach (byte[] damaged in new[] { archive[..(archive.Length / 3)], "<html>Not Found</html>"u8.ToArray(), Corrupted(archive) })
        {
            using TempCache cache = new();

            DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(Serving(damaged).Options(cache, null, Origin)));

            Assert.Matches($@"{Regex(ArchiveUri.ToString())}: \S+\.tar\.gz is not a valid tar\.gz archive, or is cut off", e.Message);
            Assert.Empty(cache.Contents());
        }
    }

    [SkippableFact]
    public void Unreachable_origins_give_the_offline_message_with_every_attempt()
    {
        using TempCache cache = new();
        Uri second = new("http://localhost:9/mirror/");
        FakeOrigin origin = new(name => throw new HttpRequestException("Connection refused (127.0.0.1:9)"));
        StringWriter output = new();

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(origin.Options(cache, output, Origin, second)));

        Assert.Contains($"Tried:\n  {ArchiveUri}: Connection refused (127.0.0.1:9)\n  {second}26eb9aaf76e81b692f806f9140c2d2777410d7a1.tar.gz: Connection refused", e.Message);
        Assert.Contains($"Looked in: {cache.FsddRecordings}", e.Message);
        Assert.Contains("https://github.com/Jakobovski/free-spoken-digit-dataset at commit 26eb9aaf76e81b692f806f9140c2d2777410d7a1", e.Message);
        Assert.Equal(2, origin.Requests.Count);
        Assert.Empty(cache.Contents());
    }

    [SkippableFact]
    public void Recordings_that_are_not_fsdd_are_downloaded_again_and_replaced_by_verified_ones()
    {
        using TempCache cache = new TempCache().WithFsdd("0_george_0.wav");
        File.WriteAllBytes(cache.Recording("2_lucas_40.wav"), [1, 2, 3]);
        FakeOrigin origin = Serving(FsddFiles.PublishedArchive);
        StringWriter output = new();

        var (train, test) = FreeSpokenDigits.LoadData(origin.Options(cache, output, Origin));

        Assert.Equal((2700, 300), (train.Count, test.Count));
        Assert.Contains($"A local copy was found, but 1 of its 3000 recordings are missing from {cache.FsddRecordings}. Downloading them again.", output.ToString());
        Assert.Equal(FsddFiles.Bytes("2_lucas_40.wav"), File.ReadAllBytes(cache.Recording("2_lucas_40.wav")));
        Assert.Equal(FsddFiles.Bytes("0_george_0.wav"), File.ReadAllBytes(cache.Recording("0_george_0.wav")));
        Assert.Equal(3000, cache.Contents().Length);
    }

    [SkippableFact]
    public void Recordings_that_are_not_fsdd_stay_when_their_download_fails_and_are_still_refused()
    {
        using TempCache cache = new TempCache().WithFsdd();
        File.WriteAllBytes(cache.Recording("2_lucas_40.wav"), [1, 2, 3]);
        FakeOrigin origin = new(name => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { ReasonPhrase = "Service Unavailable" });
        StringWriter output = new();

        DatasetException e = Assert.Throws<DatasetException>(() => FreeSpokenDigits.LoadData(origin.Options(cache, output, Origin)));

        Assert.Contains($"A local copy was found, but it is not FSDD v1.0.10: the recordings in {cache.FsddRecordings} have manifest SHA-256", output.ToString());
        Assert.Contains("The recordings in the cache are not FSDD v1.0.10", e.Message);
        Assert.Contains($"{ArchiveUri}: HTTP 503 Service Unavailable", e.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(cache.Recording("2_lucas_40.wav")));
        Assert.Equal(3000, cache.Contents().Length);
    }

    [SkippableFact]
    public void A_cancelled_download_leaves_nothing_behind()
    {
        using TempCache cache = new();
        using CancellationTokenSource cancel = new();
        byte[] archive = FsddFiles.PublishedArchive;
        FakeOrigin origin = new(name =>
        {
            cancel.CancelAfter(TimeSpan.FromMilliseconds(1));
            return FakeOrigin.Serve(new SlowStream(archive), archive.Length);
        });

        Assert.ThrowsAny<OperationCanceledException>(() => FreeSpokenDigits.LoadDataAsync(origin.Options(cache, null, Origin), cancel.Token).GetAwaiter().GetResult());

        Assert.Empty(cache.Contents());
    }

    /// <summary>The archive with a run of bytes in the middle of its compressed data overwritten.</summary>
    private static byte[] Corrupted(byte[] archive)
    {
        byte[] damaged = (byte[])archive.Clone();
        Array.Fill(damaged, (byte)0x5A, damaged.Length / 2, 4096);
        return damaged;
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    /// <summary>Sends its bytes a little at a time, slowly enough for a cancellation to land in the middle.</summary>
    private sealed class SlowStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            return await base.ReadAsync(buffer, offset, Math.Min(count, 4096), cancellationToken);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(5, cancellationToken);
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken);
        }
    }
}
