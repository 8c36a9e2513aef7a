using System.Text.Json;
using System.Text.Json.Nodes;
using Compiled.Hdf5;
using Compiled.Onnx;
using Compiled.Tests.Generator;
using Compiled.Tests.Hdf5;
using Compiled.Tests.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Compiled.Tests.Layers;

/// <summary>
/// <c>[TimeDistributed] [Dense(...)]</c>, Keras's <c>TimeDistributed(Dense(...))</c>: its gradient against float64 finite
/// differences, its build-time checks, its Keras configuration and weight names, and its ONNX lowering run by ONNX Runtime.
/// </summary>
public class TimeDistributedTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Dense_at_every_step_of_an_lstm_s_sequence(int batch)
        => ConvolutionalGradientTests.Check(new TimeDistributedDenseNet(seed: 33),
            new ImageReference(4, 3).Lstm(5, 0, returnSequences: true)
                .Dense(4, TimeDistributedDenseNet.Layers.TimeDistributed.ParameterOffset).Relu().Flatten()
                .Dense(2, TimeDistributedDenseNet.Layers.Dense1.ParameterOffset).Softmax(), batch);

    [Fact]
    public void Its_summary_weights_and_runtime_description_are_the_wrapped_dense_s()
    {
        var model = new TimeDistributedDenseNet(seed: 1);
        var layer = (TimeDistributedLayer)model.Architecture[1];
        Assert.Equal([4, 5], layer.InputShape);
        Assert.Equal([4, 4], layer.OutputShape);
        Assert.Equal("dense", layer.Layer.Name);
        Assert.Equal([5], layer.Layer.InputShape);
        Assert.Equal(Activation.Relu, layer.Layer.Activation);
        Assert.Equal(["kernel (5, 4) at 180", "bias (4,) at 200"], layer.Variables.Select(v => v.ToString()));
        // Keras's summary wraps a long "name (type)" over two lines.
        Assert.Contains(" time_distributed (TimeDistr  (None, 4, 4)             24\n ibuted)\n", TimeDistributedDenseNet.ModelSummary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dense_wrapped_at_every_step_of_a_returned_sequence_does_not_warn()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 6, 3 })]
            [LSTM(4, ReturnSequences = true)]
            [TimeDistributed]
            [Dense(2, Activation = Activation.Softmax)]
            public partial class PerStep;
            """);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Contains("Dense.Forward(_lstmOutput, parameters.Slice(", code, StringComparison.Ordinal);
        Assert.Contains(", batch * 6, 4, 2);", code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CMP061", "TimeDistributed wraps a layer it can apply to each step alone (Dense); LSTM is not one", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [TimeDistributed]
        [[|LSTM(4)|]]
        public partial class WrappedLstm;
        """)]
    [InlineData("CMP053", "TimeDistributed 'time_distributed' applies Dense to every step of its input, but its input has shape (None, 8)", """
        [Sequential(Input = 8)]
        [[|TimeDistributed|]]
        [Dense(4)]
        public partial class NoSteps;
        """)]
    [InlineData("CMP060", "[TimeDistributed] wraps the layer attribute that follows it, but no layer attribute follows it", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [Dense(4)]
        [[|TimeDistributed|]]
        public partial class NothingWrapped;
        """)]
    [InlineData("CMP003", "Dense 'dense' units must be positive; got 0", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [TimeDistributed]
        [Dense([|0|])]
        public partial class NoUnits;
        """)]
    public void Reports_the_error_at_the_offending_attribute(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void Onnx_runtime_reproduces_predict_with_one_matmul_over_the_steps()
    {
        var model = new TimeDistributedDenseNet(seed: 2);
        ConvolutionalOnnxTests.Perturb(model, seed: 3);
        const int batch = 3;
        var random = new SeededRandom(4);
        float[] x = Enumerable.Range(0, batch * 12).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] expected = model.Predict(x);
        var onnx = OnnxExport.ToOnnx(model);
        Assert.Contains(onnx.Graph.Node, n => n.Name == "dense/matmul" && n.OpType == "MatMul");
        using var session = new InferenceSession(onnx.ToByteArray());
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, [batch, 4, 3]))]);
        float[] actual = results.Single().AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5, $"output {i} is {actual[i]} in ONNX Runtime, {expected[i]} in Predict");
    }

    [Fact]
    public void Saved_and_loaded_it_predicts_and_trains_identically()
    {
        var model = new TimeDistributedDenseNet(seed: 5);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.5));
        var random = new SeededRandom(6);
        float[] x = Enumerable.Range(0, 2 * 12).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = [1, 0, 0, 1];
        model.TrainOnBatch(x, y);
        SavedModelRoundTrip.Assert(model, x, y);
    }

    [SkippableFact]
    public void H5py_reads_keras_s_configuration_and_the_weights_in_the_wrapper_s_scope()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        var model = new TimeDistributedDenseNet(seed: 5);
        string path = directory.File("time_distributed.h5");
        model.Save(path);
        using JsonDocument dump = H5py.Dump(path);
        JsonNode layers = JsonNode.Parse(dump.RootElement.GetProperty("model_config").GetRawText())!["config"]!["layers"]!;
        JsonNode wrapper = layers[1]!;
        Assert.Equal("TimeDistributed", wrapper["class_name"]!.GetValue<string>());
        Assert.Equal("Dense", wrapper["config"]!["layer"]!["class_name"]!.GetValue<string>());
        Assert.Equal(4, wrapper["config"]!["layer"]!["config"]!["units"]!.GetValue<int>());
        JsonElement root = dump.RootElement;
        Assert.Equal(["time_distributed/kernel:0", "time_distributed/bias:0"],
            root.GetProperty("attributes").GetProperty("model_weights/time_distributed").GetProperty("weight_names").GetProperty("value").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([5, 4], root.GetProperty("datasets").GetProperty("model_weights/time_distributed/time_distributed/kernel:0").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }
}
