using Google.Protobuf;
using Compiled.Onnx;
using Compiled.Tests.Hdf5;
using Compiled.Tests.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Samples.Digits;
using Samples.Iris;
using Samples.Perceptron;
using Samples.Tutorial;

namespace Compiled.Tests.Onnx;

/// <summary>Every sample network, exported to ONNX and run by ONNX Runtime, gives Predict's outputs.</summary>
public class OnnxExportTests
{
    /// <summary>Every model class of the samples (see <see cref="Every_sample_network_is_compared"/>), then test models for what the samples lack.</summary>
    private static readonly Dictionary<string, Func<Model>> s_networks = new()
    {
        ["iris"] = () => new IrisNet(seed: 1),
        ["tutorial"] = () => new TutorialNet(seed: 1),
        ["functional_tutorial"] = () => new FunctionalTutorialNet(seed: 1),
        ["digits"] = () => new DigitsNet(seed: 1),
        ["digits_cnn"] = () => new DigitsCnn(seed: 1),
        ["mnist_cnn"] = () => new Samples.MnistCnn.MnistCnnNet(seed: 1),
        ["mnist_mlp"] = () => new Samples.MnistMlp.MnistMlpNet(seed: 1),
        ["spoken_digits"] = () => new Samples.SpokenDigits.SpokenDigitsNet(seed: 1),
        ["single_neuron"] = () => new SingleNeuron(seed: 1),
        ["hidden_layer_network"] = () => new HiddenLayerNetwork(seed: 1),
        ["every_activation"] = () => new EveryActivationNet(seed: 1),
        ["clipped"] = () => new ClippedCrossentropyNet(seed: 1),
    };

    public static TheoryData<string> Networks() => new(s_networks.Keys);

    private static Model Create(string name) => s_networks[name]();

    /// <summary>
    /// The list above holds every model class the samples declare: each sample file with a <c>[Sequential]</c> or
    /// <c>[Functional]</c> class is compiled into the tests (linked in the project file), and each such class is compared.
    /// </summary>
    [Fact]
    public void Every_sample_network_is_compared()
    {
        string samples = Path.Combine(RepositoryRoot(), "samples");
        string[] declared = Directory.GetFiles(samples, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f),
                @"^\[(?:Sequential|Functional)\b[^\n]*\n(?:\[[^\n]*\n)*(?:public |internal )?(?:sealed )?partial class (\w+)", System.Text.RegularExpressions.RegexOptions.Multiline))
            .Select(m => m.Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Contains("FunctionalTutorialNet", declared);
        Assert.Contains("HiddenLayerNetwork", declared);

        string[] compiled = typeof(IrisNet).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Samples.", StringComparison.Ordinal) == true && t.IsSubclassOf(typeof(Model)) && !t.IsAbstract)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(declared, compiled);

        string[] compared = s_networks.Values.Select(create => create().GetType())
            .Where(t => t.Namespace?.StartsWith("Samples.", StringComparison.Ordinal) == true)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(declared, compared);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

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

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(400)]
    public void An_export_that_fails_part_way_leaves_the_previous_file_intact(int bytesBeforeFailure)
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.onnx");
        new IrisNet(seed: 1).ExportOnnx(path);
        byte[] before = File.ReadAllBytes(path);

        // The same path again, with other weights, and a disk that fills up part-way through the new file.
        var other = new IrisNet(seed: 2);
        Assert.True(OnnxExport.ToOnnx(other).CalculateSize() > bytesBeforeFailure, "the failure must come before the last byte");
        OnnxExport.WrapStreamForTests = stream => new FailingStream(stream, bytesBeforeFailure);
        IOException error;
        try
        {
            error = Assert.Throws<IOException>(() => other.ExportOnnx(path));
        }
        finally
        {
            OnnxExport.WrapStreamForTests = null;
        }

        Assert.Contains("No space left on device", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
        // And the next export, without the failure, replaces the file.
        other.ExportOnnx(path);
        Assert.Equal(OnnxExport.ToOnnx(other).ToByteArray(), File.ReadAllBytes(path));
        Assert.NotEqual(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    private static int Size(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }
}
