using Compiled.Tests.Training;

namespace Compiled.Tests.Layers;

/// <summary>
/// The generated backward passes of image and sequence networks against float64 finite differences of
/// <see cref="ImageReference"/>: every kind, padding, stride and dilation, at batch 1 and several samples.
/// </summary>
public class ConvolutionalGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Valid_convolution_and_max_pooling(int batch)
    {
        var model = new ValidConvolutionNet(seed: 1);
        var reference = new ImageReference(7, 6, 2)
            .Convolution(3, [3, 2], [1, 1], [1, 1], "valid", ValidConvolutionNet.Layers.Conv2d.ParameterOffset).Tanh()
            .Pooling(maximum: true, [2, 2], [2, 2], "valid").Flatten()
            .Dense(4, ValidConvolutionNet.Layers.Dense.ParameterOffset).Softmax();
        Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Strided_same_convolution_zero_padding_and_partial_average_windows(int batch)
    {
        var model = new SameStridedConvolutionNet(seed: 2);
        var reference = new ImageReference(7, 7, 1)
            .Convolution(2, [3, 3], [2, 2], [1, 1], "same", 0).Relu()
            .ZeroPadding(0, 1, 2, 1)
            .Pooling(maximum: false, [2, 2], [2, 2], "same").Flatten()
            .Dense(3, SameStridedConvolutionNet.Layers.Dense.ParameterOffset).Softmax();
        Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Dilated_convolution_without_bias_overlapping_pools_and_global_average(int batch)
    {
        var model = new DilatedConvolutionNet(seed: 3);
        var reference = new ImageReference(9, 8, 2)
            .Convolution(3, [3, 3], [1, 1], [2, 2], "valid", 0, bias: false).Sigmoid()
            .Pooling(maximum: true, [3, 3], [1, 2], "valid")
            .GlobalPooling(maximum: false)
            .Dense(2, DilatedConvolutionNet.Layers.Dense.ParameterOffset).Softmax();
        Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Sequences_through_causal_and_strided_convolutions(int batch)
    {
        var model = new SequenceConvolutionNet(seed: 4);
        var reference = new ImageReference(13, 3)
            .Convolution(4, [3], [1], [2], "causal", 0).Tanh()
            .Pooling(maximum: true, [2], [1], "valid")
            .Convolution(3, [2], [2], [1], "same", SequenceConvolutionNet.Layers.Conv1d1.ParameterOffset)
            .Pooling(maximum: false, [2], [2], "same")
            .GlobalPooling(maximum: true)
            .Dense(3, SequenceConvolutionNet.Layers.Dense.ParameterOffset).Softmax();
        Check(model, reference, batch);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Batch_normalization_through_the_batch_statistics(int batch)
    {
        var model = new BatchNormalizationNet(seed: 5);
        // Non-default gamma and beta, so their gradients and their effect are both visible.
        var random = new SeededRandom(9);
        foreach (ref float p in model.Parameters) p += 0.2f * (float)random.NextGaussian();
        int bn = BatchNormalizationNet.Layers.BatchNormalization.ParameterOffset;
        int bn1 = BatchNormalizationNet.Layers.BatchNormalization1.ParameterOffset;
        var reference = new ImageReference(5, 5, 2)
            .Convolution(3, [2, 2], [1, 1], [1, 1], "valid", 0)
            .BatchNormalizationTraining(1e-3, gammaOffset: bn, betaOffset: bn + 3)
            .Relu()
            .Reshape(16, 3)
            .BatchNormalizationTraining(0.01, gammaOffset: bn1, betaOffset: null)
            .GlobalPooling(maximum: false)
            .Dense(3, BatchNormalizationNet.Layers.Dense.ParameterOffset).Softmax();
        Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Dropout_scales_the_gradient_by_its_mask(int batch)
    {
        var model = new DropoutNet(seed: 6);
        // The layer's seed fixes its mask for a training step: draw the one the next step will use.
        float[] mask = new float[batch * 8];
        global::Compiled.Kernels.Dropout.Forward(Enumerable.Repeat(1f, batch * 8).ToArray(), new float[batch * 8], mask, 0.5f, 7, model.TrainingStep + 1);
        Assert.Contains(0f, mask);
        Assert.Contains(2f, mask);
        var reference = new ImageReference(4, 4, 2)
            .GlobalPooling(maximum: true)
            .Dense(8, DropoutNet.Layers.Dense.ParameterOffset).Relu()
            .Scale(mask)
            .Dense(3, DropoutNet.Layers.Dense1.ParameterOffset).Softmax();
        Check(model, reference, batch);
    }

    /// <summary>
    /// One training step of <paramref name="model"/> on <paramref name="x"/> (Gaussian values when null) against finite
    /// differences of <paramref name="reference"/> under categorical cross-entropy.
    /// </summary>
    internal static void Check(Model model, ImageReference reference, int batch, float[]? x = null)
    {
        var random = new SeededRandom(17);
        int inputSize = model.InputShape.ToArray().Aggregate(1, (p, d) => p * d), width = model.OutputShape[^1];
        x ??= Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[batch * width];
        for (int r = 0; r < batch; r++) y[r * width + random.NextInt(width)] = 1f;
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate());
        double reportedLoss = model.TrainOnBatch(x, y).Loss;

        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();
        double Objective(double[] p) => ReferenceNetwork.CategoricalCrossentropy(reference.Forward(xd, p, batch), yd, width, clip: false);
        FiniteDifferences.AssertGradientsMatch(model, reportedLoss, Objective, $"batch {batch}: ");
    }
}
