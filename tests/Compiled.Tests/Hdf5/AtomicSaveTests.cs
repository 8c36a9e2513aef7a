using Compiled.Hdf5;
using Samples.Iris;

namespace Compiled.Tests.Hdf5;

/// <summary>A save that fails part-way, as on a full disk, leaves the previous file byte for byte and no temporary file.</summary>
public class AtomicSaveTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(2000)]
    public void A_save_that_fails_part_way_leaves_the_previous_file_intact(int bytesBeforeFailure)
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        new IrisNet(seed: 1).Save(path);
        byte[] before = File.ReadAllBytes(path);

        var other = new IrisNet(seed: 2);
        other.Compile(Loss.CategoricalCrossentropy, new SGD(momentum: 0.9));
        AtomicFile.WrapStreamForTests = stream => new FailingStream(stream, bytesBeforeFailure);
        IOException error;
        try
        {
            error = Assert.Throws<IOException>(() => other.Save(path));
        }
        finally
        {
            AtomicFile.WrapStreamForTests = null;
        }

        Assert.Contains("No space left on device", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
        // And the next save, without the failure, replaces the file.
        other.Save(path);
        Assert.NotEqual(before, File.ReadAllBytes(path));
        Assert.Equal(other.Parameters.ToArray(), Model.Load<IrisNet>(path).Parameters.ToArray());
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void Saving_creates_a_new_file_and_overwrites_an_existing_one()
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        var first = new IrisNet(seed: 1);
        first.Save(path);
        var second = new IrisNet(seed: 2);
        second.Save(path);
        Assert.Equal(second.Parameters.ToArray(), Model.Load<IrisNet>(path).Parameters.ToArray());
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }
}
