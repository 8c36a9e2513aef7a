using System.Buffers.Binary;
using Compiled.Plots;
using Compiled.Tests.Models;

namespace Compiled.Tests.Training;

public class TrainingCurvesTests
{
    [Fact]
    public void History_is_drawn_as_a_png_of_the_requested_size()
    {
        var model = new HiddenPerceptron(seed: 1);
        model.Compile("mse", "sgd", "binary_accuracy");
        float[,] x = { { 0, 0, 1 }, { 1, 1, 1 }, { 1, 0, 1 }, { 0, 1, 1 } };
        float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };
        History history = model.Fit(x, y, batchSize: 2, epochs: 5, verbose: 0);
        string path = Path.Combine(Path.GetTempPath(), $"compiled-curves-{Guid.NewGuid():N}.png");
        try
        {
            history.SavePng(path, width: 640, height: 360);
            byte[] png = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            // IHDR follows the 8-byte signature and its 8-byte chunk header: width, then height, big-endian.
            Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
            Assert.Equal(360, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_empty_history_is_refused_with_a_reason()
    {
        var model = new HiddenPerceptron(seed: 1);
        model.Compile("mse", "sgd");
        History empty = model.Fit(new float[1, 3], new float[1, 1], epochs: 0, verbose: 0);
        var error = Assert.Throws<ArgumentException>(() => empty.SavePng(Path.Combine(Path.GetTempPath(), "never.png")));
        Assert.Contains("no epochs", error.Message);
    }
}
