using System.Text.Json;
using Compiled.Hdf5;
using Compiled.Tests.Models;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Files written by real Keras with convolutional layers (<c>Fixtures/keras/*/</c>, see the README there) load into
/// the classes declaring their networks and predict what Keras (or, for files without recordings, a float64 numpy pass
/// of Keras's formulas) predicted; the files this library cannot compute are refused with the reason.
/// </summary>
public class KerasConvolutionalFixtureTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras");

    [Fact]
    public void Keras_2_1_batch_normalization_and_conv2d_file_reproduces_its_outputs()
    {
        KerasBatchNormConv2DNet model = Model.Load<KerasBatchNormConv2DNet>(Fixture("batchnorm_conv2d", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.1.3", report.KerasVersion);
            // Keras's statistics, where the layer's variables say: gamma 1, beta 0 trainable; mean 0, variance 1 non-trainable.
            var norm = (BatchNormalizationLayer)model.Architecture.Single(l => l.Name == "batch_normalization_1");
            Assert.All(model.WeightsOf(norm.Gamma!).ToArray(), g => Assert.Equal(1f, g));
            Assert.All(model.WeightsOf(norm.Beta!).ToArray(), b => Assert.Equal(0f, b));
            Assert.All(model.WeightsOf(norm.MovingMean).ToArray(), m => Assert.Equal(0f, m));
            Assert.All(model.WeightsOf(norm.MovingVariance).ToArray(), v => Assert.Equal(1f, v));
            Assert.Equal(20, model.NonTrainableParameters.Length);
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void Keras_2_3_conv1d_file_reproduces_the_outputs_keras_recorded()
    {
        KerasConv1DNet model = Model.Load<KerasConv1DNet>(Fixture("conv1d_k3_valid", out JsonDocument expected));
        using (expected)
        {
            Assert.Equal("keras_recorded", expected.RootElement.GetProperty("expected_source").GetString());
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void Tf_keras_functional_conv1d_and_batch_normalization_file_reproduces_its_outputs()
    {
        KerasConv1DBatchNormNet model = Model.Load<KerasConv1DBatchNormNet>(Fixture("tfkeras_conv1d_batchnorm", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.2.4-tf", report.KerasVersion);
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void A_channels_first_conv2d_is_refused_by_name()
    {
        string path = Fixture("conv2d_maxpool_dense", out JsonDocument expected);
        expected.Dispose();
        var error = Assert.Throws<ModelFileException>(() => Model.Load<KerasChannelsLastConv2DNet>(path));
        Assert.Contains("layer 0 'conv2d_1': the file's Conv2D has data_format 'channels_first'; Compiled expects channels_last", error.Message);
    }

    [Fact]
    public void A_keras_1_convolution2d_is_refused_naming_keras_2s_conv2d()
    {
        string path = Fixture("keras1_conv2d_maxpool_dense_recorded", out JsonDocument expected);
        expected.Dispose();
        var error = Assert.Throws<ModelFileException>(() => Model.Load<KerasChannelsLastConv2DNet>(path));
        Assert.Contains("the file's layer 'convolution2d_1' is a Convolution2D, Keras 1's layer that Keras 2 replaced with Conv2D; Compiled expects Keras 2 files", error.Message);
    }

    [Fact]
    public void Keras_2_1_embedding_and_conv1d_file_reproduces_its_outputs_and_logits()
    {
        KerasEmbeddingConv1DNet model = Model.Load<KerasEmbeddingConv1DNet>(Fixture("embedding_conv1d_dense", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.1.3", report.KerasVersion);
            var embedding = (EmbeddingLayer)model.Architecture[0];
            Assert.Equal((200, 50, false, 10), (embedding.InputDim, embedding.OutputDim, embedding.MaskZero, embedding.InputLength));
            // The file's embeddings, Keras's RandomUniform(-0.05, 0.05) draws (layout.txt: min -0.0499989, max 0.0499955).
            float[] embeddings = model.WeightsOf(embedding.Embeddings).ToArray();
            Assert.Equal(-0.0499989, embeddings.Min(), 1e-7);
            Assert.Equal(0.0499955, embeddings.Max(), 1e-7);
            AssertReproduces(model, expected.RootElement);

            // The sigmoid outputs of these untrained weights sit near 0.578; their logits, ln(p / (1 - p)), tell the samples apart.
            float[] predicted = model.Predict(Flat(expected.RootElement.GetProperty("input")));
            double[] logits = Flat(expected.RootElement.GetProperty("expected_pre_activation_output_float64")).Select(v => (double)v).ToArray();
            for (int i = 0; i < logits.Length; i++)
                Assert.Equal(logits[i], Math.Log(predicted[i] / (1.0 - predicted[i])), 1e-5);
            Assert.True(logits.Max() - logits.Min() > 1e-3, "the logits differ between samples by more than the tolerance");
        }
    }

    /// <summary>The fixture's model file, with its <c>expected.json</c>.</summary>
    internal static string Fixture(string folder, out JsonDocument expected)
    {
        string directory = Path.Combine(Fixtures, folder);
        expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json")));
        return Path.Combine(directory, expected.RootElement.GetProperty("model_file").GetString()!);
    }

    /// <summary>Predict on the fixture's input gives its expected output within its suggested tolerance, <c>abs + rel·|expected|</c>.</summary>
    internal static void AssertReproduces(Model model, JsonElement expected)
    {
        float[] input = Flat(expected.GetProperty("input"));
        float[] output = Flat(expected.GetProperty("expected_output"));
        int[] shape = expected.GetProperty("output_shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        Assert.Equal(shape.Skip(1), model.OutputShape.ToArray());
        JsonElement tolerance = expected.GetProperty("suggested_tolerance");
        double absolute = tolerance.GetProperty("abs").GetDouble(), relative = tolerance.GetProperty("rel").GetDouble();

        float[] predicted = model.Predict(input);
        Assert.Equal(output.Length, predicted.Length);
        double worst = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double error = Math.Abs(output[i] - predicted[i]);
            worst = Math.Max(worst, error);
            Assert.True(error <= absolute + relative * Math.Abs(output[i]), $"output {i}: expected {output[i]}, ours {predicted[i]}");
        }
        Assert.True(output.Any(v => Math.Abs(v) > 1e-3), "the expected outputs are not all near zero");
    }

    private static float[] Flat(JsonElement value)
        => value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().SelectMany(Flat).ToArray() : [value.GetSingle()];
}
