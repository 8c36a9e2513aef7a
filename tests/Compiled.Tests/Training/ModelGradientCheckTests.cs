using Compiled.Tests.Models;
using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Training;

/// <summary>
/// The generated backward passes against central finite differences of a float64 reference network with
/// the same parameters: every layer, activation and loss, through whole models.
/// </summary>
public class ModelGradientCheckTests
{
    [Fact]
    public void Every_activation_on_two_axis_samples_with_fused_crossentropy()
    {
        var model = new EveryActivationNet(seed: 3);
        // (3, 5) -> Dense 6 tanh, no bias -> sigmoid -> Dense 7 relu -> Dense 4 -> linear -> softmax.
        var reference = new ReferenceNetwork()
            .Dense(5, 6, EveryActivationNet.Layers.Dense.ParameterOffset, bias: false).Tanh().Sigmoid()
            .Dense(6, 7, EveryActivationNet.Layers.Dense1.ParameterOffset).Relu()
            .Dense(7, 4, EveryActivationNet.Layers.Dense2.ParameterOffset).Softmax(4);
        int batch = 4;
        int rows = batch * 3;
        int[] rowsPerLayer = Enumerable.Repeat(rows, 7).ToArray();
        Check(model, reference, batch, rowsPerLayer, width: 4, (p, t) => ReferenceNetwork.CategoricalCrossentropy(p, t, 4, clip: false), Loss.CategoricalCrossentropy);
    }

    [Fact]
    public void Tutorial_network_with_activation_layers()
    {
        var model = new TutorialNet(seed: 1);
        // The tutorial's stddev-1 weights saturate the softmax; shrink them so differences stay informative.
        foreach (ref float p in model.Parameters) p *= 0.1f;
        var reference = new ReferenceNetwork().Dense(100, 32, 0).Relu().Dense(32, 10, TutorialNet.Layers.Dense1.ParameterOffset).Softmax(10);
        Check(model, reference, batch: 3, new[] { 3, 3, 3, 3 }, width: 10, (p, t) => ReferenceNetwork.CategoricalCrossentropy(p, t, 10, clip: false), Loss.CategoricalCrossentropy);
    }

    [Fact]
    public void Crossentropy_after_a_non_final_softmax_is_clipped_and_differentiated_through_the_softmax()
    {
        var model = new ClippedCrossentropyNet(seed: 5);
        var reference = new ReferenceNetwork().Dense(3, 4, 0).Softmax(4);
        Check(model, reference, batch: 5, new[] { 5, 5 }, width: 4, (p, t) => ReferenceNetwork.CategoricalCrossentropy(p, t, 4, clip: true), Loss.CategoricalCrossentropy);
    }

    [Fact]
    public void Sigmoid_perceptron_with_mean_squared_error()
    {
        var model = new HiddenPerceptron(seed: 2);
        var reference = new ReferenceNetwork().Dense(3, 10, 0).Sigmoid().Dense(10, 1, HiddenPerceptron.Layers.Dense1.ParameterOffset).Sigmoid();
        Check(model, reference, batch: 4, new[] { 4, 4, 4, 4 }, width: 1, (p, t) => ReferenceNetwork.MeanSquaredError(p, t, 1), Loss.MeanSquaredError);
    }

    [Fact]
    public void Iris_network_with_fused_crossentropy_on_one_sample()
    {
        // A batch of one runs both layers' unrolled forward code (ReLU fused into the first) into the fused softmax.
        var model = new IrisNet(seed: 4);
        var reference = new ReferenceNetwork().Dense(4, 16, 0).Relu().Dense(16, 3, IrisNet.Layers.Dense1.ParameterOffset).Softmax(3);
        Check(model, reference, batch: 1, new[] { 1, 1, 1, 1 }, width: 3, (p, t) => ReferenceNetwork.CategoricalCrossentropy(p, t, 3, clip: false), Loss.CategoricalCrossentropy);
    }

    [Fact]
    public void Iris_network_with_fused_crossentropy()
    {
        var model = new IrisNet(seed: 4);
        var reference = new ReferenceNetwork().Dense(4, 16, 0).Relu().Dense(16, 3, IrisNet.Layers.Dense1.ParameterOffset).Softmax(3);
        Check(model, reference, batch: 6, new[] { 6, 6, 6, 6 }, width: 3, (p, t) => ReferenceNetwork.CategoricalCrossentropy(p, t, 3, clip: false), Loss.CategoricalCrossentropy);
    }

    private static void Check(Model model, ReferenceNetwork reference, int batch, int[] rowsPerLayer, int width,
        Func<double[], double[], double> loss, Loss modelLoss)
    {
        var random = new SeededRandom(17);
        int inputSize = Product(model.InputShape), outputSize = Product(model.OutputShape);
        float[] x = Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[batch * outputSize];
        for (int r = 0; r < y.Length / width; r++)
        {
            if (width == 1) y[r] = random.NextDouble() < 0.5 ? 0f : 1f;
            else y[r * width + random.NextInt(width)] = 1f;
        }
        model.Compile(modelLoss, new NoUpdate());
        double reportedLoss = model.TrainOnBatch(x, y).Loss;

        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();
        double Objective(double[] p) => loss(reference.Forward(xd, p, rowsPerLayer), yd);
        FiniteDifferences.AssertGradientsMatch(model, reportedLoss, Objective);
    }

    private static int Product(ReadOnlySpan<int> shape)
    {
        int product = 1;
        foreach (int d in shape) product *= d;
        return product;
    }
}
