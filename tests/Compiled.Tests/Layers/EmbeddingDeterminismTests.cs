using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// A text classifier (Embedding, Conv1D, RepeatVector) trains to the same bits on one thread as on two: the embeddings'
/// gradient is summed step by step in order whatever the thread count, while the products around it are shared.
/// </summary>
[Collection(nameof(Training.AllocationCounting))]
public class EmbeddingDeterminismTests
{
    [Fact]
    public void Training_gives_identical_bits_for_any_thread_count()
    {
        float[] first = Train(threads: 1);
        Assert.Equal(first, Train(threads: 1));
        Assert.Equal(first, Train(threads: 2));
        // The steps moved the embeddings, so the comparison covers their gradient.
        int embeddings = TextClassifierNet.Layers.Embedding.ParameterCount;
        Assert.NotEqual(new TextClassifierNet(seed: 3).Parameters[..embeddings].ToArray(), first[..embeddings]);
    }

    private static float[] Train(int threads)
    {
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            var model = new TextClassifierNet(seed: 3);
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);
            var random = new SeededRandom(5);
            // Token indices drawn from a small part of the vocabulary, so that rows repeat within and across samples.
            float[] x = Enumerable.Range(0, 32 * 24).Select(_ => (float)random.NextInt(60)).ToArray();
            float[] y = new float[32 * 10];
            for (int i = 0; i < 32; i++) y[i * 10 + random.NextInt(10)] = 1;
            for (int step = 0; step < 3; step++) model.TrainOnBatch(x, y);
            return model.Parameters.ToArray();
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }
}
