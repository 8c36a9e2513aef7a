using Google.Protobuf;
using Compiled.Onnx;
using Compiled.Tests.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Samples.Digits;
using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Onnx;

/// <summary>Every sample network, exported to ONNX and run by ONNX Runtime, gives Predict's outputs.</summary>
public class OnnxExportTests
{
    public static TheoryData<string> Networks() => new() { "iris", "tutorial", "digits", "every_activation", "clipped", "perceptron" };

    private static Model Create(string name) => name switch
    {
        "iris" => new IrisNet(seed: 1),
        "tutorial" => new TutorialNet(seed: 1),
        "digits" => new DigitsNet(seed: 1),
        "every_activation" => new EveryActivationNet(seed: 1),
        "clipped" => new ClippedCrossentropyNet(seed: 1),
        _ => new HiddenPerceptron(seed: 1),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Onnx_runtime_reproduces_predict(string name)
    {
        Model model = Create(name);
        int inputSize = Size(model.InputShape), outputSize = Size(model.OutputShape);
        const int batch = 5;
        var random = new SeededRandom(3);
        float[] x = Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] expected = model.Predict(x);

        string path = Path.Combine(Path.GetTempPath(), $"compiled-{name}-{Guid.NewGuid():N}.onnx");
        try
        {
            model.ExportOnnx(path);
            using var session = new InferenceSession(path);
            Assert.Equal("input", session.InputMetadata.Keys.Single());
            Assert.Equal("output", session.OutputMetadata.Keys.Single());
            Assert.Equal(-1, session.InputMetadata["input"].Dimensions[0]); // the batch axis is dynamic

            int[] dims = new[] { batch }.Concat(model.InputShape.ToArray()).ToArray();
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
                session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, dims))]);
            float[] actual = results.Single().AsEnumerable<float>().ToArray();

            Assert.Equal(batch * outputSize, actual.Length);
            for (int i = 0; i < actual.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5, $"{name}: output {i} is {actual[i]} in ONNX Runtime, {expected[i]} in Predict");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Onnx_runtime_reproduces_functional_models_with_merges_several_inputs_and_several_outputs()
    {
        foreach (Model model in new Model[] { new ResidualNet(seed: 1), new EveryMergeNet(seed: 1), new TwoHeadedNet(seed: 1) })
        {
            int inputSize = Size(model.InputShape), outputSize = Size(model.OutputShape);
            const int batch = 4;
            var random = new SeededRandom(8);
            float[] x = Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] expected = model.Predict(x);

            using var session = new InferenceSession(OnnxExport.ToOnnx(model).ToByteArray());
            // Several inputs are fed separately, each cut out of the joined samples.
            List<NamedOnnxValue> feeds = [];
            int offset = 0;
            foreach (string name in model.InputLayerNames.Count > 1 ? model.InputLayerNames : ["input"])
            {
                int[] shape = model.InputLayerNames.Count > 1 ? model.Architecture.Single(l => l.Name == name).OutputShape.ToArray() : model.InputShape.ToArray();
                int size = Size(shape);
                float[] part = Enumerable.Range(0, batch).SelectMany(b => x.Skip(b * inputSize + offset).Take(size)).ToArray();
                feeds.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(part, new[] { batch }.Concat(shape).ToArray())));
                offset += size;
            }
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(feeds);

            offset = 0;
            foreach (ModelOutput output in model.Outputs)
            {
                string name = model.Outputs.Count > 1 ? output.Name + "/output" : "output";
                float[] actual = results.Single(r => r.Name == name).AsEnumerable<float>().ToArray();
                int size = Size(output.Shape.ToArray());
                for (int b = 0; b < batch; b++)
                    for (int i = 0; i < size; i++)
                        Assert.True(Math.Abs(actual[b * size + i] - expected[b * outputSize + offset + i]) <= 1e-5,
                            $"{model.GetType().Name} {name}: sample {b} value {i} is {actual[b * size + i]} in ONNX Runtime, {expected[b * outputSize + offset + i]} in Predict");
                offset += size;
            }
        }
    }

    [Fact]
    public void The_graph_uses_standard_operators_and_keeps_layer_names()
    {
        var onnx = OnnxExport.ToOnnx(new IrisNet(seed: 1));
        Assert.Equal(["MatMul", "Add", "Relu", "MatMul", "Add", "Softmax", "Identity"], onnx.Graph.Node.Select(n => n.OpType));
        Assert.Equal(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"], onnx.Graph.Initializer.Select(t => t.Name));
        Assert.Equal([4L, 16L], onnx.Graph.Initializer[0].Dims);
        Assert.Equal(13, onnx.OpsetImport.Single().Version);
    }

    [Fact]
    public void A_failed_export_leaves_the_previous_file_intact()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"compiled-onnx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "model.onnx");
        try
        {
            File.WriteAllText(path, "previous");
            // A directory where the temporary file would go makes the write fail part-way.
            Assert.ThrowsAny<IOException>(() => new IrisNet(seed: 1).ExportOnnx(Path.Combine(directory, "missing", "model.onnx")));
            Assert.Equal("previous", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int Size(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }
}
