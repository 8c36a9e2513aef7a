using Compiled.Tests.Models;

namespace Compiled.Tests.Training;

/// <summary>Models with several outputs: Keras sums the outputs' losses and reports each output's loss and metrics.</summary>
public class MultiOutputTests
{
    [Fact]
    public void Gradients_of_the_summed_losses_match_finite_differences()
    {
        var model = new TwoHeadedNet(seed: 6);
        var reference = new GraphReference(model);
        const int batch = 5;
        var random = new SeededRandom(23);
        float[] x = Enumerable.Range(0, batch * 4).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[batch * 5];
        for (int b = 0; b < batch; b++)
        {
            y[b * 5 + random.NextInt(3)] = 1f;
            y[b * 5 + 3 + random.NextInt(2)] = 1f;
        }
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate());
        double reported = model.TrainOnBatch(x, y).Loss;

        double[] xd = x.Select(v => (double)v).ToArray();
        double[] first = Enumerable.Range(0, batch).SelectMany(b => y.Skip(b * 5).Take(3)).Select(v => (double)v).ToArray();
        double[] second = Enumerable.Range(0, batch).SelectMany(b => y.Skip(b * 5 + 3).Take(2)).Select(v => (double)v).ToArray();
        double Objective(double[] p)
        {
            Dictionary<string, double[]> values = reference.ForwardAll(xd, p, batch);
            // The first output feeds another layer, so its cross-entropy is computed from clipped probabilities.
            return ReferenceNetwork.CategoricalCrossentropy(values["first"], first, 3, clip: true)
                 + ReferenceNetwork.CategoricalCrossentropy(values["second"], second, 2, clip: false);
        }
        FiniteDifferences.AssertGradientsMatch(model, reported, Objective);
    }

    [Fact]
    public void Logs_name_each_outputs_loss_and_metrics_as_keras_does()
    {
        var model = new TwoHeadedNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1), Metric.CategoricalAccuracy);
        float[] x = new float[8 * 4], y = new float[8 * 5];
        for (int b = 0; b < 8; b++) { x[b * 4 + b % 4] = 1; y[b * 5 + b % 3] = 1; y[b * 5 + 3 + b % 2] = 1; }

        History history = model.Fit(x, y, batchSize: 4, epochs: 3, verbose: 0);
        Evaluation evaluation = model.Evaluate(x, y, verbose: 0);

        string[] expected = { "loss", "first_loss", "second_loss", "first_categorical_accuracy", "second_categorical_accuracy" };
        Assert.Equal(expected, evaluation.Names);
        Assert.Equal(evaluation["first_loss"] + evaluation["second_loss"], evaluation.Loss, tolerance: 1e-9);
        Assert.Equal(new[] { "first", "second" }, model.Outputs.Select(o => o.Name));
        Assert.Equal(Activation.Linear, model.Outputs[0].FinalActivation);
        Assert.Equal(Activation.Softmax, model.Outputs[1].FinalActivation);
        Assert.True(history.Loss[^1] < history.Loss[0]);
    }

    [Fact]
    public void Predict_lays_outputs_side_by_side_and_splits_them_into_sized_samples()
    {
        var model = new TwoHeadedNet(seed: 2);
        TwoHeadedNet.InputSample sample = new(0.1f, -0.4f, 1.5f, 0.3f);
        model.Predict(in sample, out TwoHeadedNet.FirstSample first, out TwoHeadedNet.SecondSample second);
        float[] joined = model.Predict(sample.ToArray());

        Assert.Equal(5, TwoHeadedNet.OutputSize);
        Assert.Equal(joined, first.ToArray().Concat(second.ToArray()));
        Assert.Equal(1f, first.ToArray().Sum(), tolerance: 1e-5f);
        Assert.Equal(1f, second.ToArray().Sum(), tolerance: 1e-5f);
    }

    [Fact]
    public void JoinColumns_lays_each_outputs_targets_side_by_side_as_keras_lists_them()
    {
        float[,] first = { { 1, 0, 0 }, { 0, 0, 1 } };
        float[,] second = { { 0, 1 }, { 1, 0 } };
        float[,] joined = Utils.JoinColumns(first, second);

        Assert.Equal(new float[,] { { 1, 0, 0, 0, 1 }, { 0, 0, 1, 1, 0 } }, joined);
        var model = new TwoHeadedNet(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1));
        Assert.Equal(2, model.Evaluate(new float[2, 4], joined, verbose: 0).Names.Count(n => n.EndsWith("_loss")));
        ArgumentException mismatch = Assert.Throws<ArgumentException>(() => Utils.JoinColumns(first, new float[3, 2]));
        Assert.Contains("parts[0] has 2 rows, parts[1] has 3", mismatch.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Per_output_losses_and_weights_give_the_gradient_of_the_weighted_sum(bool crossentropyOnSecond)
    {
        // With cross-entropy the second output (a Softmax layer) starts from its logits; with MSE its softmax is differentiated.
        var model = new TwoHeadedNet(seed: 9);
        Loss second = crossentropyOnSecond ? Loss.CategoricalCrossentropy : Loss.MeanSquaredError;
        model.Compile([Loss.MeanSquaredError, second], new NoUpdate(), [2.0, 0.5]);
        const int batch = 4;
        var random = new SeededRandom(31);
        float[] x = Enumerable.Range(0, batch * 4).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[batch * 5];
        for (int b = 0; b < batch; b++) { y[b * 5 + random.NextInt(3)] = 1; y[b * 5 + 3 + random.NextInt(2)] = 1; }
        double reported = model.TrainOnBatch(x, y).Loss;

        var reference = new GraphReference(model);
        double[] xd = x.Select(v => (double)v).ToArray();
        double[] firstTargets = Enumerable.Range(0, batch).SelectMany(b => y.Skip(b * 5).Take(3)).Select(v => (double)v).ToArray();
        double[] secondTargets = Enumerable.Range(0, batch).SelectMany(b => y.Skip(b * 5 + 3).Take(2)).Select(v => (double)v).ToArray();
        static double Mse(double[] p, double[] t) => p.Select((v, i) => (v - t[i]) * (v - t[i])).Sum() / p.Length;
        double Objective(double[] p)
        {
            Dictionary<string, double[]> values = reference.ForwardAll(xd, p, batch);
            double secondLoss = crossentropyOnSecond
                ? ReferenceNetwork.CategoricalCrossentropy(values["second"], secondTargets, 2, clip: false)
                : Mse(values["second"], secondTargets);
            return 2.0 * Mse(values["first"], firstTargets) + 0.5 * secondLoss;
        }
        FiniteDifferences.AssertGradientsMatch(model, reported, Objective);
    }

    [Fact]
    public void Per_output_losses_log_each_output_unweighted_and_the_weighted_total()
    {
        var model = new TwoHeadedNet(seed: 2);
        model.Compile([Loss.CategoricalCrossentropy, Loss.MeanSquaredError], new SGD(lr: 0.1), [1.0, 3.0], Metric.CategoricalAccuracy);
        float[] x = new float[6 * 4], y = new float[6 * 5];
        for (int b = 0; b < 6; b++) { x[b * 4 + b % 4] = 1; y[b * 5 + b % 3] = 1; y[b * 5 + 3 + b % 2] = 1; }
        Evaluation evaluation = model.Evaluate(x, y, verbose: 0);

        Assert.Equal(evaluation["first_loss"] + 3.0 * evaluation["second_loss"], evaluation.Loss, tolerance: 1e-9);
        Assert.Equal([Loss.CategoricalCrossentropy, Loss.MeanSquaredError], model.Losses);
        Assert.Equal([1.0, 3.0], model.LossWeights);
    }

    [Fact]
    public void Compile_refuses_a_loss_count_or_weights_that_do_not_fit_the_outputs()
    {
        var model = new TwoHeadedNet(seed: 2);
        ArgumentException count = Assert.Throws<ArgumentException>(() => model.Compile([Loss.MeanSquaredError], new SGD()));
        Assert.Contains("has 2 output(s) (first, second); give one loss for each, not 1", count.Message);
        ArgumentException weights = Assert.Throws<ArgumentException>(() => model.Compile([Loss.MeanSquaredError, Loss.MeanSquaredError], new SGD(), [1.0, -1.0]));
        Assert.Contains("one finite, non-negative loss weight per output (2); got [1, -1]", weights.Message);
    }
}
