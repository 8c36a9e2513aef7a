using Samples.Iris;

namespace Compiled.Tests.Training;

public class IrisTrainingTests
{
    private static (IrisDataset Train, IrisDataset Test) Data()
    {
        IrisDataset iris = IrisDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));
        (IrisDataset train, IrisDataset test) = iris.Split(trainFraction: 0.7, seed: 42);
        train.StandardizeWith(test);
        return (train, test);
    }

    private static (IrisNet Model, History History, Evaluation Test) Train(int seed)
    {
        (IrisDataset train, IrisDataset test) = Data();
        var model = new IrisNet(seed);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);
        History history = model.Fit(train.Features2D, train.OneHot(), batchSize: 16, epochs: 60, verbose: 0);
        return (model, history, model.Evaluate(test.Features2D, test.OneHot(), verbose: 0));
    }

    [Fact]
    public void Split_is_70_30_and_keeps_every_sample_once()
    {
        (IrisDataset train, IrisDataset test) = Data();
        Assert.Equal(105, train.Count);
        Assert.Equal(45, test.Count);
        Assert.Equal(150, train.Labels.Concat(test.Labels).Count());
        Assert.All(new[] { 0, 1, 2 }, c => Assert.Contains(c, test.Labels));
    }

    [Fact]
    public void IrisNet_reaches_at_least_95_percent_test_accuracy()
    {
        (IrisNet _, History history, Evaluation test) = Train(seed: 7);

        Assert.True(test["categorical_accuracy"] >= 0.95, $"test accuracy {test["categorical_accuracy"]:0.0000}, loss {test.Loss:0.0000}");
        Assert.Equal(60, history.Epochs);
        Assert.Equal(new[] { "loss", "categorical_accuracy" }, history.Names);
        Assert.True(history.Loss[^1] < history.Loss[0] / 3, $"loss went from {history.Loss[0]:0.0000} to {history.Loss[^1]:0.0000}");
    }

    [Fact]
    public void Training_with_the_same_seed_is_reproducible_bit_for_bit()
    {
        (IrisNet first, History firstHistory, _) = Train(seed: 11);
        (IrisNet second, History secondHistory, _) = Train(seed: 11);

        Assert.Equal(first.Parameters.ToArray(), second.Parameters.ToArray());
        Assert.Equal(firstHistory.Loss, secondHistory.Loss);
    }

    [Fact]
    public void Evaluate_matches_a_count_of_correct_predictions()
    {
        (IrisNet model, _, Evaluation evaluation) = Train(seed: 7);
        (_, IrisDataset test) = Data();
        float[,] probabilities = model.Predict(test.Features2D);
        int correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int best = 0;
            for (int c = 1; c < 3; c++) if (probabilities[i, c] > probabilities[i, best]) best = c;
            if (best == test.Labels[i]) correct++;
        }
        Assert.Equal((double)correct / test.Count, evaluation["categorical_accuracy"], 10);
    }
}
