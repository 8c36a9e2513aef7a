namespace Compiled.Tests.Layers;

/// <summary>
/// The generated backpropagation through time of SimpleRNN networks against float64 finite differences of
/// <see cref="ImageReference"/>'s SimpleRNN: the last step or every step returned, read forwards or backwards, with and
/// without a bias, every activation, stacked layers, input dropout, odd sizes, Bidirectional in every merge mode, at batch
/// 1 and several samples.
/// </summary>
public class SimpleRnnGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Last_step_into_a_dense_head(int batch)
        => ConvolutionalGradientTests.Check(new LastStepSimpleRnnNet(seed: 1),
            new ImageReference(5, 3).SimpleRnn(4, 0).Dense(3, LastStepSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_step_returned_and_flattened(int batch)
        => ConvolutionalGradientTests.Check(new SequenceSimpleRnnNet(seed: 2),
            new ImageReference(4, 3).SimpleRnn(9, 0, returnSequences: true).Flatten().Dense(3, SequenceSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Read_backwards_with_and_without_the_sequence_relu(int batch)
        => ConvolutionalGradientTests.Check(new BackwardsSimpleRnnNet(seed: 3),
            new ImageReference(6, 2)
                .SimpleRnn(5, 0, returnSequences: true, goBackwards: true, activation: "relu")
                .SimpleRnn(3, BackwardsSimpleRnnNet.Layers.SimpleRnn1.ParameterOffset, goBackwards: true)
                .Dense(2, BackwardsSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void No_bias_sigmoid_and_odd_sizes(int batch)
        => ConvolutionalGradientTests.Check(new NoBiasSimpleRnnNet(seed: 4),
            new ImageReference(3, 7).SimpleRnn(17, 0, bias: false, activation: "sigmoid").Dense(3, NoBiasSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Stacked_linear_hard_sigmoid_and_tanh_layers_pass_the_gradient_of_every_step_down(int batch)
        => ConvolutionalGradientTests.Check(new StackedSimpleRnnNet(seed: 5),
            new ImageReference(5, 4)
                .SimpleRnn(6, 0, returnSequences: true, activation: "linear")
                .SimpleRnn(9, StackedSimpleRnnNet.Layers.SimpleRnn1.ParameterOffset, returnSequences: true, activation: "hard_sigmoid")
                .SimpleRnn(3, StackedSimpleRnnNet.Layers.SimpleRnn2.ParameterOffset)
                .Dense(3, StackedSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Input_dropout_scales_every_step_and_the_gradient_by_the_masks_drawn(int batch)
    {
        var model = new DropoutSimpleRnnNet(seed: 6);
        var reference = new ImageReference(4, 5)
            .SimpleRnn(6, 0, returnSequences: true, inputMask: () => model.FirstMask)
            .SimpleRnn(3, DropoutSimpleRnnNet.Layers.SimpleRnn1.ParameterOffset, inputMask: () => model.SecondMask)
            .Dense(2, DropoutSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
        float[] first = model.FirstMask[..(batch * 5)], second = model.SecondMask[..(batch * 6)];
        Assert.All(first, m => Assert.True(m == 0f || m == (float)(1 / 0.6), $"mask value {m}"));
        Assert.All(second, m => Assert.True(m == 0f || m == (float)(1 / 0.7), $"mask value {m}"));
        if (batch > 1) Assert.Contains(0f, first.Concat(second));
    }

    [Fact]
    public void Input_dropout_is_the_identity_at_inference()
    {
        var model = new DropoutSimpleRnnNet(seed: 7);
        var reference = new ImageReference(4, 5)
            .SimpleRnn(6, 0, returnSequences: true)
            .SimpleRnn(3, DropoutSimpleRnnNet.Layers.SimpleRnn1.ParameterOffset)
            .Dense(2, DropoutSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax();
        var random = new SeededRandom(8);
        float[] x = Enumerable.Range(0, 3 * 20).Select(_ => (float)random.NextGaussian()).ToArray();
        double[] expected = reference.Forward(x.Select(v => (double)v).ToArray(), model.Parameters.ToArray().Select(v => (double)v).ToArray(), 3);
        float[] predicted = model.Predict(x);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Bidirectional_concat_every_step(int batch)
        => ConvolutionalGradientTests.Check(new ConcatSequenceBiSimpleRnnNet(seed: 11),
            new ImageReference(4, 3).BidirectionalSimpleRnn(5, 0, "concat", returnSequences: true).Flatten()
                .Dense(3, ConcatSequenceBiSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_sum_of_relu_last_states(int batch)
        => ConvolutionalGradientTests.Check(new SumLastBiSimpleRnnNet(seed: 12),
            new ImageReference(5, 3).BidirectionalSimpleRnn(4, 0, "sum", activation: "relu").Dense(3, SumLastBiSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Bidirectional_average_of_every_step_of_a_layer_read_backwards(int batch)
        => ConvolutionalGradientTests.Check(new AveSequenceBiSimpleRnnNet(seed: 13),
            new ImageReference(3, 2).BidirectionalSimpleRnn(17, 0, "ave", returnSequences: true, goBackwards: true).Flatten()
                .Dense(2, AveSequenceBiSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_product_of_last_states(int batch)
        => ConvolutionalGradientTests.Check(new MulLastBiSimpleRnnNet(seed: 14),
            new ImageReference(6, 2).BidirectionalSimpleRnn(7, 0, "mul").Dense(2, MulLastBiSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch);

    [Fact]
    public void The_checks_above_run_every_simple_rnn_option()
    {
        Model[] models =
        [
            new LastStepSimpleRnnNet(seed: 1), new SequenceSimpleRnnNet(seed: 1), new BackwardsSimpleRnnNet(seed: 1), new NoBiasSimpleRnnNet(seed: 1),
            new StackedSimpleRnnNet(seed: 1), new DropoutSimpleRnnNet(seed: 1),
        ];
        SimpleRNNLayer[] layers = models.SelectMany(m => m.Architecture).OfType<SimpleRNNLayer>().ToArray();
        Assert.Contains(layers, l => l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.UseBias);
        Assert.Contains(layers, l => l.Dropout > 0);
        Assert.Empty(new[] { Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear }.Except(layers.Select(l => l.Activation)));
        Assert.Contains(layers, l => l.Units < 8);
        Assert.Contains(layers, l => l.Units > 8 && l.Units < 16);
        Assert.Contains(layers, l => l.Units > 16);

        Model[] bidirectional = [new ConcatSequenceBiSimpleRnnNet(seed: 1), new SumLastBiSimpleRnnNet(seed: 1), new AveSequenceBiSimpleRnnNet(seed: 1), new MulLastBiSimpleRnnNet(seed: 1)];
        BidirectionalLayer[] wrappers = bidirectional.SelectMany(m => m.Architecture).OfType<BidirectionalLayer>().ToArray();
        Assert.All(wrappers, w => Assert.IsType<SimpleRNNLayer>(w.Layer));
        Assert.Equal(Enum.GetValues<MergeMode>().Order(), wrappers.Select(w => w.MergeMode).Order());
    }
}
