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
        LstmDeterminismTests.AssertTrainsToTheSameBitsOnOneAndTwoThreads(() => resetAfter ? new SpeechGruNet(seed: 3) : new SpeechResetBeforeGruNet(seed: 3));
    }

    /// <summary>
    /// Bidirectional(GRU) runs its copies through <c>Bidirectional.RunDirections</c>: on two threads at once, each with its own
    /// buffers and packed recurrent kernel, the second layer's backward copy sending its input gradient through a buffer of its
    /// own; both reset gate forms give the bits of one thread.
    /// </summary>
    [Fact]
    public void Bidirectional_copies_side_by_side_give_identical_bits_for_any_thread_count()
        => BidirectionalDeterminismTests.AssertStackedCopiesGiveIdenticalBits(() => new StackedBiGruNet(seed: 4));
}
