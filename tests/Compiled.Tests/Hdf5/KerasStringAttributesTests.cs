using System.Text;
using System.Text.Json;
using Compiled.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// The rewriting of PureHDF's string attributes into Keras's string types (<see cref="KerasStringAttributes"/>) at its
/// edges: HDF5's checksum, lists Keras splits, a name too short for the placeholder, text that is not ASCII, and a
/// rewrite that fails.
/// </summary>
public class KerasStringAttributesTests
{
    /// <summary>lookup3.c's own test values (its driver5), with HDF5's initial value 0.</summary>
    [Fact]
    public void The_checksum_is_lookup3s()
    {
        Assert.Equal(0xdeadbeefu, Hdf5Checksum.Lookup3([]));
        Assert.Equal(0x17770551u, Hdf5Checksum.Lookup3("Four score and seven years ago"u8));
    }

    /// <summary>
    /// A list longer than Keras's 64512-byte limit is split as Keras splits it (np.array_split: 3000 names of 30
    /// bytes into two chunks of 1500), each chunk fixed-length as long as the longest name; h5py and our reader
    /// both get the names back in order.
    /// </summary>
    [SkippableFact]
    public void A_long_name_list_is_split_into_chunks_as_Keras_splits_it()
    {
        H5py.Require();
        string[] names = Enumerable.Range(0, 3000).Select(i => $"layer_with_a_long_name_{i:D7}").ToArray();
        Assert.All(names, n => Assert.Equal(30, n.Length));
        using var directory = new TempDirectory();
        string path = Write(directory, (file, strings) => strings.Names(file, "/", "layer_names", names));

        using JsonDocument dump = H5py.Dump(path);
        JsonElement attributes = dump.RootElement.GetProperty("attributes").GetProperty("/");
        Assert.Equal(["layer_names0", "layer_names1"], attributes.EnumerateObject().Select(a => a.Name).Order());
        foreach (JsonProperty chunk in attributes.EnumerateObject())
        {
            JsonElement type = chunk.Value.GetProperty("type");
            Assert.Equal(("string", false, "ascii", "nullpad", 30), (type.GetProperty("class").GetString(), type.GetProperty("variable").GetBoolean(), type.GetProperty("cset").GetString(), type.GetProperty("pad").GetString(), type.GetProperty("size").GetInt32()));
            Assert.Equal(1500, chunk.Value.GetProperty("value").GetArrayLength());
        }
        Assert.Equal(names, attributes.GetProperty("layer_names0").GetProperty("value").EnumerateArray().Concat(attributes.GetProperty("layer_names1").GetProperty("value").EnumerateArray()).Select(n => n.GetString()));

        using NativeFile read = H5File.OpenRead(path);
        Assert.Equal(names, new Hdf5Values(path, new FileInfo(path).Length).OptionalNames(read, "layer_names", "root")!);
    }

    /// <summary>
    /// One name shorter than the 4 bytes the placeholder needs is padded to 4 with NULs, which h5py and Keras strip
    /// as they strip any NULLPAD padding; lists of 4 bytes or more are exactly as long as their longest name.
    /// </summary>
    [SkippableTheory]
    [InlineData(new[] { "a" }, 4)]
    [InlineData(new[] { "abc" }, 4)]
    [InlineData(new[] { "a", "b" }, 2)]
    [InlineData(new[] { "abcd" }, 4)]
    [InlineData(new[] { "a", "b", "c", "d" }, 1)]
    public void Names_shorter_than_the_placeholder_are_padded(string[] names, int size)
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = Write(directory, (file, strings) => strings.Names(file, "/", "weight_names", names));
        JsonElement attribute = H5py.Dump(path).RootElement.GetProperty("attributes").GetProperty("/").GetProperty("weight_names");
        Assert.Equal(size, attribute.GetProperty("type").GetProperty("size").GetInt32());
        Assert.False(attribute.GetProperty("type").GetProperty("variable").GetBoolean());
        Assert.Equal(names, attribute.GetProperty("value").EnumerateArray().Select(n => n.GetString()));
    }

    /// <summary>
    /// Text and names that are not ASCII keep UTF-8 as their character set, so the type says what the bytes are: a
    /// name list stays fixed-length (h5py 2.x returns that as bytes whatever the character set, which Keras 2.4
    /// decodes), as long as its longest name in UTF-8 bytes.
    /// </summary>
    [SkippableFact]
    public void Text_that_is_not_ASCII_stays_UTF_8()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = Write(directory, (file, strings) =>
        {
            strings.Names(file, "/", "layer_names", ["dense", "dénse_ü"]);
            strings.Text(file, "/", "model_config", "{\"name\": \"réseau\"}", utf8: false);
            strings.Text(file, "/", "backend", "tensorflow", utf8: false);
        });
        JsonElement attributes = H5py.Dump(path).RootElement.GetProperty("attributes").GetProperty("/");
        JsonElement names = attributes.GetProperty("layer_names");
        Assert.Equal(("utf-8", false, Encoding.UTF8.GetByteCount("dénse_ü")), (names.GetProperty("type").GetProperty("cset").GetString(), names.GetProperty("type").GetProperty("variable").GetBoolean(), names.GetProperty("type").GetProperty("size").GetInt32()));
        Assert.Equal(["dense", "dénse_ü"], names.GetProperty("value").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(("utf-8", true, "nullterm"), TypeOf(attributes.GetProperty("model_config")));
        Assert.Equal("{\"name\": \"réseau\"}", attributes.GetProperty("model_config").GetProperty("value").GetString());
        Assert.Equal(("ascii", true, "nullterm"), TypeOf(attributes.GetProperty("backend")));

        using NativeFile read = H5File.OpenRead(path);
        Hdf5Values values = new(path, new FileInfo(path).Length);
        Assert.Equal(["dense", "dénse_ü"], values.OptionalNames(read, "layer_names", "root")!);
        Assert.Equal("{\"name\": \"réseau\"}", values.OptionalString(read, "model_config", "root"));
    }

    /// <summary>A rewrite that cannot find an attribute it planned fails the save, and the previous file stays as it was.</summary>
    [Fact]
    public void A_rewrite_that_fails_leaves_the_previous_file()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.h5");
        File.WriteAllText(path, "previous");
        H5File file = new();
        KerasStringAttributes strings = new();
        strings.Text(file, "/", "backend", "tensorflow", utf8: false);
        // Planned for a group the file does not hold.
        strings.Names(new H5Group(), "/model_weights", "layer_names", ["dense"]);

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, new KerasHdf5Document(file, strings).Write));
        Assert.Contains("the attribute 'layer_names' of '/model_weights' was not found", error.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    private static (string?, bool, string?) TypeOf(JsonElement attribute)
    {
        JsonElement type = attribute.GetProperty("type");
        return (type.GetProperty("cset").GetString(), type.GetProperty("variable").GetBoolean(), type.GetProperty("pad").GetString());
    }

    private static string Write(TempDirectory directory, Action<H5File, KerasStringAttributes> plan)
    {
        string path = directory.File("strings.h5");
        H5File file = new();
        KerasStringAttributes strings = new();
        plan(file, strings);
        AtomicFile.Write(path, new KerasHdf5Document(file, strings).Write);
        return path;
    }
}
