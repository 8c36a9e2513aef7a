using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// A GRU network of the LSTM benchmark's shape trains to the same bits on one thread as on two, in both forms of the reset
/// gate: its products over every step (the input product, the weight gradients, among them Keras 2.2's form's products
/// over column blocks of the recurrent kernel, the input gradient) are large enough to be shared among the GEMM workers,
/// which sum each element on one thread in one order.
/// </summary>
[Collection(nameof(Training.AllocationCounting))]
public class GruDeterminismTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Training_gives_identical_bits_for_any_thread_count(bool resetAfter)
    {
        // (32 samples · 100 steps) × 40 features × 192 gate columns: well above the size Gemm shares.
        Assert.True(32L * 100 * 40 * 192 >= 4 * Gemm.ParallelLimit);
        long shared = GemmWorkers.SharedProducts;
        float[] oneThread = Train(resetAfter, threads: 1);
        Assert.Equal(oneThread, Train(resetAfter, threads: 1));
        Assert.Equal(oneThread, Train(resetAfter, threads: 2));
        Assert.True(GemmWorkers.SharedProducts > shared, "no product was shared with the GEMM workers");
    }

    private static float[] Train(bool resetAfter, int threads)
    {
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            Model model = resetAfter ? new SpeechGruNet(seed: 3) : new SpeechResetBeforeGruNet(seed: 3);
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);
            var random = new SeededRandom(5);
            float[] x = Enumerable.Range(0, 32 * 100 * 40).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] y = new float[32 * 10];
            for (int i = 0; i < 32; i++) y[i * 10 + random.NextInt(10)] = 1;
            for (int step = 0; step < 2; step++) model.TrainOnBatch(x, y);
            Assert.All(model.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
            return model.Parameters.ToArray();
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }
}
