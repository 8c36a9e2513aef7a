using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// The recurrent determinism tests' one check: a network of the benchmark's shape (100 steps of 40 features, 10 classes,
/// batch 32) trains two SGD steps to the same bits on one thread, again on one, and on two, with products shared among
/// the GEMM workers (products, or a Bidirectional's two copies run at once).
/// </summary>
internal static class ThreadCountTraining
{
    /// <summary>
    /// Asserts identical parameters for one and two threads; <paramref name="pad"/> may rewrite the Gaussian inputs first, and
    /// <paramref name="shared"/> counts what two threads must have shared (by default products and jobs).
    /// </summary>
    public static void AssertIdenticalBitsForAnyThreadCount(Func<Model> create, Action<float[]>? pad = null, Func<long>? shared = null)
    {
        shared ??= Shared;
        float[] oneThread = Train(create, pad, threads: 1);
        Assert.Equal(oneThread, Train(create, pad, threads: 1));
        long before = shared();
        Assert.Equal(oneThread, Train(create, pad, threads: 2));
        Assert.True(shared() > before, "nothing was shared with the GEMM workers");
    }

    /// <summary>Products and jobs (Bidirectional's two copies at once) the GEMM workers have shared so far.</summary>
    private static long Shared() => GemmWorkers.SharedProducts + GemmWorkers.SharedJobs;

    private static float[] Train(Func<Model> create, Action<float[]>? pad, int threads)
    {
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            Model model = create();
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);
            var random = new SeededRandom(5);
            float[] x = Enumerable.Range(0, 32 * 100 * 40).Select(_ => (float)random.NextGaussian()).ToArray();
            pad?.Invoke(x);
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
