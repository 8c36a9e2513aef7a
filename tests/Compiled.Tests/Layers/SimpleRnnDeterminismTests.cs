using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>
/// A SimpleRNN network of the LSTM benchmark's shape trains to the same bits on one thread as on two: its products over
/// every step (the input product, the weight gradients, the input gradient) are large enough to be shared among the GEMM
/// workers, which sum each element on one thread in one order.
/// </summary>
[Collection(nameof(Training.AllocationCounting))]
public class SimpleRnnDeterminismTests
{
    [Fact]
    public void Training_gives_identical_bits_for_any_thread_count()
    {
        // (32 samples · 100 steps) × 40 features × 64 units: above the size Gemm shares.
        Assert.True(32L * 100 * 40 * 64 >= 4 * Gemm.ParallelLimit);
        LstmDeterminismTests.AssertTrainsToTheSameBitsOnOneAndTwoThreads(() => new SpeechSimpleRnnNet(seed: 3));
    }
}
