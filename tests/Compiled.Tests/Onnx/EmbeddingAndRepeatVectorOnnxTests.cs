using Compiled.Onnx;
using Compiled.Tests.Layers;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Compiled.Tests.Onnx;

/// <summary>
/// Embedding exported as <c>Cast</c> to int64 then <c>Gather</c>, RepeatVector as <c>Unsqueeze</c> then <c>Tile</c>: ONNX
/// Runtime's outputs match Predict's within 1e-5, in chains and in a graph whose two inputs are fed separately.
/// </summary>
public class EmbeddingAndRepeatVectorOnnxTests
{
    private const int Batch = 3;

    [Theory]
    [InlineData(nameof(EmbeddingNet))]
    [InlineData(nameof(RepeatVectorNet))]
    [InlineData(nameof(TextClassifierNet))]
    [InlineData(nameof(TokensAndFeaturesNet))]
    public void Onnx_runtime_reproduces_predict(string network)
    {
        Model model = network switch
        {
            nameof(EmbeddingNet) => new EmbeddingNet(seed: 1),
            nameof(RepeatVectorNet) => new RepeatVectorNet(seed: 2),
            nameof(TextClassifierNet) => new TextClassifierNet(seed: 3),
            _ => new TokensAndFeaturesNet(seed: 4),
        };
        // Embeddings far from their small initial values, so that a wrong row would show.
        ConvolutionalOnnxTests.Perturb(model, seed: 19);
        var random = new SeededRandom(31);
        int inputSize = Size(model.InputShape);
        // Whole numbers below every vocabulary here (6): indices for the Embeddings, ordinary values for the other inputs.
        float[] x = Enumerable.Range(0, Batch * inputSize).Select(_ => (float)random.NextInt(6)).ToArray();
        float[] expected = model.Predict(x);

        using var session = new InferenceSession(OnnxExport.ToOnnx(model).ToByteArray());
        List<NamedOnnxValue> feeds = [];
        int offset = 0;
        foreach (string name in model.InputLayerNames.Count > 1 ? model.InputLayerNames : ["input"])
        {
            int[] shape = model.InputLayerNames.Count > 1 ? model.Architecture.Single(l => l.Name == name).OutputShape.ToArray() : model.InputShape.ToArray();
            int size = Size(shape);
            float[] part = Enumerable.Range(0, Batch).SelectMany(b => x.Skip(b * inputSize + offset).Take(size)).ToArray();
            feeds.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(part, [Batch, .. shape])));
            offset += size;
        }
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(feeds);
        float[] actual = results.Single().AsEnumerable<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5, $"{network}: output {i} is {actual[i]} in ONNX Runtime, {expected[i]} in Predict");
    }

    [Fact]
    public void Embedding_is_a_cast_to_int64_and_a_gather_of_the_keras_matrix_and_repeat_vector_an_unsqueeze_and_a_tile()
    {
        var model = new TextClassifierNet(seed: 1);
        var onnx = OnnxExport.ToOnnx(model);
        Assert.Equal(["Cast", "Gather"], onnx.Graph.Node.Take(2).Select(n => n.OpType));
        Assert.Equal(7, onnx.Graph.Node.Single(n => n.Name == "embedding/cast").Attribute.Single(a => a.Name == "to").I);
        var gather = onnx.Graph.Node.Single(n => n.Name == "embedding/gather");
        Assert.Equal(["embedding/embeddings", "embedding/cast"], gather.Input);
        Assert.Equal(0, gather.Attribute.Single(a => a.Name == "axis").I);
        var table = onnx.Graph.Initializer.Single(t => t.Name == "embedding/embeddings");
        Assert.Equal([500L, 32], table.Dims);
        var layer = (EmbeddingLayer)model.Architecture.Single(l => l is EmbeddingLayer);
        Assert.Equal(model.WeightsOf(layer.Embeddings).ToArray(), table.FloatData);

        Assert.Equal(["Unsqueeze", "Tile"], onnx.Graph.Node.Where(n => n.Name.StartsWith("repeat_vector/", StringComparison.Ordinal)).Select(n => n.OpType));
        Assert.Equal([1L], onnx.Graph.Initializer.Single(t => t.Name == "repeat_vector/axes").Int64Data);
        Assert.Equal([1L, 4, 1], onnx.Graph.Initializer.Single(t => t.Name == "repeat_vector/repeats").Int64Data);
    }

    private static int Size(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }
}
