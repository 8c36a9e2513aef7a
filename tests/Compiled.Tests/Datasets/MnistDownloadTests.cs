using System.Net;
using Compiled.Datasets;

namespace Compiled.Tests.Datasets;

/// <summary>
/// A download origin that never touches the network: an <see cref="HttpMessageHandler"/> answering for loopback
/// addresses only, from the published files, with whatever damage a test asks for.
/// </summary>
internal sealed class FakeOrigin(Func<string, HttpResponseMessage?>? respond = null) : HttpMessageHandler
{
    public static readonly Uri Address = new("http://127.0.0.1:9/mnist/");

    public List<Uri> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri uri = request.RequestUri!;
        Assert.True(uri.IsLoopback, $"a test asked for {uri}, which is not on loopback");
        lock (Requests) Requests.Add(uri);
        string name = uri.Segments[^1];
        HttpResponseMessage response = respond?.Invoke(name) ?? Serve(MnistFiles.Bytes(name));
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    public static HttpResponseMessage Serve(byte[] bytes) => Serve(new MemoryStream(bytes), bytes.Length);

    public static HttpResponseMessage Serve(Stream body, long length)
    {
        var content = new StreamContent(body);
        content.Headers.ContentLength = length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    public DatasetOptions Options(TempCache cache, TextWriter? output = null, params Uri[] origins) => new()
    {
        CacheFolder = cache.Path,
        HttpClient = new HttpClient(this, disposeHandler: false),
        Origins = origins.Length > 0 ? origins : [Address],
        Output = output ?? TextWriter.Null,
    };
}

/// <summary>Sends its bytes until a budget is spent, then fails as a dropped connection does.</summary>
internal sealed class DroppedConnection(byte[] bytes, int budget) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= budget) throw new IOException("The response ended prematurely (connection reset by peer).");
        int n = Math.Min(count, budget - _position);
        Array.Copy(bytes, _position, buffer, offset, n);
        _position += n;
        return n;
    }
}

/// <summary>Downloading into the cache: verified files moved into place, everything else refused and nothing partial left behind.</summary>
public class MnistDownloadTests
{
    [SkippableFact]
    public void Missing_files_are_downloaded_verified_and_loaded()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new();
        FakeOrigin origin = new();
        StringWriter output = new();

        var (train, test) = Mnist.LoadData(origin.Options(cache, output));

        Assert.Equal((60000, 10000), (train.Count, test.Count));
        Assert.Equal(MnistFiles.Names.Select(n => "mnist/" + n).Order(), cache.Contents());
        foreach (string name in MnistFiles.Names) Assert.Equal(MnistFiles.Bytes(name), File.ReadAllBytes(cache.File(name)));
        Assert.Equal(MnistFiles.Names.Select(n => new Uri(FakeOrigin.Address, n)), origin.Requests);
        Assert.Contains($"Downloading data from {FakeOrigin.Address}t10k-labels-idx1-ubyte.gz", output.ToString());

        // Once in the cache, a load downloads nothing.
        origin.Requests.Clear();
        Mnist.LoadData(origin.Options(cache));
        Assert.Empty(origin.Requests);
    }

    [SkippableFact]
    public void Wrong_bytes_from_the_origin_are_refused_and_nothing_of_them_stays_in_the_cache()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new TempCache().WithMnist("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz");
        byte[] wrong = MnistFiles.Bytes("t10k-labels-idx1-ubyte.gz");
        wrong[100] ^= 1;
        string actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(wrong));
        FakeOrigin origin = new(name => FakeOrigin.Serve(wrong));

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(origin.Options(cache)));

        Assert.Contains("mnist could not be downloaded", e.Message);
        Assert.Contains($"{FakeOrigin.Address}t10k-labels-idx1-ubyte.gz: the downloaded file does not have the published SHA-256, so it was discarded", e.Message);
        Assert.Contains("expected: f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6 (4542 bytes)", e.Message);
        Assert.Contains($"actual:   {actual} (4542 bytes)", e.Message);
        Assert.Contains($"To place the files by hand, copy them into {cache.Mnist}", e.Message);
        Assert.Equal(["mnist/t10k-images-idx3-ubyte.gz", "mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz"], cache.Contents());
    }

    [SkippableFact]
    public void More_bytes_than_the_published_size_are_cut_off_and_refused()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new TempCache().WithMnist("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz");
        FakeOrigin origin = new(name => FakeOrigin.Serve(new byte[100_000]));

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(origin.Options(cache)));

        Assert.Contains("sent more than the published 4542 bytes", e.Message);
        Assert.DoesNotContain("mnist/t10k-labels-idx1-ubyte.gz", cache.Contents());
        Assert.Equal(3, cache.Contents().Length);
    }

    [SkippableFact]
    public void A_download_that_fails_midway_leaves_no_partial_file()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new TempCache().WithMnist("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        byte[] published = MnistFiles.Bytes("train-images-idx3-ubyte.gz");
        FakeOrigin origin = new(name => FakeOrigin.Serve(new DroppedConnection(published, budget: 3_000_000), published.Length));

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(origin.Options(cache)));

        Assert.Contains($"{FakeOrigin.Address}train-images-idx3-ubyte.gz: The response ended prematurely", e.Message);
        Assert.Equal(Path.Combine(cache.Mnist, "train-images-idx3-ubyte.gz"), e.FilePath);
        Assert.Equal(["mnist/t10k-images-idx3-ubyte.gz", "mnist/t10k-labels-idx1-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz"], cache.Contents());
    }

    [SkippableFact]
    public void Origins_are_tried_in_order_until_one_serves_the_file()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new TempCache().WithMnist("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz");
        Uri down = new("http://127.0.0.1:9/down/"), up = new("http://localhost:9/up/");
        // The first origin answers 404; the second serves the file.
        var options = new FakeOrigin(name => name == "t10k-labels-idx1-ubyte.gz" && s_notFoundOnce.TryAdd(cache.Path, true)
            ? new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found" }
            : null);
        StringWriter output = new();

        var (_, test) = Mnist.LoadData(options.Options(cache, output, down, up));

        Assert.Equal(10000, test.Count);
        Assert.Equal([new Uri(down, "t10k-labels-idx1-ubyte.gz"), new Uri(up, "t10k-labels-idx1-ubyte.gz")], options.Requests);
        Assert.Contains($"Downloading data from {down}t10k-labels-idx1-ubyte.gz\nDownloading data from {up}t10k-labels-idx1-ubyte.gz", output.ToString().ReplaceLineEndings("\n"));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> s_notFoundOnce = new();

    [SkippableFact]
    public void Unreachable_origins_give_the_offline_message_with_every_attempt()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new();
        FakeOrigin origin = new(name => throw new HttpRequestException("Connection refused (127.0.0.1:9)"));

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(origin.Options(cache)));

        foreach (string name in MnistFiles.Names) Assert.Contains($"{FakeOrigin.Address}{name}: Connection refused (127.0.0.1:9)", e.Message);
        Assert.Contains($"Looked in: {cache.Mnist}", e.Message);
        Assert.Contains("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609  train-images-idx3-ubyte.gz", e.Message);
        Assert.Empty(cache.Contents());
    }

    [SkippableFact]
    public void A_local_file_whose_sha256_differs_is_downloaded_again_and_replaced()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new TempCache().WithMnist();
        string path = cache.File("train-labels-idx1-ubyte.gz");
        File.WriteAllBytes(path, [1, 2, 3]);
        FakeOrigin origin = new();
        StringWriter output = new();

        var (train, _) = Mnist.LoadData(origin.Options(cache, output));

        Assert.Equal(5, train.Labels[0]);
        Assert.Equal(MnistFiles.Bytes("train-labels-idx1-ubyte.gz"), File.ReadAllBytes(path));
        Assert.Equal([new Uri(FakeOrigin.Address, "train-labels-idx1-ubyte.gz")], origin.Requests);
        Assert.Contains($"A local file was found, but it seems to be incomplete or outdated: {path}", output.ToString());
    }

    [SkippableFact]
    public void A_local_file_whose_sha256_differs_stays_when_its_download_fails_and_is_still_refused()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new TempCache().WithMnist();
        string path = cache.File("train-labels-idx1-ubyte.gz");
        File.WriteAllBytes(path, [1, 2, 3]);
        FakeOrigin origin = new(name => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { ReasonPhrase = "Service Unavailable" });

        DatasetException e = Assert.Throws<DatasetException>(() => Mnist.LoadData(origin.Options(cache)));

        Assert.Contains($"{FakeOrigin.Address}train-labels-idx1-ubyte.gz: HTTP 503 Service Unavailable", e.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(4, cache.Contents().Length);
    }

    [SkippableFact]
    public void A_real_http_server_on_loopback_serves_the_files_through_the_default_handler()
    {
        _ = MnistFiles.Source;
        using TempCache cache = new();
        using HttpListener listener = Listen(out Uri address);
        var served = new List<string>();
        Task server = Task.Run(() =>
        {
            for (int i = 0; i < 4; i++)
            {
                HttpListenerContext context = listener.GetContext();
                string name = context.Request.Url!.Segments[^1];
                lock (served) served.Add(name);
                byte[] bytes = MnistFiles.Bytes(name);
                context.Response.ContentLength64 = bytes.Length;
                context.Response.OutputStream.Write(bytes);
                context.Response.Close();
            }
        });

        var (train, test) = Mnist.LoadData(new DatasetOptions { CacheFolder = cache.Path, Origins = [address], Output = TextWriter.Null });

        Assert.True(server.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal((60000, 10000), (train.Count, test.Count));
        Assert.Equal(MnistFiles.Names, served);
        Assert.Equal(4, cache.Contents().Length);
    }

    /// <summary>An <see cref="HttpListener"/> on a free loopback port, serving under <c>/mnist/</c>.</summary>
    private static HttpListener Listen(out Uri address)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            address = new Uri($"http://127.0.0.1:{port}/mnist/");
            HttpListener listener = new();
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }
}
