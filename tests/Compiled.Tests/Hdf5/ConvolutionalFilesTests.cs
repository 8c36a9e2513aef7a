using System.Text.Json;
using System.Text.Json.Nodes;
using Compiled.Hdf5;
using Compiled.Tests.Models;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Files of networks with the convolutional kinds: h5py reads their configurations and weights as it reads the files
/// Keras wrote for the same networks, BatchNormalization's moving statistics are saved as Keras's non-trainable
/// weights (gamma, beta, moving_mean, moving_variance) and come back, and training resumes where it stopped.
/// </summary>
public class ConvolutionalFilesTests
{
    public static TheoryData<string> KerasFixtures() => new() { "batchnorm_conv2d", "conv1d_k3_valid", "tfkeras_conv1d_batchnorm", "embedding_conv1d_dense" };

    /// <summary>
    /// A Keras file loaded and saved again reads, through Keras's own reading code, with the same layers, the same
    /// weight names in the same order and the same shapes; every setting Keras wrote is written again with its value
    /// (BatchNormalization's axis as tf.keras 2.4 writes it, the built layer's list of non-negative axes).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(KerasFixtures))]
    public void Our_file_of_a_keras_network_reads_as_the_keras_file_reads(string fixture)
    {
        H5py.Require();
        string kerasFile = KerasConvolutionalFixtureTests.Fixture(fixture, out JsonDocument expected);
        expected.Dispose();
        Model model = fixture switch
        {
            "batchnorm_conv2d" => Model.Load<KerasBatchNormConv2DNet>(kerasFile),
            "conv1d_k3_valid" => Model.Load<KerasConv1DNet>(kerasFile),
            "embedding_conv1d_dense" => Model.Load<KerasEmbeddingConv1DNet>(kerasFile),
            _ => Model.Load<KerasConv1DBatchNormNet>(kerasFile),
        };
        using var directory = new TempDirectory();
        string ourFile = directory.File(fixture + ".h5");
        model.Save(ourFile);

        using JsonDocument keras = JsonDocument.Parse(H5py.Run("read_like_keras.py", kerasFile));
        using JsonDocument ours = JsonDocument.Parse(H5py.Run("read_like_keras.py", ourFile));
        JsonElement kerasWeights = keras.RootElement.GetProperty("model_weights"), ourWeights = ours.RootElement.GetProperty("model_weights");
        Assert.Equal(Names(kerasWeights.GetProperty("layer_names")), Names(ourWeights.GetProperty("layer_names")));
        foreach (JsonProperty layer in kerasWeights.GetProperty("layers").EnumerateObject())
            Assert.Equal(layer.Value.GetRawText(), ourWeights.GetProperty("layers").GetProperty(layer.Name).GetRawText());

        Dictionary<string, JsonNode> ourLayers = Layers(ours.RootElement.GetProperty("model_config"));
        foreach ((string name, JsonNode kerasLayer) in Layers(keras.RootElement.GetProperty("model_config")))
        {
            JsonObject kerasConfig = kerasLayer["config"]!.AsObject(), ourConfig = ourLayers[name]["config"]!.AsObject();
            Assert.Equal((string?)kerasLayer["class_name"], (string?)ourLayers[name]["class_name"]);
            foreach ((string key, JsonNode? value) in kerasConfig)
            {
                Assert.True(ourConfig.ContainsKey(key), $"{name}: Keras writes '{key}', we do not");
                JsonNode? ourValue = ourConfig[key];
                if (key.EndsWith("_initializer", StringComparison.Ordinal))
                    // tf.keras 2.2's initializers add their dtype; 2.4's write only their own settings.
                    Assert.Equal((string?)value!["class_name"] is "VarianceScaling" ? "GlorotUniform" : (string?)value!["class_name"], (string?)ourValue!["class_name"]);
                else if (key == "axis")
                    Assert.Equal(model.Architecture.Single(l => l.Name == name).InputShape.Count, (int)ourValue![0]!);
                else
                    Assert.True(JsonNode.DeepEquals(value, ourValue), $"{name}: Keras writes {key} = {value?.ToJsonString()}, we write {ourValue?.ToJsonString()}");
            }
        }
    }

    [SkippableFact]
    public void Trained_network_is_read_by_h5py_with_moving_statistics_as_non_trainable_weights()
    {
        H5py.Require();
        var model = new SmallConvNet(seed: 7);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9));
        Train(model, steps: 3);
        var norm = (BatchNormalizationLayer)model.Architecture.Single(l => l is BatchNormalizationLayer);
        Assert.Contains(model.WeightsOf(norm.MovingMean).ToArray(), m => m != 0);
        Assert.Contains(model.WeightsOf(norm.MovingVariance).ToArray(), v => v != 1);

        using var directory = new TempDirectory();
        string path = directory.File("small-conv.h5");
        model.Save(path);
        using JsonDocument dump = H5py.Dump(path);
        JsonElement root = dump.RootElement;

        JsonNode config = JsonNode.Parse(root.GetProperty("model_config").GetRawText())!;
        Assert.Equal(["Conv2D", "MaxPooling2D", "BatchNormalization", "Dropout", "Flatten", "Dense"],
            config["config"]!["layers"]!.AsArray().Select(l => (string)l!["class_name"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"name": "conv2d", "trainable": true, "batch_input_shape": [null, 8, 8, 1], "dtype": "float32", "filters": 4, "kernel_size": [3, 3],
             "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu",
             "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
             "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}
            """), config["config"]!["layers"]![0]!["config"]), config["config"]!["layers"]![0]!["config"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"name": "batch_normalization", "trainable": true, "dtype": "float32", "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true,
             "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}},
             "moving_mean_initializer": {"class_name": "Zeros", "config": {}}, "moving_variance_initializer": {"class_name": "Ones", "config": {}},
             "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null}
            """), config["config"]!["layers"]![2]!["config"]), config["config"]!["layers"]![2]!["config"]!.ToJsonString());

        JsonElement attributes = root.GetProperty("attributes");
        Assert.Equal(["batch_normalization/gamma:0", "batch_normalization/beta:0", "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0"],
            attributes.GetProperty("model_weights/batch_normalization").GetProperty("weight_names").GetProperty("value").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["conv2d/kernel:0", "conv2d/bias:0"],
            attributes.GetProperty("model_weights/conv2d").GetProperty("weight_names").GetProperty("value").EnumerateArray().Select(v => v.GetString()));
        // Keras saves optimizer slots for trainable weights only: none for the moving statistics.
        Assert.Equal(["SGD/iter:0", "SGD/conv2d/kernel/momentum:0", "SGD/conv2d/bias/momentum:0", "SGD/batch_normalization/gamma/momentum:0",
                "SGD/batch_normalization/beta/momentum:0", "SGD/dense/kernel/momentum:0", "SGD/dense/bias/momentum:0"],
            attributes.GetProperty("optimizer_weights").GetProperty("weight_names").GetProperty("value").EnumerateArray().Select(v => v.GetString()));

        JsonElement datasets = root.GetProperty("datasets");
        foreach (LayerInfo layer in model.Architecture)
            foreach (LayerVariable variable in layer.Variables)
            {
                JsonElement dataset = datasets.GetProperty($"model_weights/{layer.Name}/{layer.Name}/{variable.Name}:0");
                Assert.Equal("float32", dataset.GetProperty("dtype").GetString());
                Assert.Equal(variable.Shape, dataset.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
                Assert.Equal(model.WeightsOf(variable).ToArray(), dataset.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));
            }
        Assert.Equal([3, 3, 1, 4], datasets.GetProperty("model_weights/conv2d/conv2d/kernel:0").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public void Moving_statistics_and_optimizer_state_round_trip_and_training_resumes_identically()
    {
        RoundTrip(new SmallConvNet(seed: 3), Loss.CategoricalCrossentropy);
        RoundTrip(new SequenceConvNet(seed: 3), Loss.MeanSquaredError);
        RoundTrip(new PooledImageNet(seed: 3), Loss.MeanSquaredError);
        RoundTrip(new PaddedImageNet(seed: 3), Loss.MeanSquaredError);
        RoundTrip(new SequencePoolNet(seed: 3), Loss.CategoricalCrossentropy);
    }

    internal static void RoundTrip<TModel>(TModel model, Loss loss) where TModel : Model, new()
    {
        model.Compile(loss, new SGD(lr: 0.02, momentum: 0.5));
        (float[] x, float[] y) = Train(model, steps: 2);

        using var directory = new TempDirectory();
        string path = directory.File("model.h5");
        model.Save(path);
        TModel loaded = Model.Load<TModel>(path, out ModelLoadReport report);

        string what = typeof(TModel).Name;
        Assert.True(report.OptimizerStateRestored, what);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(model.NonTrainableParameters.ToArray(), loaded.NonTrainableParameters.ToArray());
        if (model.Architecture.Any(l => l is BatchNormalizationLayer))
            Assert.Contains(loaded.NonTrainableParameters.ToArray(), s => s is not (0f or 1f));
        Assert.Equal(model.Predict(x), loaded.Predict(x));

        // Another step from the same state changes both alike: weights, moving statistics and momentum were all restored.
        // (Dropout's masks are drawn from the model's own seed, which a file does not hold, as Keras's does not.)
        if (model.Architecture.Any(l => l is DropoutLayer)) return;
        model.TrainOnBatch(x, y);
        loaded.TrainOnBatch(x, y);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(model.NonTrainableParameters.ToArray(), loaded.NonTrainableParameters.ToArray());
    }

    private static (float[] X, float[] Y) Train(Model model, int steps)
    {
        int inputs = Size(model.InputShape), outputs = Size(model.OutputShape);
        const int batch = 6;
        var random = new SeededRandom(5);
        float[] x = Enumerable.Range(0, batch * inputs).Select(_ => 1f + (float)random.NextGaussian()).ToArray();
        float[] y = Enumerable.Range(0, batch * outputs).Select(i => i % outputs == i / outputs % outputs ? 1f : 0f).ToArray();
        for (int step = 0; step < steps; step++) model.TrainOnBatch(x, y);
        return (x, y);
    }

    private static string?[] Names(JsonElement names) => names.EnumerateArray().Select(n => n.GetString()).ToArray();

    private static Dictionary<string, JsonNode> Layers(JsonElement modelConfig)
    {
        JsonNode config = JsonNode.Parse(modelConfig.GetRawText())!["config"]!;
        JsonArray layers = config is JsonArray list ? list : config["layers"]!.AsArray();
        return layers.ToDictionary(l => (string)l!["config"]!["name"]!, l => l!);
    }

    private static int Size(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }
}
