using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// An LSTM network trains to the same bits on one thread as on two: its products over every step (the input product,
/// the weight gradients, the input gradient) are large enough to be shared among the GEMM workers, which sum each
/// element on one thread in one order.
/// </summary>
[Collection(nameof(Training.AllocationCounting))]
public class LstmDeterminismTests
{
    [Fact]
    public void Training_gives_identical_bits_for_any_thread_count()
    {
        // (32 samples · 100 steps) × 40 features × 256 gate columns: well above the size Gemm shares.
        Assert.True(32L * 100 * 40 * 256 >= 4 * Gemm.ParallelLimit);
        AssertTrainsToTheSameBitsOnOneAndTwoThreads(() => new SpeechLstmNet(seed: 3));
    }

    /// <summary>
    /// Two SGD steps with momentum on 32 random samples of 100 steps of 40 features, into ten classes, give the same
    /// parameters twice on one thread and once on two, and share at least one product with the GEMM workers.
    /// </summary>
    internal static void AssertTrainsToTheSameBitsOnOneAndTwoThreads(Func<Model> create)
    {
        long shared = GemmWorkers.SharedProducts;
        float[] oneThread = Train(create, threads: 1);
        Assert.Equal(oneThread, Train(create, threads: 1));
        Assert.Equal(oneThread, Train(create, threads: 2));
        Assert.True(GemmWorkers.SharedProducts > shared, "no product was shared with the GEMM workers");
    }

    private static float[] Train(Func<Model> create, int threads)
    {
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            Model model = create();
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);
            var random = new SeededRandom(5);
            float[] x = Enumerable.Range(0, 32 * 100 * 40).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] y = new float[32 * 10];
            for (int i = 0; i < 32; i++) y[i * 10 + random.NextInt(10)] = 1;
            for (int step = 0; step < 2; step++) model.TrainOnBatch(x, y);
            return model.Parameters.ToArray();
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }
}
