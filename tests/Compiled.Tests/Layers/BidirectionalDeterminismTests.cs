using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>A Bidirectional LSTM network of the benchmark's shape trains to the same bits on one thread as on two, its copies side by side.</summary>
[Collection(nameof(Training.AllocationCounting))]
public class BidirectionalDeterminismTests
{
    [Fact]
    public void Training_gives_identical_bits_for_any_thread_count()
        // Two threads ran the two copies at once (each copy's own products then run on its thread alone).
        => ThreadCountTraining.AssertIdenticalBitsForAnyThreadCount(() => new SpeechBiLstmNet(seed: 3), shared: () => GemmWorkers.SharedJobs);

    /// <summary>
    /// The second layer's backward copy writes its input gradient into a buffer of its own while the forward copy writes the
    /// first layer's output gradient; the sum afterwards must be the bits of one copy after the other.
    /// </summary>
    [Fact]
    public void Stacked_copies_sending_gradients_to_one_input_give_identical_bits_for_any_thread_count()
        => AssertStackedCopiesGiveIdenticalBits(() => new StackedBiLstmNet(seed: 4));

    /// <summary>
    /// Three SGD steps of a network of two Bidirectional layers over 7 steps of 3 features, into three classes, give the same
    /// parameters on one thread as on two, the copies shared with the GEMM workers.
    /// </summary>
    internal static void AssertStackedCopiesGiveIdenticalBits(Func<Model> create)
    {
        float[] oneThread = TrainStacked(create, threads: 1);
        Assert.Equal(oneThread, TrainStacked(create, threads: 1));
        long shared = GemmWorkers.SharedJobs;
        Assert.Equal(oneThread, TrainStacked(create, threads: 2));
        Assert.True(GemmWorkers.SharedJobs > shared, "the two copies were not shared with the GEMM workers");
    }

    private static float[] TrainStacked(Func<Model> create, int threads)
    {
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            Model model = create();
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1), Metric.CategoricalAccuracy);
            var random = new SeededRandom(6);
            float[] x = Enumerable.Range(0, 9 * 7 * 3).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] y = new float[9 * 3];
            for (int i = 0; i < 9; i++) y[i * 3 + random.NextInt(3)] = 1;
            for (int step = 0; step < 3; step++) model.TrainOnBatch(x, y);
            return model.Parameters.ToArray();
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }
}
