using Samples.Iris;

namespace Compiled.Tests.Optimizers;

/// <summary>Each optimizer trains a real network: IrisNet on Iris (70/30 split), 60 epochs of batches of 16, as the SGD test does.</summary>
public class OptimizerTrainingTests
{
    public static TheoryData<string> Optimizers => new(s_optimizers.Keys);

    // Rates of the size Keras users pick for each: Adadelta's 1.0 as Keras's mnist_cnn example, Adagrad's larger as it only shrinks.
    private static readonly Dictionary<string, Func<Optimizer>> s_optimizers = new()
    {
        ["adam"] = () => new Adam(learningRate: 0.01),
        ["adam amsgrad"] = () => new Adam(learningRate: 0.01, amsgrad: true),
        ["rmsprop"] = () => new RMSprop(learningRate: 0.01),
        ["rmsprop momentum centered"] = () => new RMSprop(learningRate: 0.005, momentum: 0.5, centered: true),
        ["adagrad"] = () => new Adagrad(learningRate: 0.1),
        ["adadelta"] = () => new Adadelta(learningRate: 1.0),
        ["adamax"] = () => new Adamax(learningRate: 0.02),
        ["nadam"] = () => new Nadam(learningRate: 0.01),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Each_optimizer_trains_iris_net_to_at_least_90_percent_test_accuracy(string name)
    {
        IrisDataset iris = IrisDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));
        (IrisDataset train, IrisDataset test) = iris.Split(trainFraction: 0.7, seed: 42);
        train.StandardizeWith(test);
        var model = new IrisNet(seed: 7);
        Optimizer optimizer = s_optimizers[name]();
        model.Compile(Loss.CategoricalCrossentropy, optimizer, Metric.CategoricalAccuracy);

        History history = model.Fit(train.Features2D, train.OneHot(), batchSize: 16, epochs: 60, verbose: 0);
        Evaluation evaluation = model.Evaluate(test.Features2D, test.OneHot(), verbose: 0);

        Assert.True(evaluation["categorical_accuracy"] >= 0.9, $"{name}: test accuracy {evaluation["categorical_accuracy"]:0.0000}, loss {evaluation.Loss:0.0000}");
        Assert.True(history.Loss[^1] < history.Loss[0] / 3, $"{name}: loss went from {history.Loss[0]:0.0000} to {history.Loss[^1]:0.0000}");
        // 105 samples in batches of 16 are 7 updates an epoch.
        Assert.Equal(60 * 7, optimizer.Iterations);
    }
}
