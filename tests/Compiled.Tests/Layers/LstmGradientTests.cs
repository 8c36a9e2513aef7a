namespace Compiled.Tests.Layers;

/// <summary>
/// The generated backpropagation through time of LSTM networks against float64 finite differences of
/// <see cref="ImageReference"/>'s LSTM: the last step or every step returned, read forwards or backwards, with and
/// without a bias, every activation the cell applies, stacked layers, odd sizes, at batch 1 and several samples.
/// </summary>
public class LstmGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Last_step_into_a_dense_head(int batch)
    {
        var model = new LastStepLstmNet(seed: 1);
        var reference = new ImageReference(5, 3)
            .Lstm(4, 0)
            .Dense(3, LastStepLstmNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_step_returned_and_flattened(int batch)
    {
        var model = new SequenceLstmNet(seed: 2);
        var reference = new ImageReference(4, 3)
            .Lstm(9, 0, returnSequences: true).Flatten()
            .Dense(3, SequenceLstmNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Read_backwards_with_and_without_the_sequence(int batch)
    {
        var model = new BackwardsLstmNet(seed: 3);
        var reference = new ImageReference(6, 2)
            .Lstm(5, 0, returnSequences: true, goBackwards: true)
            .Lstm(3, BackwardsLstmNet.Layers.Lstm1.ParameterOffset, goBackwards: true)
            .Dense(2, BackwardsLstmNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void No_bias_hard_sigmoid_gates_relu_cell_and_odd_sizes(int batch)
    {
        var model = new NoBiasLstmNet(seed: 4);
        var reference = new ImageReference(3, 7)
            .Lstm(17, 0, bias: false, activation: "relu", recurrentActivation: "hard_sigmoid")
            .Dense(3, NoBiasLstmNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Stacked_layers_pass_the_gradient_of_every_step_down(int batch)
    {
        var model = new StackedLstmNet(seed: 5);
        var reference = new ImageReference(5, 4)
            .Lstm(6, 0, returnSequences: true)
            .Lstm(9, StackedLstmNet.Layers.Lstm1.ParameterOffset, returnSequences: true, activation: "sigmoid", recurrentActivation: "linear")
            .Lstm(3, StackedLstmNet.Layers.Lstm2.ParameterOffset)
            .Dense(3, StackedLstmNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Input_dropout_scales_every_step_and_the_gradient_by_the_masks_drawn(int batch)
    {
        var model = new DropoutLstmNet(seed: 6);
        var reference = new ImageReference(4, 5)
            .Lstm(6, 0, returnSequences: true, inputMask: () => model.FirstMask)
            .Lstm(3, DropoutLstmNet.Layers.Lstm1.ParameterOffset, inputMask: () => model.SecondMask)
            .Dense(2, DropoutLstmNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
        float[] first = model.FirstMask[..(batch * 5)], second = model.SecondMask[..(batch * 6)];
        Assert.All(first, m => Assert.True(m == 0f || m == (float)(1 / 0.6), $"mask value {m}"));
        Assert.All(second, m => Assert.True(m == 0f || m == (float)(1 / 0.7), $"mask value {m}"));
        if (batch > 1) Assert.Contains(0f, first.Concat(second));
    }

    [Fact]
    public void Input_dropout_is_the_identity_at_inference()
    {
        var model = new DropoutLstmNet(seed: 7);
        var reference = new ImageReference(4, 5)
            .Lstm(6, 0, returnSequences: true)
            .Lstm(3, DropoutLstmNet.Layers.Lstm1.ParameterOffset)
            .Dense(2, DropoutLstmNet.Layers.Dense.ParameterOffset).Softmax();
        var random = new SeededRandom(8);
        float[] x = Enumerable.Range(0, 3 * 20).Select(_ => (float)random.NextGaussian()).ToArray();
        double[] expected = reference.Forward(x.Select(v => (double)v).ToArray(), model.Parameters.ToArray().Select(v => (double)v).ToArray(), 3);
        float[] predicted = model.Predict(x);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_sequence_feeding_two_lstms_sums_their_gradients(int batch)
    {
        var model = new BranchingLstmNet(seed: 9);
        int encoder = BranchingLstmNet.Layers.Encoder.ParameterOffset, dense = BranchingLstmNet.Layers.Head.ParameterOffset;
        var forwards = new ImageReference(5, 3).Lstm(4, encoder, returnSequences: true).Lstm(3, BranchingLstmNet.Layers.Forwards.ParameterOffset);
        var backwards = new ImageReference(5, 3).Lstm(4, encoder, returnSequences: true).Lstm(3, BranchingLstmNet.Layers.Backwards.ParameterOffset, goBackwards: true);

        var random = new SeededRandom(17);
        float[] x = Enumerable.Range(0, batch * 15).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[batch * 2];
        for (int r = 0; r < batch; r++) y[r * 2 + random.NextInt(2)] = 1f;
        model.Compile(Loss.CategoricalCrossentropy, new Training.NoUpdate());
        double reportedLoss = model.TrainOnBatch(x, y).Loss;

        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();
        double Objective(double[] p)
        {
            double[] a = forwards.Forward(xd, p, batch), b = backwards.Forward(xd, p, batch), logits = new double[batch * 2];
            for (int r = 0; r < batch; r++)
                for (int j = 0; j < 2; j++)
                {
                    double sum = p[dense + 6 * 2 + j];
                    for (int i = 0; i < 6; i++) sum += (i < 3 ? a[r * 3 + i] : b[r * 3 + i - 3]) * p[dense + i * 2 + j];
                    logits[r * 2 + j] = sum;
                }
            return Training.ReferenceNetwork.CategoricalCrossentropy(Training.ReferenceNetwork.SoftmaxRows(logits, 2), yd, 2, clip: false);
        }
        Training.FiniteDifferences.AssertGradientsMatch(model, reportedLoss, Objective, $"batch {batch}: ");
    }
}
