using Compiled.Onnx;
using Compiled.Tests.Layers;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Compiled.Tests.Onnx;

/// <summary>A sequence of LSTMs ending in hard sigmoid, the activation exported as ONNX's HardSigmoid with Keras 2's slope.</summary>
[Sequential(InputShape = new[] { 4, 3 })]
[LSTM(5, ReturnSequences = true)]
[Activation(Activation.HardSigmoid)]
public partial class HardSigmoidSequenceNet;

/// <summary>
/// LSTM networks exported to ONNX and run by ONNX Runtime give Predict's outputs within 1e-5: the last step and every
/// step, read forwards and backwards, without a bias, hard sigmoid and linear gates, sigmoid and relu cells, stacked, and
/// input dropout (the identity at inference). ONNX Runtime's LSTM is an implementation independent of ours, with the
/// gates in another order (i, o, f, c) and the sequence time-major.
/// </summary>
public class RecurrentOnnxTests
{
    private static readonly Dictionary<string, Func<Model>> s_networks = new()
    {
        ["last_step"] = () => new LastStepLstmNet(seed: 1),
        ["sequence"] = () => new SequenceLstmNet(seed: 2),
        ["backwards"] = () => new BackwardsLstmNet(seed: 3),
        ["no_bias_hard_sigmoid_relu"] = () => new NoBiasLstmNet(seed: 4),
        ["stacked_sigmoid_cell_linear_gates"] = () => new StackedLstmNet(seed: 5),
        ["dropout"] = () => new DropoutLstmNet(seed: 6),
        ["hard_sigmoid_activation"] = () => new HardSigmoidSequenceNet(seed: 7),
        ["bidirectional_concat_last"] = () => new ConcatLastBiLstmNet(seed: 8),
        ["bidirectional_concat_sequence"] = () => new ConcatSequenceBiLstmNet(seed: 9),
        ["bidirectional_sum_sequence"] = () => new SumSequenceBiLstmNet(seed: 10),
        ["bidirectional_sum_last"] = () => new SumLastBiLstmNet(seed: 11),
        ["bidirectional_mul_last"] = () => new MulLastBiLstmNet(seed: 12),
        ["bidirectional_mul_sequence"] = () => new MulSequenceBiLstmNet(seed: 13),
        ["bidirectional_ave_last_hard_sigmoid"] = () => new AveLastBiLstmNet(seed: 14),
        ["bidirectional_ave_sequence_stacked"] = () => new AveSequenceBiLstmNet(seed: 15),
        ["bidirectional_functional"] = () => new FunctionalBiLstmNet(seed: 16),
    };

    public static TheoryData<string> Networks() => new(s_networks.Keys);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Onnx_runtime_reproduces_predict(string name) => AssertOnnxRuntimeReproducesPredict(s_networks[name](), name);

    /// <summary>The model, its weights perturbed, exported to ONNX and run by ONNX Runtime on three random samples, gives Predict's outputs within 1e-5.</summary>
    internal static void AssertOnnxRuntimeReproducesPredict(Model model, string name)
    {
        // Away from the initial biases and orthogonal recurrent kernels, which could hide a gate in the wrong place.
        ConvolutionalOnnxTests.Perturb(model, seed: 17);
        int inputSize = model.InputShape.ToArray().Aggregate(1, (p, d) => p * d), outputSize = model.OutputShape.ToArray().Aggregate(1, (p, d) => p * d);
        const int batch = 3;
        var random = new SeededRandom(23);
        float[] x = Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] expected = model.Predict(x);

        using var session = new InferenceSession(OnnxExport.ToOnnx(model).ToByteArray());
        int[] dims = [batch, .. model.InputShape.ToArray()];
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, dims))]);
        DisposableNamedOnnxValue result = results.Single();
        Assert.Equal([batch, .. model.OutputShape.ToArray()], result.AsTensor<float>().Dimensions.ToArray());
        float[] actual = result.AsEnumerable<float>().ToArray();

        Assert.Equal(batch * outputSize, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5, $"{name}: output {i} is {actual[i]} in ONNX Runtime, {expected[i]} in Predict");
    }

    [Fact]
    public void The_lstm_is_onnxs_lstm_with_the_gates_reordered_and_the_sequence_time_major()
    {
        var model = new BackwardsLstmNet(seed: 1);
        var onnx = OnnxExport.ToOnnx(model);
        Assert.Equal(
            ["Transpose", "Slice", "LSTM", "Squeeze", "Transpose", "Transpose", "Slice", "LSTM", "Gather", "Squeeze", "MatMul", "Add", "Softmax", "Identity"],
            onnx.Graph.Node.Select(n => n.OpType));
        var node = onnx.Graph.Node.First(n => n.OpType == "LSTM");
        Assert.Equal(5, node.Attribute.Single(a => a.Name == "hidden_size").I);
        // Keras's default activations are ONNX's: none named.
        Assert.DoesNotContain(node.Attribute, a => a.Name == "activations");

        // Keras's kernel[f, gate·u + j] (gates i, f, c, o) is ONNX's W[0, gate'·u + j, f] (gates i, o, f, c).
        var lstm = (LSTMLayer)model.Architecture[0];
        float[] kernel = model.WeightsOf(lstm.Kernel).ToArray(), bias = model.WeightsOf(lstm.Bias!).ToArray();
        var w = onnx.Graph.Initializer.Single(t => t.Name == "lstm/W");
        Assert.Equal([1L, 20, 2], w.Dims);
        int[] onnxGate = [0, 2, 3, 1];
        for (int f = 0; f < 2; f++)
            for (int gate = 0; gate < 4; gate++)
                for (int j = 0; j < 5; j++)
                    Assert.Equal(kernel[f * 20 + gate * 5 + j], w.FloatData[(onnxGate[gate] * 5 + j) * 2 + f]);
        var b = onnx.Graph.Initializer.Single(t => t.Name == "lstm/B");
        Assert.Equal([1L, 40], b.Dims);
        Assert.Equal(bias[5..10], b.FloatData.Skip(10).Take(5));
        Assert.All(b.FloatData.Skip(20), v => Assert.Equal(0f, v));

        var gates = OnnxExport.ToOnnx(new NoBiasLstmNet(seed: 1)).Graph.Node.Single(n => n.OpType == "LSTM");
        Assert.Equal(["HardSigmoid", "Relu", "Relu"], gates.Attribute.Single(a => a.Name == "activations").Strings.Select(s => s.ToStringUtf8()));
        Assert.Equal(3, gates.Input.Count);
    }

    [Fact]
    public void Every_lstm_option_is_exported_by_these_tests()
    {
        LSTMLayer[] layers = s_networks.Values.SelectMany(create => create().Architecture).OfType<LSTMLayer>().ToArray();
        Assert.Contains(layers, l => l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.UseBias);
        Assert.Contains(layers, l => l.Dropout > 0);
        Activation[] used = layers.SelectMany(l => new[] { l.Activation, l.RecurrentActivation }).Distinct().ToArray();
        Assert.Empty(new[] { Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear }.Except(used));
    }
}
