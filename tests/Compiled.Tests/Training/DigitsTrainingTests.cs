using Samples.Digits;

namespace Compiled.Tests.Training;

public class DigitsTrainingTests
{
    [Fact]
    public void Digits_sample_reaches_at_least_95_percent_test_accuracy()
    {
        DigitsDataset digits = DigitsDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv"));
        Assert.Equal(1797, digits.Count);
        (DigitsDataset train, DigitsDataset test) = digits.Split(trainFraction: 0.8, seed: 42);

        var model = new DigitsNet(seed: 5);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
        History history = model.Fit(train.Images, train.OneHot(), batchSize: 32, epochs: 30, verbose: 0, validationSplit: 0.1);
        Evaluation result = model.Evaluate(test.Images, test.OneHot(), verbose: 0);

        Assert.True(result["categorical_accuracy"] >= 0.95, $"test accuracy {result["categorical_accuracy"]:0.0000}");
        Assert.True(history["val_categorical_accuracy"][^1] >= 0.9, $"validation accuracy {history["val_categorical_accuracy"][^1]:0.0000}");
    }
}
