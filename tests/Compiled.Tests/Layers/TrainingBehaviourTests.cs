using Compiled.Tests.Training;

namespace Compiled.Tests.Layers;

[Sequential(InputShape = new[] { 3, 2, 4 })]
[BatchNormalization(Momentum = 0.9)]
[Flatten]
[Dense(2, Activation = Activation.Softmax)]
public partial class ImageNormalization;

[Sequential(InputShape = new[] { 5, 3 })]
[BatchNormalization]
[Flatten]
[Dense(2, Activation = Activation.Softmax)]
public partial class SequenceNormalization;

[Sequential(Input = 64)]
[Dropout(0.25)]
[Dense(4, Activation = Activation.Softmax)]
public partial class DropoutOnInputs;

/// <summary>BatchNormalization and Dropout behave as Keras's do in training and in inference, through whole generated models.</summary>
public class TrainingBehaviourTests
{
    [Fact]
    public void Batch_normalization_moves_its_statistics_as_tensorflows_fused_kernel_does_for_images()
    {
        // 4-D input (batch included): tf.keras 2 takes the fused kernel, whose moving variance gets the unbiased batch variance.
        (double[] mean, double[] variance, int rows) = TrainOnce(new ImageNormalization(seed: 1), batch: 5, channels: 4, out float[] state);
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(0.9 * 0 + 0.1 * mean[c], state[c], 5);
            Assert.Equal(0.9 * 1 + 0.1 * variance[c] * rows / (rows - 1), state[4 + c], 5);
        }
    }

    [Fact]
    public void Batch_normalization_moves_its_statistics_with_the_biased_variance_for_sequences()
    {
        // 3-D input: tf.keras 2's plain path feeds the moving variance the biased batch variance.
        (double[] mean, double[] variance, _) = TrainOnce(new SequenceNormalization(seed: 1), batch: 4, channels: 3, out float[] state);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(0.99 * 0 + 0.01 * mean[c], state[c], 5);
            Assert.Equal(0.99 * 1 + 0.01 * variance[c], state[3 + c], 5);
        }
    }

    [Fact]
    public void Batch_normalization_predicts_with_its_moving_statistics()
    {
        var model = new SequenceNormalization(seed: 2);
        // Moving statistics as a trained model would hold them: mean, then variance, per channel.
        float[] moving = [0.5f, -1f, 2f, 4f, 0.25f, 9f];
        moving.CopyTo(model.NonTrainableParameters);
        var random = new SeededRandom(3);
        float[] x = Enumerable.Range(0, 2 * 15).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] predicted = model.Predict(x);

        double[] normalized = x.Select((v, i) => (v - moving[i % 3]) / Math.Sqrt(moving[3 + i % 3] + 1e-3)).ToArray();
        // gamma 1 and beta 0 as initialized: the Dense head sees the normalized values.
        var reference = new ImageReference(15).Dense(2, SequenceNormalization.Layers.Dense.ParameterOffset).Softmax();
        double[] expected = reference.Forward(normalized, model.Parameters.ToArray().Select(v => (double)v).ToArray(), 2);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], 5);
        // Predicting leaves the statistics alone.
        Assert.Equal(moving, model.NonTrainableParameters.ToArray());
    }

    [Fact]
    public void Dropout_is_the_identity_when_predicting_and_evaluating()
    {
        var model = new DropoutOnInputs(seed: 4);
        var random = new SeededRandom(5);
        float[] x = Enumerable.Range(0, 3 * 64).Select(_ => (float)random.NextGaussian()).ToArray();
        var reference = new ImageReference(64).Dense(4, 0).Softmax();
        double[] expected = reference.Forward(x.Select(v => (double)v).ToArray(), model.Parameters.ToArray().Select(v => (double)v).ToArray(), 3);
        float[] predicted = model.Predict(x);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], 5);
        Assert.Equal(predicted, model.Predict(x));
    }

    [Fact]
    public void Dropout_draws_a_new_mask_every_step_and_the_same_masks_for_the_same_seed()
    {
        float[][] Gradients(int seed)
        {
            var model = new DropoutOnInputs(seed: seed);
            model.Compile(Loss.CategoricalCrossentropy, new NoUpdate());
            float[] x = Enumerable.Repeat(1f, 8 * 64).ToArray(), y = new float[8 * 4];
            for (int i = 0; i < 8; i++) y[i * 4 + i % 4] = 1;
            return Enumerable.Range(0, 3).Select(_ => { model.TrainOnBatch(x, y); return model.Gradients.ToArray(); }).ToArray();
        }
        float[][] first = Gradients(6);
        Assert.NotEqual(first[0], first[1]);
        Assert.NotEqual(first[1], first[2]);
        float[][] again = Gradients(6);
        for (int step = 0; step < 3; step++) Assert.Equal(first[step], again[step]);
        // A quarter of the kernel's rows see no input (their inputs dropped in every sample) only by chance; about a
        // quarter of the input values are dropped: the kernel gradient's zero rows are rare, the drop rate shows in the mask.
        Assert.NotEqual(first[0], Gradients(7)[0]);
    }

    private static (double[] Mean, double[] Variance, int Rows) TrainOnce(Model model, int batch, int channels, out float[] state)
    {
        int inputs = model.InputShape.ToArray().Aggregate(1, (p, d) => p * d);
        var random = new SeededRandom(11);
        float[] x = Enumerable.Range(0, batch * inputs).Select(_ => (float)(2 * random.NextGaussian() + 1)).ToArray();
        float[] y = new float[batch * 2];
        for (int i = 0; i < batch; i++) y[i * 2 + i % 2] = 1;
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate());
        model.TrainOnBatch(x, y);
        state = model.NonTrainableParameters.ToArray();
        int rows = x.Length / channels;
        double[] mean = new double[channels], variance = new double[channels];
        for (int i = 0; i < x.Length; i++) mean[i % channels] += x[i] / (double)rows;
        for (int i = 0; i < x.Length; i++) variance[i % channels] += (x[i] - mean[i % channels]) * (x[i] - mean[i % channels]) / rows;
        return (mean, variance, rows);
    }
}
