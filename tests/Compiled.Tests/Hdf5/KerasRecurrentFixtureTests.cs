using System.Text.Json;
using System.Text.Json.Nodes;
using Compiled.Hdf5;
using Compiled.Tests.Models;
using static Compiled.Tests.Hdf5.KerasConvolutionalFixtureTests;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Files written by real Keras with LSTM layers (<c>Fixtures/keras/*/</c>, see the README there) load into the classes
/// declaring their networks and predict what Keras recorded, or what a float64 numpy pass of Keras's formulas computed,
/// within the fixtures' tolerances (1e-5 relative); the files this library cannot compute are refused with the reason.
/// </summary>
public class KerasRecurrentFixtureTests
{
    [Fact]
    public void Keras_2_1_lstm_file_reproduces_the_outputs_keras_recorded()
    {
        KerasLstmDenseNet model = Model.Load<KerasLstmDenseNet>(Fixture("lstm_dense_recorded", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.1.3", report.KerasVersion);
            Assert.Equal("keras_recorded", expected.RootElement.GetProperty("expected_source").GetString());
            var lstm = (LSTMLayer)model.Architecture[0];
            // Keras 2.1 names the weights lstm_1/kernel:0, without the cell's scope tf.keras 2 adds: both read the same.
            Assert.Equal(1f, model.WeightsOf(lstm.Bias!).ToArray()[50..100].Max());
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void Tf_keras_stacked_lstm_file_reproduces_every_step_over_three_steps()
    {
        KerasStackedLstmNet model = Model.Load<KerasStackedLstmNet>(Fixture("lstm_stacked_tfkeras", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.2.4-tf", report.KerasVersion);
            Assert.Equal([3, 4], model.OutputShape.ToArray());
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void A_file_saved_from_a_keras_lstm_loads_back_and_predicts_the_same()
    {
        KerasStackedLstmNet model = Model.Load<KerasStackedLstmNet>(Fixture("lstm_stacked_tfkeras", out JsonDocument expected));
        using (expected)
        {
            using var directory = new TempDirectory();
            string path = directory.File("stacked.h5");
            model.Save(path);
            KerasStackedLstmNet again = Model.Load<KerasStackedLstmNet>(path);
            Assert.Equal(model.Parameters.ToArray(), again.Parameters.ToArray());
            AssertReproduces(again, expected.RootElement);
        }
    }

    /// <summary>
    /// The stacked tf.keras file loaded and saved again reads, through Keras's own reading code, with the same layers and
    /// the same weights in the same order and shapes (named in the cell's scope, as tf.keras 2.4 names them), and every
    /// setting Keras wrote is written again with its value, but <c>implementation</c>: 2.2.4-tf wrote 1, tf.keras 2's
    /// default, which this file's computation also is, is 2.
    /// </summary>
    [SkippableFact]
    public void Our_file_of_the_stacked_keras_lstm_reads_as_the_keras_file_reads()
        => AssertOurFileReadsAsTheKerasFileReads<KerasStackedLstmNet>("lstm_stacked_tfkeras", "lstm_");

    /// <summary>
    /// The fixture's file loaded into <typeparamref name="TModel"/> and saved again reads, through Keras's own reading code,
    /// with the same layers, the same weights in the same order and shapes, each named in its cell's scope
    /// (<paramref name="layerPrefix"/> <c>lstm_</c>: <c>lstm_12/kernel:0</c> is <c>lstm_12/lstm_cell_12/kernel:0</c>), and every
    /// setting Keras wrote written again with its value (an <c>implementation</c> as 2, tf.keras 2's default).
    /// </summary>
    internal static void AssertOurFileReadsAsTheKerasFileReads<TModel>(string fixture, string layerPrefix) where TModel : Model, new()
    {
        H5py.Require();
        string kerasFile = Fixture(fixture, out JsonDocument expected);
        expected.Dispose();
        TModel model = Model.Load<TModel>(kerasFile);
        using var directory = new TempDirectory();
        string ourFile = directory.File("stacked.h5");
        model.Save(ourFile);

        using JsonDocument keras = JsonDocument.Parse(H5py.Run("read_like_keras.py", kerasFile));
        using JsonDocument ours = JsonDocument.Parse(H5py.Run("read_like_keras.py", ourFile));
        JsonElement kerasWeights = keras.RootElement.GetProperty("model_weights"), ourWeights = ours.RootElement.GetProperty("model_weights");
        Assert.Equal(kerasWeights.GetProperty("layer_names").GetRawText(), ourWeights.GetProperty("layer_names").GetRawText());
        foreach (JsonProperty layer in kerasWeights.GetProperty("layers").EnumerateObject())
        {
            JsonProperty[] theirs = [.. layer.Value.EnumerateObject()], mine = [.. ourWeights.GetProperty("layers").GetProperty(layer.Name).EnumerateObject()];
            Assert.Equal(theirs.Select(w => w.Value.GetRawText()), mine.Select(w => w.Value.GetRawText()));
            Assert.Equal(theirs.Select(w => w.Name.Replace("/", $"/{layerPrefix}cell_{layer.Name[layerPrefix.Length..]}/")), mine.Select(w => w.Name));
        }

        JsonNode[] kerasLayers = [.. JsonNode.Parse(keras.RootElement.GetProperty("model_config").GetRawText())!["config"]!["layers"]!.AsArray().Select(l => l!)];
        JsonNode[] ourLayers = [.. JsonNode.Parse(ours.RootElement.GetProperty("model_config").GetRawText())!["config"]!["layers"]!.AsArray().Select(l => l!)];
        Assert.Equal(kerasLayers.Select(l => (string?)l["class_name"]), ourLayers.Select(l => (string?)l["class_name"]));
        foreach ((JsonNode kerasLayer, JsonNode ourLayer) in kerasLayers.Zip(ourLayers))
        {
            JsonObject kerasConfig = kerasLayer["config"]!.AsObject(), ourConfig = ourLayer["config"]!.AsObject();
            foreach ((string key, JsonNode? value) in kerasConfig)
            {
                Assert.True(ourConfig.ContainsKey(key), $"{kerasLayer["name"]}: Keras writes '{key}', we do not");
                if (key == "implementation") Assert.Equal(2, (int)ourConfig[key]!);
                else if (key.EndsWith("_initializer", StringComparison.Ordinal))
                    // tf.keras 2.2's initializers add their dtype; 2.4's write only their own settings.
                    Assert.Equal((string?)value!["class_name"], (string?)ourConfig[key]!["class_name"]);
                else
                    Assert.True(JsonNode.DeepEquals(value, ourConfig[key]), $"{kerasLayer["name"]}: Keras writes {key} = {value?.ToJsonString()}, we write {ourConfig[key]?.ToJsonString()}");
            }
        }
    }

    [Fact]
    public void Lstm_weights_and_momentum_round_trip_and_training_resumes_identically()
    {
        ConvolutionalFilesTests.RoundTrip(new Layers.StackedLstmNet(seed: 3), Loss.CategoricalCrossentropy);
        ConvolutionalFilesTests.RoundTrip(new Layers.BackwardsLstmNet(seed: 3), Loss.MeanSquaredError);
        ConvolutionalFilesTests.RoundTrip(new Layers.NoBiasLstmNet(seed: 3), Loss.CategoricalCrossentropy);
    }

    [Fact]
    public void Lstm_weights_and_slots_are_named_in_the_cells_scope_as_tf_keras_2_names_them()
    {
        var model = new Layers.StackedLstmNet(seed: 1);
        ModelVariable[] first = [.. ModelVariable.Of(model.Architecture[0])], second = [.. ModelVariable.Of(model.Architecture[1])];
        Assert.Equal(["lstm/lstm_cell/kernel:0", "lstm/lstm_cell/recurrent_kernel:0", "lstm/lstm_cell/bias:0"], first.Select(v => v.WeightName));
        Assert.Equal("lstm_1/lstm_cell_1/kernel:0", second[0].WeightName);
        Assert.Equal("SGD/lstm_1/lstm_cell_1/recurrent_kernel/momentum:0", second[1].SlotName("SGD", "momentum"));
        // A file's slot may name the cell as its own session numbered it.
        Assert.True(second[1].IsSlot("SGD/lstm_1/lstm_cell_7/recurrent_kernel/momentum:0", "momentum"));
        Assert.True(second[1].IsSlot("training/SGD/lstm_1/lstm_cell_1/recurrent_kernel/momentum", "momentum"));
        Assert.False(second[1].IsSlot("SGD/lstm/lstm_cell/recurrent_kernel/momentum:0", "momentum"));
        Assert.False(second[1].IsSlot("SGD/lstm_1/recurrent_kernel/momentum:0", "momentum"));
        Assert.False(first[0].IsSlot("SGD/lstm/lstm_cell/recurrent_kernel/momentum:0", "momentum"));
        // Dense keeps its unscoped names.
        Assert.Equal("SGD/dense/kernel/momentum:0", ModelVariable.Of(model.Architecture[^1])[0].SlotName("SGD", "momentum"));
        Assert.True(ModelVariable.Of(model.Architecture[^1])[0].IsSlot("training/SGD/dense/kernel/momentum:0", "momentum"));
        Assert.False(ModelVariable.Of(model.Architecture[^1])[0].IsSlot("SGD/xdense/kernel/momentum:0", "momentum"));
    }

    [Fact]
    public void Keras_2_1_embedding_and_lstm_file_reproduces_every_step()
    {
        KerasEmbeddingLstmNet model = Model.Load<KerasEmbeddingLstmNet>(Fixture("embedding_lstm", out JsonDocument expected), out ModelLoadReport report);
        using (expected)
        {
            Assert.Equal("2.1.3", report.KerasVersion);
            Assert.Equal([10, 6], model.OutputShape.ToArray());
            AssertReproduces(model, expected.RootElement);
        }
    }

    [Fact]
    public void A_file_of_another_network_is_refused_naming_the_layer_that_differs()
    {
        string path = Fixture("embedding_lstm", out JsonDocument expected);
        expected.Dispose();
        var error = Assert.Throws<ModelFileException>(() => Model.Load<KerasLstmDenseNet>(path));
        Assert.Contains("embedding_1", error.Message);
    }

    [Fact]
    public void A_keras_lstm_with_other_settings_is_refused_naming_the_setting()
    {
        // The fixture's LSTM has dropout 0.2 and hard sigmoid gates; a class declaring neither is told which differs first.
        string path = Fixture("lstm_dense_recorded", out JsonDocument expected);
        expected.Dispose();
        var error = Assert.Throws<ModelFileException>(() => Model.Load<KerasLstmSigmoidNet>(path));
        Assert.Contains("layer 0 'lstm_1': the file's LSTM has recurrent_activation 'hard_sigmoid'; KerasLstmSigmoidNet expects 'sigmoid'", error.Message);
        var dropout = Assert.Throws<ModelFileException>(() => Model.Load<KerasLstmWithoutDropoutNet>(path));
        Assert.Contains("layer 0 'lstm_1': the file's LSTM has dropout 0.2; KerasLstmWithoutDropoutNet expects 0.0", dropout.Message);
    }
}

/// <summary><c>lstm_dense_recorded</c>'s network with tf.keras 2's sigmoid gates, which the file does not have.</summary>
[Sequential(InputShape = new[] { 1, 1 })]
[LSTM(50, Dropout = 0.2, Name = "lstm_1")]
[Dense(1, Name = "dense_1")]
public partial class KerasLstmSigmoidNet;

/// <summary><c>lstm_dense_recorded</c>'s network without the file's input dropout.</summary>
[Sequential(InputShape = new[] { 1, 1 })]
[LSTM(50, RecurrentActivation = Activation.HardSigmoid, Name = "lstm_1")]
[Dense(1, Name = "dense_1")]
public partial class KerasLstmWithoutDropoutNet;
