using System.Text.Json;
using System.Text.Json.Nodes;
using Compiled.Hdf5;
using Compiled.Tests.Models;
using Samples.Tutorial;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// h5py, which Keras itself reads files with, reads what Save writes: every attribute, the parsed configurations,
/// every group and every value are checked against the model's own.
/// </summary>
public class H5pyReadsOurFilesTests
{
    [SkippableFact]
    public void Tutorial_network_after_training_is_read_by_h5py_exactly()
    {
        H5py.Require();
        var model = new TutorialNet(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1, decay: 1e-10, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
        TrainSomeSteps(model, 100, 10, steps: 3);
        var sgd = (SGD)model.Optimizer!;

        using var directory = new TempDirectory();
        string path = directory.File("tutorial.h5");
        model.Save(path);
        using JsonDocument dump = H5py.Dump(path);
        JsonElement root = dump.RootElement;

        // Every attribute of the file, and nothing else.
        JsonElement attributes = root.GetProperty("attributes");
        Assert.Equal(
            ["/", "model_weights", "model_weights/dense", "model_weights/dense_1", "model_weights/re_lu", "model_weights/softmax", "optimizer_weights"],
            attributes.EnumerateObject().Where(p => p.Value.EnumerateObject().Any()).Select(p => p.Name).Order(StringComparer.Ordinal));
        AssertAttributeNames(attributes, "/", "backend", "keras_version", "model_config", "training_config");
        AssertString(attributes, "/", "keras_version", "2.4.0");
        AssertString(attributes, "/", "backend", "tensorflow");
        AssertAttributeNames(attributes, "model_weights", "backend", "keras_version", "layer_names");
        AssertString(attributes, "model_weights", "keras_version", "2.4.0");
        AssertString(attributes, "model_weights", "backend", "tensorflow");
        AssertStrings(attributes, "model_weights", "layer_names", "dense", "re_lu", "dense_1", "softmax");
        AssertStrings(attributes, "model_weights/dense", "weight_names", "dense/kernel:0", "dense/bias:0");
        AssertStrings(attributes, "model_weights/dense_1", "weight_names", "dense_1/kernel:0", "dense_1/bias:0");
        foreach (string weightless in new[] { "model_weights/re_lu", "model_weights/softmax" })
        {
            // h5py's np.array([]): an empty float64 array of shape (0,).
            JsonElement names = attributes.GetProperty(weightless).GetProperty("weight_names");
            Assert.Equal(0, names.GetProperty("value").GetArrayLength());
            Assert.Equal("float", names.GetProperty("type").GetProperty("class").GetString());
            Assert.Equal(8, names.GetProperty("type").GetProperty("size").GetInt32());
            Assert.Equal([0], names.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        }
        AssertStrings(attributes, "optimizer_weights", "weight_names",
            "SGD/iter:0", "SGD/dense/kernel/momentum:0", "SGD/dense/bias/momentum:0", "SGD/dense_1/kernel/momentum:0", "SGD/dense_1/bias/momentum:0");

        // The configurations, parsed, against what Keras writes for this network and compile call.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TutorialModelConfig), JsonNode.Parse(root.GetProperty("model_config").GetRawText())),
            "model_config differs:\n" + root.GetProperty("model_config").GetRawText());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TutorialTrainingConfig), JsonNode.Parse(root.GetProperty("training_config").GetRawText())),
            "training_config differs:\n" + root.GetProperty("training_config").GetRawText());

        // Every dataset, with its shape, type and every value.
        JsonElement datasets = root.GetProperty("datasets");
        Assert.Equal(
            ["model_weights/dense/dense/bias:0", "model_weights/dense/dense/kernel:0", "model_weights/dense_1/dense_1/bias:0", "model_weights/dense_1/dense_1/kernel:0",
             "optimizer_weights/SGD/dense/bias/momentum:0", "optimizer_weights/SGD/dense/kernel/momentum:0", "optimizer_weights/SGD/dense_1/bias/momentum:0",
             "optimizer_weights/SGD/dense_1/kernel/momentum:0", "optimizer_weights/SGD/iter:0"],
            datasets.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        AssertFloats(datasets, "model_weights/dense/dense/kernel:0", [100, 32], model.Dense.Kernel);
        AssertFloats(datasets, "model_weights/dense/dense/bias:0", [32], model.Dense.Bias);
        AssertFloats(datasets, "model_weights/dense_1/dense_1/kernel:0", [32, 10], model.Dense1.Kernel);
        AssertFloats(datasets, "model_weights/dense_1/dense_1/bias:0", [10], model.Dense1.Bias);
        ReadOnlySpan<float> velocity = sgd.Velocity;
        Assert.Contains(velocity.ToArray(), v => v != 0);
        AssertFloats(datasets, "optimizer_weights/SGD/dense/kernel/momentum:0", [100, 32], velocity.Slice(0, 3200));
        AssertFloats(datasets, "optimizer_weights/SGD/dense/bias/momentum:0", [32], velocity.Slice(3200, 32));
        AssertFloats(datasets, "optimizer_weights/SGD/dense_1/kernel/momentum:0", [32, 10], velocity.Slice(3232, 320));
        AssertFloats(datasets, "optimizer_weights/SGD/dense_1/bias/momentum:0", [10], velocity.Slice(3552, 10));
        JsonElement iterations = datasets.GetProperty("optimizer_weights/SGD/iter:0");
        Assert.Equal("int64", iterations.GetProperty("dtype").GetString());
        Assert.Equal(0, iterations.GetProperty("shape").GetArrayLength());
        Assert.Equal(3, iterations.GetProperty("values")[0].GetInt64());
    }

    [SkippableFact]
    public void Uncompiled_network_without_bias_and_with_two_input_axes_is_read_by_h5py()
    {
        H5py.Require();
        var model = new EveryActivationNet(seed: 5);
        using var directory = new TempDirectory();
        string path = directory.File("every.h5");
        model.Save(path);
        using JsonDocument dump = H5py.Dump(path);
        JsonElement root = dump.RootElement;

        // Not compiled: Keras then writes neither training_config nor optimizer_weights.
        AssertAttributeNames(root.GetProperty("attributes"), "/", "backend", "keras_version", "model_config");
        Assert.DoesNotContain("optimizer_weights", root.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));

        JsonNode layers = JsonNode.Parse(root.GetProperty("model_config").GetRawText())!["config"]!["layers"]!;
        Assert.Equal(["Dense", "Activation", "Dense", "Dense", "Activation", "Softmax"], layers.AsArray().Select(l => (string)l!["class_name"]!));
        JsonNode first = layers[0]!["config"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("[null, 3, 5]"), first["batch_input_shape"]));
        Assert.False((bool)first["use_bias"]!);
        Assert.Equal("tanh", (string)first["activation"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"class_name": "RandomUniform", "config": {"minval": 0.05, "maxval": 0.2, "seed": 9}}"""), layers[2]!["config"]!["bias_initializer"]));
        Assert.Equal("sigmoid", (string)layers[1]!["config"]!["activation"]!);

        JsonElement datasets = root.GetProperty("datasets");
        Assert.Equal(5, datasets.EnumerateObject().Count());
        foreach (DenseLayer layer in model.Architecture.OfType<DenseLayer>())
        {
            int kernel = layer.Inputs * layer.Units;
            AssertFloats(datasets, $"model_weights/{layer.Name}/{layer.Name}/kernel:0", [layer.Inputs, layer.Units], model.Parameters.Slice(layer.ParameterOffset, kernel));
            if (layer.UseBias) AssertFloats(datasets, $"model_weights/{layer.Name}/{layer.Name}/bias:0", [layer.Units], model.Parameters.Slice(layer.ParameterOffset + kernel, layer.Units));
        }
    }

    internal static void TrainSomeSteps(Model model, int inputs, int classes, int steps, int batch = 8, int seed = 11)
    {
        var random = new SeededRandom((ulong)seed);
        for (int step = 0; step < steps; step++)
        {
            float[] x = Enumerable.Range(0, batch * inputs).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] y = new float[batch * classes];
            for (int i = 0; i < batch; i++) y[i * classes + random.NextInt(classes)] = 1;
            model.TrainOnBatch(x, y);
        }
    }

    private static void AssertAttributeNames(JsonElement attributes, string owner, params string[] names)
        => Assert.Equal(names.Order(StringComparer.Ordinal), attributes.GetProperty(owner).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

    [SkippableFact]
    public void Functional_network_is_described_as_keras_describes_a_functional_model()
    {
        H5py.Require();
        var model = new ResidualNet(seed: 2);
        using var directory = new TempDirectory();
        string path = directory.File("residual.h5");
        model.Save(path);
        using JsonDocument dump = H5py.Dump(path);
        JsonElement root = dump.RootElement;

        AssertStrings(root.GetProperty("attributes"), "model_weights", "layer_names", "features", "hidden", "block", "residual", "probabilities");
        JsonNode config = JsonNode.Parse(root.GetProperty("model_config").GetRawText())!;
        Assert.Equal("Functional", (string)config["class_name"]!);
        JsonNode layers = config["config"]!["layers"]!;
        Assert.Equal(["InputLayer", "Dense", "Dense", "Add", "Dense"], layers.AsArray().Select(l => (string)l!["class_name"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "features"},
             "name": "features", "inbound_nodes": []}
            """), layers[0]), layers[0]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[[["hidden", 0, 0, {}], ["block", 0, 0, {}]]]"""), layers[3]!["inbound_nodes"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[[["residual", 0, 0, {}]]]"""), layers[4]!["inbound_nodes"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[["features", 0, 0]]"""), config["config"]!["input_layers"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[["probabilities", 0, 0]]"""), config["config"]!["output_layers"]));
        Assert.Null(layers[1]!["config"]!["batch_input_shape"]);
        AssertFloats(root.GetProperty("datasets"), "model_weights/hidden/hidden/kernel:0", [4, 8], model.Hidden.Kernel);
        AssertFloats(root.GetProperty("datasets"), "model_weights/probabilities/probabilities/bias:0", [3], model.Probabilities.Bias);
    }

    private static void AssertString(JsonElement attributes, string owner, string name, string expected)
    {
        JsonElement attribute = attributes.GetProperty(owner).GetProperty(name);
        Assert.Equal(expected, attribute.GetProperty("value").GetString());
        Assert.Equal("string", attribute.GetProperty("type").GetProperty("class").GetString());
    }

    private static void AssertStrings(JsonElement attributes, string owner, string name, params string[] expected)
    {
        JsonElement attribute = attributes.GetProperty(owner).GetProperty(name);
        Assert.Equal(expected, attribute.GetProperty("value").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("string", attribute.GetProperty("type").GetProperty("class").GetString());
        Assert.Equal([expected.Length], attribute.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    private static void AssertFloats(JsonElement datasets, string name, int[] shape, ReadOnlySpan<float> expected)
    {
        JsonElement dataset = datasets.GetProperty(name);
        Assert.Equal("float32", dataset.GetProperty("dtype").GetString());
        Assert.Equal(shape, dataset.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.True(dataset.GetProperty("contiguous").GetBoolean());
        float[] values = dataset.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        Assert.Equal(expected.ToArray(), values);
    }

    private const string TutorialModelConfig = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "batch_input_shape": [null, 100], "dtype": "float32",
            "units": 32, "activation": "linear", "use_bias": true,
            "kernel_initializer": {"class_name": "RandomNormal", "config": {"mean": 0.0, "stddev": 1.0, "seed": 42}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "ReLU", "config": {"name": "re_lu", "trainable": true, "dtype": "float32", "max_value": null, "negative_slope": 0.0, "threshold": 0.0}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32",
            "units": 10, "activation": "linear", "use_bias": true,
            "kernel_initializer": {"class_name": "RandomNormal", "config": {"mean": 0.0, "stddev": 1.0, "seed": 42}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "Softmax", "config": {"name": "softmax", "trainable": true, "dtype": "float32", "axis": -1}}]}}
        """;

    private const string TutorialTrainingConfig = """
        {"loss": "categorical_crossentropy", "metrics": ["categorical_accuracy"], "weighted_metrics": null, "loss_weights": null, "sample_weight_mode": null,
         "optimizer_config": {"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.1, "decay": 1e-10, "momentum": 0.9, "nesterov": true}}}
        """;
}
