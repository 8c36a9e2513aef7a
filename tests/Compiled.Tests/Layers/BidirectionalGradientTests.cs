namespace Compiled.Tests.Layers;

/// <summary>
/// The generated backpropagation through time of Bidirectional LSTM networks against float64 finite differences of
/// <see cref="ImageReference"/>'s Bidirectional: every merge mode, the last states and every step merged, batch 1 and more.
/// </summary>
public class BidirectionalGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Concat_last_states(int batch)
        => ConvolutionalGradientTests.Check(new ConcatLastBiLstmNet(seed: 11),
            new ImageReference(5, 3).Bidirectional(4, 0, "concat").Dense(3, ConcatLastBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Concat_every_step(int batch)
        => ConvolutionalGradientTests.Check(new ConcatSequenceBiLstmNet(seed: 12),
            new ImageReference(4, 3).Bidirectional(5, 0, "concat", returnSequences: true).Flatten()
                .Dense(3, ConcatSequenceBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sum_every_step(int batch)
        => ConvolutionalGradientTests.Check(new SumSequenceBiLstmNet(seed: 13),
            new ImageReference(4, 3).Bidirectional(5, 0, "sum", returnSequences: true).Flatten()
                .Dense(3, SumSequenceBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sum_last_states(int batch)
        => ConvolutionalGradientTests.Check(new SumLastBiLstmNet(seed: 19),
            new ImageReference(3, 2).Bidirectional(17, 0, "sum").Dense(2, SumLastBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Mul_last_states(int batch)
        => ConvolutionalGradientTests.Check(new MulLastBiLstmNet(seed: 14),
            new ImageReference(6, 2).Bidirectional(7, 0, "mul").Dense(2, MulLastBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Mul_every_step(int batch)
        => ConvolutionalGradientTests.Check(new MulSequenceBiLstmNet(seed: 15),
            new ImageReference(3, 4).Bidirectional(3, 0, "mul", returnSequences: true).Flatten()
                .Dense(2, MulSequenceBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ave_last_states_with_hard_sigmoid_gates(int batch)
        => ConvolutionalGradientTests.Check(new AveLastBiLstmNet(seed: 16),
            new ImageReference(3, 4).Bidirectional(6, 0, "ave", recurrentActivation: "hard_sigmoid")
                .Dense(3, AveLastBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ave_every_step_into_a_second_lstm(int batch)
        => ConvolutionalGradientTests.Check(new AveSequenceBiLstmNet(seed: 17),
            new ImageReference(5, 2).Bidirectional(4, 0, "ave", returnSequences: true)
                .Lstm(3, AveSequenceBiLstmNet.Layers.Lstm1.ParameterOffset)
                .Dense(2, AveSequenceBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Functional_node_wrapping_its_lstm(int batch)
        => ConvolutionalGradientTests.Check(new FunctionalBiLstmNet(seed: 18),
            new ImageReference(4, 3).Bidirectional(4, 0, "sum", returnSequences: true).Flatten()
                .Dense(2, FunctionalBiLstmNet.Layers.Head.ParameterOffset).Softmax(), batch);
}
