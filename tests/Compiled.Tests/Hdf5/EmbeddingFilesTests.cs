using System.Text.Json;
using System.Text.Json.Nodes;
using Compiled.Hdf5;
using Compiled.Tests.Layers;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Files of networks with Embedding and RepeatVector: h5py reads the configurations Keras writes for them and the
/// embeddings as <c>embeddings:0</c>, and a saved network loads back and resumes training bit for bit.
/// </summary>
public class EmbeddingFilesTests
{
    [SkippableFact]
    public void H5py_reads_keras_s_embedding_and_repeat_vector_configurations_and_the_embeddings()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        var embedding = new EmbeddingNet(seed: 5);
        string path = directory.File("embedding.h5");
        embedding.Save(path);
        using (JsonDocument dump = H5py.Dump(path))
        {
            JsonNode layers = JsonNode.Parse(dump.RootElement.GetProperty("model_config").GetRawText())!["config"]!["layers"]!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
                {"name": "embedding", "trainable": true, "batch_input_shape": [null, 6], "dtype": "float32", "input_dim": 7, "output_dim": 3,
                 "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}},
                 "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": false, "input_length": 6}
                """), layers[0]!["config"]), layers[0]!["config"]!.ToJsonString());
            JsonElement root = dump.RootElement;
            Assert.Equal(["embedding/embeddings:0"],
                root.GetProperty("attributes").GetProperty("model_weights/embedding").GetProperty("weight_names").GetProperty("value").EnumerateArray().Select(v => v.GetString()));
            JsonElement table = root.GetProperty("datasets").GetProperty("model_weights/embedding/embedding/embeddings:0");
            Assert.Equal([7, 3], table.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            var layer = (EmbeddingLayer)embedding.Architecture[0];
            Assert.Equal(embedding.WeightsOf(layer.Embeddings).ToArray(), table.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));
        }

        path = directory.File("repeat.h5");
        new RepeatVectorNet(seed: 5).Save(path);
        using (JsonDocument dump = H5py.Dump(path))
        {
            JsonNode layers = JsonNode.Parse(dump.RootElement.GetProperty("model_config").GetRawText())!["config"]!["layers"]!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name": "repeat_vector", "trainable": true, "dtype": "float32", "n": 3}"""), layers[1]!["config"]),
                layers[1]!["config"]!.ToJsonString());
        }
    }

    [Fact]
    public void Saved_networks_load_back_and_resume_training_identically()
    {
        RoundTrip(new TokensAndFeaturesNet(seed: 6));
        RoundTrip(new TextClassifierNet(seed: 6));
    }

    private static void RoundTrip<TModel>(TModel model) where TModel : Model, new()
    {
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.5));
        int inputs = model.InputShape.ToArray().Aggregate(1, (p, d) => p * d), outputs = model.OutputShape[^1];
        const int Batch = 5;
        // Whole numbers below every vocabulary: indices for the Embedding, ordinary values for the features.
        float[] x = Enumerable.Range(0, Batch * inputs).Select(i => (float)(i * 7 % 6)).ToArray();
        float[] y = Enumerable.Range(0, Batch * outputs).Select(i => i % outputs == i / outputs % outputs ? 1f : 0f).ToArray();
        for (int step = 0; step < 2; step++) model.TrainOnBatch(x, y);
        SavedModelRoundTrip.Assert(model, x, y);
    }
}
