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
        double reported = model.TrainOnBatch(x, y);

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
        Assert.False(model.Outputs[0].IsSoftmax);
        Assert.True(model.Outputs[1].IsSoftmax);
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
}
