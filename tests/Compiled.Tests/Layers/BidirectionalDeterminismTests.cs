namespace Compiled.Tests.Layers;

/// <summary>A Bidirectional LSTM network of the benchmark's shape trains to the same bits on one thread as on two.</summary>
[Collection(nameof(Training.AllocationCounting))]
public class BidirectionalDeterminismTests
{
    [Fact]
    public void Training_gives_identical_bits_for_any_thread_count()
        => ThreadCountTraining.AssertIdenticalBitsForAnyThreadCount(() => new SpeechBiLstmNet(seed: 3));
}
