using Compiled.Tests.Models;

namespace Compiled.Tests.Training;

/// <summary>
/// Keras's <c>activity_regularizer</c>: the penalty of a layer's output divided by the batch size (tf.keras 2's
/// <c>_handle_activity_regularization</c>), added to the loss trained, logged and evaluated, its gradient checked by
/// finite differences in float64, on a hidden layer and on a softmax output with and without the fused cross-entropy.
/// </summary>
public class ActivityRegularizerTests
{
    private const int Batch = 5;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Loss_and_gradient_include_each_outputs_penalty_divided_by_the_batch(bool crossentropy)
    {
        var model = new ActivityRegularizedNet(seed: 2);
        int offset = ActivityRegularizedNet.Layers.Dense1.ParameterOffset;
        var hidden = new ReferenceNetwork().Dense(3, 4, 0).Tanh();
        var whole = new ReferenceNetwork().Dense(3, 4, 0).Tanh().Dense(4, 3, offset).Softmax(3);
        var random = new SeededRandom(8);
        float[] x = Enumerable.Range(0, Batch * 3).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[Batch * 3];
        for (int r = 0; r < Batch; r++) y[r * 3 + random.NextInt(3)] = 1;
        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();

        double Penalty(double[] p)
        {
            double sum = 0;
            foreach (double h in hidden.Forward(xd, p, [Batch, Batch])) sum += (0.01 * Math.Abs(h) + 0.02 * h * h) / Batch;
            foreach (double o in whole.Forward(xd, p, [Batch, Batch, Batch, Batch])) sum += 0.3 * o * o / Batch;
            for (int i = offset; i < offset + 12; i++) sum += 0.01 * p[i] * p[i];
            return sum;
        }
        double Data(double[] p)
        {
            double[] predicted = whole.Forward(xd, p, [Batch, Batch, Batch, Batch]);
            return crossentropy ? ReferenceNetwork.CategoricalCrossentropy(predicted, yd, 3, clip: false) : ReferenceNetwork.MeanSquaredError(predicted, yd, 3);
        }

        model.Compile(crossentropy ? Loss.CategoricalCrossentropy : Loss.MeanSquaredError, new NoUpdate());
        double reported = model.TrainOnBatch(x, y).Loss;
        FiniteDifferences.AssertGradientsMatch(model, reported, p => Data(p) + Penalty(p));

        double[] parameters = model.Parameters.ToArray().Select(v => (double)v).ToArray();
        Assert.True(Penalty(parameters) - model.RegularizationPenalty() > 0.01, "the activity penalty is too small to tell");
        // Evaluate adds each batch's own activity penalty, so with batches of 5 it is the same total.
        Assert.Equal(reported, model.Evaluate(x, y, batchSize: Batch, verbose: 0)["loss"], 5);
    }

    [Fact]
    public void The_configuration_carries_the_activity_regularizer()
    {
        var model = new ActivityRegularizedNet(seed: 1);
        Assert.Equal("""{"class_name":"L2","config":{"l2":0.30000001192092896}}""",
            RegularizerTests.Config(model.Architecture[1]).GetProperty("activity_regularizer").GetRawText());
        Assert.Null(model.Architecture[1].CompareKerasConfig(RegularizerTests.Config(model.Architecture[1]), "ActivityRegularizedNet"));
        Assert.Equal(0, new UnregularizedNet(seed: 1).RegularizationPenalty());
    }
}
