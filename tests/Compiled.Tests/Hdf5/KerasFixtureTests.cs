using System.Text.Json;
using Compiled.Hdf5;
using Compiled.Tests.Models;

namespace Compiled.Tests.Hdf5;

/// <summary>A file written by real Keras 2.3.1 loads into the class with its architecture and predicts what Keras predicted.</summary>
public class KerasFixtureTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras");
    private static readonly string ModelFile = Path.Combine(Fixtures, "dl4j_simple_sparse_xent_mlp_keras_2_model.h5");

    [Fact]
    public void Keras_file_loads_and_reproduces_keras_predictions_within_1e_6()
    {
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "dl4j_simple_sparse_xent_mlp_keras_2_expected.json")));
        float[] input = Flat(expected.RootElement.GetProperty("input"));
        float[] output = Flat(expected.RootElement.GetProperty("expected_output"));
        double tolerance = expected.RootElement.GetProperty("suggested_tolerance_abs").GetDouble();

        KerasFixtureNet model = Model.Load<KerasFixtureNet>(ModelFile);
        float[] predicted = model.Predict(input);

        Assert.Equal(1e-6, tolerance);
        Assert.Equal(output.Length, predicted.Length);
        for (int i = 0; i < output.Length; i++)
            Assert.True(Math.Abs(output[i] - predicted[i]) <= tolerance, $"output {i}: Keras {output[i]}, ours {predicted[i]}");
    }

    [Fact]
    public void Keras_file_compiled_with_sparse_categorical_crossentropy_loads_compiled()
    {
        KerasFixtureNet model = Model.Load<KerasFixtureNet>(ModelFile, out ModelLoadReport report);

        Assert.Equal("2.3.1", report.KerasVersion);
        Assert.Equal("tensorflow", report.Backend);
        // Keras compiled it with RMSprop and sparse_categorical_crossentropy, which Compiled both has.
        Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
        Assert.Null(report.TrainingConfigIgnored);
        Assert.IsType<RMSprop>(model.Optimizer);
        var loss = Assert.IsType<SparseCategoricalCrossentropyLoss>(model.Loss);
        Assert.False(loss.FromLogits);
        Assert.True(loss.TakesClassIndices);
        // Its output ends in an Activation('softmax') layer, so the loss starts from that softmax's input.
        Assert.Equal(Activation.Softmax, model.Outputs[0].FinalActivation);
    }

    [Fact]
    public void Keras_weights_land_where_keras_put_them()
    {
        var model = new KerasFixtureNet(seed: 1);
        model.LoadWeights(ModelFile);

        // The dump beside the fixture (h5py 3.7) gives the kernel's range and mean and a zero bias.
        ReadOnlySpan<float> kernel = model.Dense1.Kernel, bias = model.Dense1.Bias;
        Assert.Equal(12, kernel.Length);
        Assert.Equal(-0.506472f, Min(kernel), 5);
        Assert.Equal(0.771209f, Max(kernel), 5);
        Assert.Equal(0.0118244, Mean(kernel), 5);
        Assert.True(bias.ToArray().All(b => b == 0));
        Assert.Null(model.Optimizer);
    }

    private static float[] Flat(JsonElement rows) => rows.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetSingle()).ToArray();
    private static float Min(ReadOnlySpan<float> v) => v.ToArray().Min();
    private static float Max(ReadOnlySpan<float> v) => v.ToArray().Max();
    private static double Mean(ReadOnlySpan<float> v) => v.ToArray().Average();
}
