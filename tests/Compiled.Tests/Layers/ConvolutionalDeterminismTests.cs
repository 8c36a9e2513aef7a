using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>A convolutional network trains to the same bits on one thread as on two, and to the same bits when run again.</summary>
[Collection(nameof(Training.AllocationCounting))]
public class ConvolutionalDeterminismTests
{
    [Fact]
    public void Training_gives_identical_bits_for_any_thread_count()
    {
        float[] OneThread() => Train(threads: 1);
        float[] first = OneThread();
        Assert.Equal(first, OneThread());
        Assert.Equal(first, Train(threads: 2));
    }

    private static float[] Train(int threads)
    {
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            var model = new SharedConvolutionNet(seed: 3);
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);
            var random = new SeededRandom(5);
            float[] x = Enumerable.Range(0, 32 * 16 * 16 * 8).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] y = new float[32 * 10];
            for (int i = 0; i < 32; i++) y[i * 10 + random.NextInt(10)] = 1;
            for (int step = 0; step < 3; step++) model.TrainOnBatch(x, y);
            return [.. model.Parameters.ToArray(), .. model.NonTrainableParameters.ToArray()];
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }
}
