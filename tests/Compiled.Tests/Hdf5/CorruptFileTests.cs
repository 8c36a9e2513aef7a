using System.Buffers.Binary;
using Compiled.Hdf5;
using Samples.Iris;
using Xunit.Abstractions;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Damaged files: each either loads into a working model or throws <see cref="ModelFileException"/> and leaves the
/// model's parameters exactly as they were; never another exception type, a hang or a crash.
/// </summary>
public class CorruptFileTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Random_byte_mutations_load_or_throw_the_one_exception_with_the_model_unchanged()
    {
        byte[] original = SavedCheckpoint();
        var random = new SeededRandom(ulong.TryParse(Environment.GetEnvironmentVariable("COMPILED_FUZZ_SEED"), out ulong seed) ? seed : 20261128);
        using var directory = new TempDirectory();
        string path = directory.File("mutated.h5");
        int loaded = 0, refused = 0;
        // COMPILED_FUZZ_CASES runs a longer campaign locally; CI runs the default.
        int cases = int.TryParse(Environment.GetEnvironmentVariable("COMPILED_FUZZ_CASES"), out int n) ? n : 600;
        for (int i = 0; i < cases; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            int mutations = 1 + random.NextInt(4);
            for (int m = 0; m < mutations; m++)
            {
                int at = random.NextInt(bytes.Length);
                // Half the cases flip one bit (a media error), half write a random byte (garbage).
                bytes[at] = random.NextInt(2) == 0 ? (byte)(bytes[at] ^ (1 << random.NextInt(8))) : (byte)random.NextInt(256);
            }
            File.WriteAllBytes(path, bytes);
            if (LoadOrRefuse(path, $"case {i}", weightsOnly: i % 2 == 0)) loaded++;
            else refused++;
        }
        output.WriteLine($"{cases} mutated files: {loaded} loaded, {refused} refused with ModelFileException");
        // Both outcomes occur: the fuzzing reaches both the checks and the data.
        Assert.True(loaded > 0 && refused > 0, $"{loaded} loaded, {refused} refused");
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        byte[] original = SavedCheckpoint();
        using var directory = new TempDirectory();
        string path = directory.File("truncated.h5");
        for (int length = 0; length < original.Length; length += length < 256 ? 1 : 37)
        {
            File.WriteAllBytes(path, original.AsSpan(0, length).ToArray());
            Assert.False(LoadOrRefuse(path, $"truncated to {length} bytes", weightsOnly: length % 2 == 0), $"a file truncated to {length} of {original.Length} bytes loaded");
        }
    }

    [Theory]
    [InlineData("empty", "the file is empty")]
    [InlineData("text", "not an HDF5 file")]
    [InlineData("signature-only", "truncated")]
    public void Files_that_are_not_hdf5_say_so(string kind, string expected)
    {
        using var directory = new TempDirectory();
        string path = directory.File(kind + ".h5");
        byte[] signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];
        File.WriteAllBytes(path, kind switch
        {
            "empty" => [],
            "text" => "model_config = {\"class_name\": \"Sequential\"}\n"u8.ToArray(),
            _ => signature,
        });
        var model = new IrisNet(seed: 1);
        float[] before = model.Parameters.ToArray();
        var error = Assert.Throws<ModelFileException>(() => model.LoadWeights(path));
        Assert.Contains(expected, error.Message);
        Assert.Contains("expect", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, model.Parameters.ToArray());
        Assert.Throws<ModelFileException>(() => Model.Load<IrisNet>(path));
    }

    [Fact]
    public void A_dataset_that_claims_gigabytes_is_refused_before_anything_large_is_allocated()
    {
        byte[] bytes = SavedCheckpoint();
        // The dataspace of dense's kernel stores its dimensions as two little-endian 64-bit values, 4 then 16.
        byte[] dims = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(dims, 4);
        BinaryPrimitives.WriteUInt64LittleEndian(dims.AsSpan(8), 16);
        int at = bytes.AsSpan().IndexOf(dims);
        Assert.True(at > 0, "the kernel's dataspace was not found");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at + 8), 1UL << 34);   // (4, 2^34) floats: 256 GiB

        using var directory = new TempDirectory();
        string path = directory.File("absurd.h5");
        File.WriteAllBytes(path, bytes);
        var model = new IrisNet(seed: 1);
        float[] before = model.Parameters.ToArray();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ModelFileException>(() => model.LoadWeights(path));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Contains("has shape (4, 17179869184); expected (4, 16)", error.Message);
        Assert.True(allocated < 16 << 20, $"{allocated} bytes allocated while refusing the file");
        Assert.Equal(before, model.Parameters.ToArray());
    }

    /// <summary>A compiled, trained IrisNet's file: every part of the layout (configs, weights, optimizer state) is present to damage.</summary>
    private static byte[] SavedCheckpoint()
    {
        var model = new IrisNet(seed: 8);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1, momentum: 0.9, decay: 0.01, nesterov: true), Metric.CategoricalAccuracy);
        H5pyReadsOurFilesTests.TrainSomeSteps(model, IrisNet.InputSize, IrisNet.OutputSize, steps: 2);
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        model.Save(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>True when the file loaded into a working model; false when refused with <see cref="ModelFileException"/> and the model untouched.</summary>
    private static bool LoadOrRefuse(string path, string what, bool weightsOnly)
    {
        var model = new IrisNet(seed: 1);
        var sgd = new SGD(momentum: 0.5);
        model.Compile(Loss.MeanSquaredError, sgd);
        float[] before = model.Parameters.ToArray();
        Exception? error = null;
        IrisNet? loaded = null;
        Task attempt = Task.Run(() =>
        {
            try
            {
                if (weightsOnly) model.LoadWeights(path);
                else loaded = Model.Load<IrisNet>(path);
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        Assert.True(attempt.Wait(Patience), $"{what}: loading did not finish within {Patience.TotalSeconds} s");
        if (error is not null)
        {
            Assert.True(error is ModelFileException, $"{what}: threw {error.GetType().Name} instead of ModelFileException: {error}");
            Assert.True(error.Message.Contains("expect", StringComparison.OrdinalIgnoreCase), $"{what}: the message does not say what was expected: {error.Message}");
            Assert.True(ErrorMessageTests.FirstUnprintable(error.Message) is null, $"{what}: the message holds the unprintable character {ErrorMessageTests.FirstUnprintable(error.Message)}: {error.Message}");
            Assert.Equal(before, model.Parameters.ToArray());
            Assert.Same(sgd, model.Optimizer);
            return false;
        }
        Model result = loaded ?? model;
        Assert.Equal(IrisNet.ParameterCount, result.Parameters.Length);
        Assert.Equal(IrisNet.OutputSize, result.Predict([5.1f, 3.5f, 1.4f, 0.2f]).Length);
        return true;
    }
}
