namespace Compiled.Tests.Layers;

/// <summary>
/// The generated backpropagation through time of GRU networks against float64 finite differences of
/// <see cref="ImageReference"/>'s GRU: the reset gate after (tf.keras 2) and before (Keras 2.2) the recurrent product, the
/// last step or every step returned, read forwards or backwards, with and without a bias, every activation the kernels
/// apply, stacked layers, input dropout, Bidirectional in every merge mode, at batch 1 and several samples.
/// </summary>
public class GruGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Last_step_into_a_dense_head(int batch)
        => ConvolutionalGradientTests.Check(new LastStepGruNet(seed: 1),
            new ImageReference(5, 3).Gru(4, 0).Dense(3, LastStepGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_step_returned_and_flattened(int batch)
        => ConvolutionalGradientTests.Check(new SequenceGruNet(seed: 2),
            new ImageReference(4, 3).Gru(9, 0, returnSequences: true).Flatten().Dense(3, SequenceGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Read_backwards_with_and_without_the_sequence(int batch)
        => ConvolutionalGradientTests.Check(new BackwardsGruNet(seed: 3),
            new ImageReference(6, 2)
                .Gru(5, 0, returnSequences: true, goBackwards: true)
                .Gru(3, BackwardsGruNet.Layers.Gru1.ParameterOffset, goBackwards: true)
                .Dense(2, BackwardsGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Reset_gate_before_the_product_forwards_and_backwards(int batch)
        => ConvolutionalGradientTests.Check(new ResetBeforeGruNet(seed: 4),
            new ImageReference(5, 3)
                .Gru(9, 0, returnSequences: true, resetAfter: false)
                .Gru(4, ResetBeforeGruNet.Layers.Gru1.ParameterOffset, goBackwards: true, resetAfter: false)
                .Dense(3, ResetBeforeGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void No_bias_hard_sigmoid_gates_relu_candidate_and_odd_sizes(int batch)
        => ConvolutionalGradientTests.Check(new HardSigmoidGruNet(seed: 5),
            new ImageReference(3, 7)
                .Gru(17, 0, returnSequences: true, bias: false, activation: "relu", recurrentActivation: "hard_sigmoid")
                .Gru(6, HardSigmoidGruNet.Layers.Gru1.ParameterOffset, resetAfter: false, recurrentActivation: "hard_sigmoid")
                .Dense(3, HardSigmoidGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Stacked_layers_with_every_activation_pass_the_gradient_of_every_step_down(int batch)
        => ConvolutionalGradientTests.Check(new StackedGruNet(seed: 6),
            new ImageReference(5, 4)
                .Gru(6, 0, returnSequences: true, activation: "sigmoid", recurrentActivation: "linear")
                .Gru(9, StackedGruNet.Layers.Gru1.ParameterOffset, returnSequences: true, resetAfter: false, activation: "linear", recurrentActivation: "tanh")
                .Gru(3, StackedGruNet.Layers.Gru2.ParameterOffset)
                .Dense(3, StackedGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Input_dropout_scales_every_step_and_the_gradient_by_the_masks_drawn(int batch)
    {
        var model = new DropoutGruNet(seed: 7);
        var reference = new ImageReference(4, 5)
            .Gru(6, 0, returnSequences: true, inputMask: () => model.FirstMask)
            .Gru(3, DropoutGruNet.Layers.Gru1.ParameterOffset, resetAfter: false, inputMask: () => model.SecondMask)
            .Dense(2, DropoutGruNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
        float[] first = model.FirstMask[..(batch * 5)], second = model.SecondMask[..(batch * 6)];
        Assert.All(first, m => Assert.True(m == 0f || m == (float)(1 / 0.6), $"mask value {m}"));
        Assert.All(second, m => Assert.True(m == 0f || m == (float)(1 / 0.7), $"mask value {m}"));
        if (batch > 1) Assert.Contains(0f, first.Concat(second));
    }

    [Fact]
    public void Input_dropout_is_the_identity_at_inference()
    {
        var model = new DropoutGruNet(seed: 8);
        var reference = new ImageReference(4, 5)
            .Gru(6, 0, returnSequences: true)
            .Gru(3, DropoutGruNet.Layers.Gru1.ParameterOffset, resetAfter: false)
            .Dense(2, DropoutGruNet.Layers.Dense.ParameterOffset).Softmax();
        var random = new SeededRandom(9);
        float[] x = Enumerable.Range(0, 3 * 20).Select(_ => (float)random.NextGaussian()).ToArray();
        double[] expected = reference.Forward(x.Select(v => (double)v).ToArray(), model.Parameters.ToArray().Select(v => (double)v).ToArray(), 3);
        float[] predicted = model.Predict(x);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_concat_last_states(int batch)
        => ConvolutionalGradientTests.Check(new ConcatLastBiGruNet(seed: 11),
            new ImageReference(5, 3).BidirectionalGru(4, 0, "concat").Dense(3, ConcatLastBiGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Bidirectional_concat_every_step_reset_before(int batch)
        => ConvolutionalGradientTests.Check(new ConcatSequenceBiGruNet(seed: 12),
            new ImageReference(4, 3).BidirectionalGru(5, 0, "concat", returnSequences: true, resetAfter: false).Flatten()
                .Dense(3, ConcatSequenceBiGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Bidirectional_sum_every_step(int batch)
        => ConvolutionalGradientTests.Check(new SumSequenceBiGruNet(seed: 13),
            new ImageReference(4, 3).BidirectionalGru(9, 0, "sum", returnSequences: true).Flatten()
                .Dense(3, SumSequenceBiGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Bidirectional_ave_last_states_hard_sigmoid_reset_before(int batch)
        => ConvolutionalGradientTests.Check(new AveLastBiGruNet(seed: 14),
            new ImageReference(3, 4).BidirectionalGru(6, 0, "ave", resetAfter: false, recurrentActivation: "hard_sigmoid")
                .Dense(3, AveLastBiGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_mul_last_states(int batch)
        => ConvolutionalGradientTests.Check(new MulLastBiGruNet(seed: 15),
            new ImageReference(6, 2).BidirectionalGru(7, 0, "mul").Dense(2, MulLastBiGruNet.Layers.Dense.ParameterOffset).Softmax(), batch);
}
