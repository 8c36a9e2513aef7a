using Compiled.Tests.Models;
using Samples.Iris;

namespace Compiled.Tests.Training;

/// <summary>Graph models end to end: predictions and gradients against a float64 interpreter, training, and the API they share with Sequential models.</summary>
public class FunctionalModelTests
{
    [Fact]
    public void Residual_block_gradients_match_finite_differences()
        => CheckGradients(new ResidualNet(seed: 3), batch: 5);

    [Fact]
    public void Every_merge_reshape_and_two_inputs_gradients_match_finite_differences()
        => CheckGradients(new EveryMergeNet(seed: 8), batch: 3);

    [Fact]
    public void Predictions_match_the_float64_interpreter()
    {
        foreach (Model model in new Model[] { new ResidualNet(seed: 1), new EveryMergeNet(seed: 2) })
        {
            int inputSize = Product(model.InputShape), batch = 7;
            var random = new SeededRandom(5);
            float[] x = Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] predicted = model.Predict(x);
            double[] expected = new GraphReference(model).Forward(x.Select(v => (double)v).ToArray(), model.Parameters.ToArray().Select(v => (double)v).ToArray(), batch);
            Assert.Equal(expected.Length, predicted.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], tolerance: 1e-5);
        }
    }

    [Fact]
    public void Two_input_model_takes_each_input_as_its_own_sized_sample()
    {
        var model = new EveryMergeNet(seed: 4);
        EveryMergeNet.VectorSample vector = new(0.5f, -1f, 2f, 0.25f);
        EveryMergeNet.GridSample grid = new(1f, 2f, 3f, -1f, -2f, -3f);
        EveryMergeNet.OutputSample fromParts = model.Predict(in vector, in grid);
        float[] joined = vector.ToArray().Concat(grid.ToArray()).ToArray();

        Assert.Equal(10, EveryMergeNet.InputSize);
        Assert.Equal(model.Predict(joined), fromParts.ToArray());
    }

    [Fact]
    public void Node_properties_view_weights_and_describe_layers()
    {
        var model = new ResidualNet(seed: 2);
        Assert.Equal(4 * 8, model.Hidden.Kernel.Length);
        model.Hidden.Bias[3] = 0.75f;
        Assert.Equal(0.75f, model.Parameters[ResidualNet.Layers.Hidden.ParameterOffset + 32 + 3]);
        Assert.Equal("residual", model.Residual.Name);
        Assert.Equal(new[] { "hidden", "block" }, model.Residual.Inbound);
        Assert.Equal("InputLayer", model.Features.KerasClass);
    }

    [Fact]
    public void Residual_network_reaches_at_least_95_percent_on_iris()
    {
        IrisDataset iris = IrisDataset.Load(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));
        (IrisDataset train, IrisDataset test) = iris.Split(trainFraction: 0.7, seed: 42);
        train.StandardizeWith(test);
        var model = new ResidualNet(seed: 7);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9), Metric.CategoricalAccuracy);
        History history = model.Fit(train.Features2D, train.OneHot(), batchSize: 16, epochs: 60, verbose: 0);
        Evaluation result = model.Evaluate(test.Features2D, test.OneHot(), verbose: 0);

        Assert.True(result["categorical_accuracy"] >= 0.95, $"test accuracy {result["categorical_accuracy"]:0.0000}, loss {result.Loss:0.0000}");
        Assert.True(history.Loss[^1] < history.Loss[0] / 3, $"loss went from {history.Loss[0]:0.0000} to {history.Loss[^1]:0.0000}");
    }

    private static void CheckGradients(Model model, int batch)
    {
        var reference = new GraphReference(model);
        int width = reference.Output.OutputShape[^1];
        var random = new SeededRandom(17);
        int inputSize = Product(model.InputShape), outputSize = Product(model.OutputShape);
        float[] x = Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[batch * outputSize];
        for (int r = 0; r < y.Length / width; r++) y[r * width + random.NextInt(width)] = 1f;
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate());
        double reportedLoss = model.TrainOnBatch(x, y).Loss;

        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();
        double Objective(double[] p) => ReferenceNetwork.CategoricalCrossentropy(reference.Forward(xd, p, batch), yd, width, clip: false);
        FiniteDifferences.AssertGradientsMatch(model, reportedLoss, Objective);
    }

    private static int Product(ReadOnlySpan<int> shape)
    {
        int product = 1;
        foreach (int d in shape) product *= d;
        return product;
    }
}
