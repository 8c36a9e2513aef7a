using System.Text.Json;
using Compiled.Hdf5;
using PureHDF;
using Samples.Tutorial;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Save lowers what PureHDF writes in HDF5 1.10's versions (superblock 3, data layout messages 4) to HDF5 1.8's
/// (superblock 2, layout 3), so readers built on HDF5 1.8 open our files. No HDF5 1.8 runs here: the HDF5 library
/// h5py has (1.10) checks the superblock against 1.8's format when asked to write within it, and the layout
/// messages are checked by walking the file.
/// </summary>
public class Hdf5VersionTests
{
    /// <summary>Every data layout message of a file: (version, layout class).</summary>
    private static List<(byte Version, byte Class)> Layouts(string path)
    {
        List<(byte, byte)> layouts = [];
        using FileStream stream = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        Hdf5FileRewrite.ObjectHeaders(stream, (_, header) =>
        {
            foreach (Hdf5HeaderMessage message in header.Messages.Where(m => m.Type == 0x08))
                layouts.Add((header.Data(message)[0], header.Data(message)[1]));
            return false;
        });
        return layouts;
    }

    private static JsonElement OpenAsHdf5_1_8(string path) => JsonDocument.Parse(H5py.Run("open_as_hdf5_1_8.py", path)).RootElement;

    [SkippableFact]
    public void A_saved_model_is_in_HDF5_1_8s_format()
    {
        H5py.Require();
        var model = new TutorialNet(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.CategoricalAccuracy);
        H5pyReadsOurFilesTests.TrainSomeSteps(model, 100, 10, steps: 2);
        using var directory = new TempDirectory();
        string path = directory.File("tutorial.h5");
        model.Save(path);

        JsonElement opened = OpenAsHdf5_1_8(path);
        Assert.Equal(2, opened.GetProperty("superblock").GetInt32());
        Assert.True(opened.GetProperty("opens_within_v108").GetBoolean(), opened.ToString());
        List<(byte Version, byte Class)> layouts = Layouts(path);
        // Four weights, the counter and eight Adam slots.
        Assert.Equal(13, layouts.Count);
        Assert.All(layouts, l => Assert.Equal(3, l.Version));
        Assert.Equal(model.Parameters.ToArray(), Model.Load<TutorialNet>(path).Parameters.ToArray());

        string weights = directory.File("tutorial.weights.h5");
        model.SaveWeights(weights);
        Assert.True(OpenAsHdf5_1_8(weights).GetProperty("opens_within_v108").GetBoolean());
    }

    /// <summary>The check has teeth: the same library refuses PureHDF's own version 3 superblock within 1.8's format.</summary>
    [SkippableFact]
    public void PureHDFs_own_superblock_is_refused_within_HDF5_1_8s_format()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("purehdf.h5");
        KerasFileWriter.BuildWeights(new TutorialNet(seed: 3)).File.Write(path);
        JsonElement opened = OpenAsHdf5_1_8(path);
        Assert.Equal(3, opened.GetProperty("superblock").GetInt32());
        Assert.False(opened.GetProperty("opens_within_v108").GetBoolean());
        Assert.Contains(Layouts(path), l => l.Version == 4);
    }

    /// <summary>A dataset too large to be compact (over 64 KiB) is contiguous, lowered alike, and read back exactly.</summary>
    [SkippableFact]
    public void A_contiguous_dataset_is_lowered_and_reads_back()
    {
        H5py.Require();
        float[] values = Enumerable.Range(0, 40_000).Select(i => i * 0.25f).ToArray();
        using var directory = new TempDirectory();
        string path = directory.File("large.h5");
        H5File file = new() { ["large"] = new H5Dataset(values, fileDims: [200, 200]), ["small"] = new H5Dataset(new float[] { 1, 2, 3 }) };
        AtomicFile.Write(path, new KerasHdf5Document(file, new KerasStringAttributes()).Write);

        Assert.Equal([(3, 1), (3, 0)], Layouts(path).Order().Reverse().Select(l => ((int)l.Version, (int)l.Class)));
        Assert.True(OpenAsHdf5_1_8(path).GetProperty("opens_within_v108").GetBoolean());
        using JsonDocument dump = H5py.Dump(path);
        Assert.Equal(values, dump.RootElement.GetProperty("datasets").GetProperty("large").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()));
    }

    /// <summary>A chunked dataset's version 4 layout has no version 3 form: the file stays in 1.10's format, and readable.</summary>
    [SkippableFact]
    public void A_chunked_dataset_keeps_the_file_in_HDF5_1_10s_format()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("chunked.h5");
        H5File file = new() { ["chunked"] = new H5Dataset(new float[64], fileDims: [8, 8], chunks: [4, 4]) };
        bool lowered = true;
        AtomicFile.Write(path, stream =>
        {
            file.Write(stream);
            lowered = Hdf5FileRewrite.LowerToHdf5_1_8(stream);
        });
        Assert.False(lowered);
        Assert.Equal(3, OpenAsHdf5_1_8(path).GetProperty("superblock").GetInt32());
        Assert.Equal(64, H5py.Dump(path).RootElement.GetProperty("datasets").GetProperty("chunked").GetProperty("values").GetArrayLength());
    }
}
