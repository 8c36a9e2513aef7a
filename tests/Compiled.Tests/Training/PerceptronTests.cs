using Samples.Perceptron;

namespace Compiled.Tests.Training;

/// <summary>The tutorial starts from a numpy perceptron; the compiled one must take exactly its steps.</summary>
public class PerceptronTests
{
    private static readonly float[,] Inputs = { { 0, 0, 1 }, { 1, 1, 1 }, { 1, 0, 1 }, { 0, 1, 1 } };
    private static readonly float[,] Outputs = { { 0 }, { 1 }, { 1 }, { 0 } };

    [Fact]
    public void Sgd_on_squared_error_with_lr_2_is_the_numpy_update()
    {
        var model = new SingleNeuron(seed: 1);
        double[] w = model.Dense.Kernel.ToArray().Select(v => (double)v).ToArray();
        model.Compile(Loss.MeanSquaredError, new SGD(lr: 2));

        for (int iteration = 0; iteration < 50; iteration++)
        {
            // numpy: outputs = sigmoid(dot(inputs, w)); adjustments = (t - outputs) * outputs * (1 - outputs); w += dot(inputs.T, adjustments)
            double[] adjustments = new double[4];
            for (int r = 0; r < 4; r++)
            {
                double z = 0;
                for (int i = 0; i < 3; i++) z += Inputs[r, i] * w[i];
                double o = 1 / (1 + Math.Exp(-z));
                adjustments[r] = (Outputs[r, 0] - o) * o * (1 - o);
            }
            for (int i = 0; i < 3; i++)
                for (int r = 0; r < 4; r++) w[i] += Inputs[r, i] * adjustments[r];

            model.Fit(Inputs, Outputs, batchSize: 4, epochs: 1, verbose: 0, shuffle: false);
            for (int i = 0; i < 3; i++) Assert.Equal(w[i], model.Dense.Kernel[i], tolerance: 1e-5);
        }
    }

    [Fact]
    public void Trained_neuron_answers_the_new_situation_like_the_tutorial()
    {
        var model = new SingleNeuron(seed: 1);
        model.Compile(Loss.MeanSquaredError, new SGD(lr: 2), Metric.BinaryAccuracy);
        History history = model.Fit(Inputs, Outputs, batchSize: 4, epochs: 20000, verbose: 0, shuffle: false);

        Assert.Equal(1.0, history["binary_accuracy"][^1]);
        Assert.True(model.Predict([1f, 0f, 0f])[0] > 0.999f, "the tutorial's neuron answers 0.99993 for [1, 0, 0]");
    }
}
