using Compiled.Onnx;
using Compiled.Tests.Layers;

namespace Compiled.Tests.Onnx;

/// <summary>
/// SimpleRNN networks exported to ONNX (the <c>RNN</c> operator) and run by ONNX Runtime give Predict's outputs within
/// 1e-5: the last step and every step, read forwards and backwards, without a bias, every activation, stacked, input
/// dropout (the identity at inference), and Bidirectional in every merge mode. ONNX Runtime's RNN is an implementation
/// independent of ours, with transposed weights and the sequence time-major.
/// </summary>
public class SimpleRnnOnnxTests
{
    private static readonly Dictionary<string, Func<Model>> s_networks = new()
    {
        ["last_step"] = () => new LastStepSimpleRnnNet(seed: 1),
        ["sequence_flattened"] = () => new SequenceSimpleRnnNet(seed: 2),
        ["backwards_relu"] = () => new BackwardsSimpleRnnNet(seed: 3),
        ["no_bias_sigmoid"] = () => new NoBiasSimpleRnnNet(seed: 4),
        ["stacked_linear_hard_sigmoid"] = () => new StackedSimpleRnnNet(seed: 5),
        ["dropout"] = () => new DropoutSimpleRnnNet(seed: 6),
        ["bidirectional_concat_sequence"] = () => new ConcatSequenceBiSimpleRnnNet(seed: 7),
        ["bidirectional_sum_last_relu"] = () => new SumLastBiSimpleRnnNet(seed: 8),
        ["bidirectional_mul_last"] = () => new MulLastBiSimpleRnnNet(seed: 9),
    };

    public static TheoryData<string> Networks() => new(s_networks.Keys);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Onnx_runtime_reproduces_predict(string name) => RecurrentOnnxTests.AssertOnnxRuntimeReproducesPredict(s_networks[name](), name);

    [Fact]
    public void The_simple_rnn_is_onnxs_rnn_with_the_kernels_transposed_and_the_sequence_time_major()
    {
        var model = new BackwardsSimpleRnnNet(seed: 1);
        var onnx = OnnxExport.ToOnnx(model);
        Assert.Equal(
            ["Transpose", "Slice", "RNN", "Squeeze", "Transpose", "Transpose", "Slice", "RNN", "Gather", "Squeeze", "MatMul", "Add", "Softmax", "Identity"],
            onnx.Graph.Node.Select(n => n.OpType));
        var node = onnx.Graph.Node.First(n => n.OpType == "RNN");
        Assert.Equal(5, node.Attribute.Single(a => a.Name == "hidden_size").I);
        Assert.Equal(["Relu"], node.Attribute.Single(a => a.Name == "activations").Strings.Select(s => s.ToStringUtf8()));
        // The second layer's tanh is ONNX's default: none named.
        Assert.DoesNotContain(onnx.Graph.Node.Where(n => n.OpType == "RNN").Last().Attribute, a => a.Name == "activations");

        // Keras's kernel[f, j] is ONNX's W[0, j, f]; recurrent_kernel[i, j] is R[0, j, i]; B is the bias then zeros.
        var rnn = (SimpleRNNLayer)model.Architecture[0];
        float[] kernel = model.WeightsOf(rnn.Kernel).ToArray(), recurrent = model.WeightsOf(rnn.RecurrentKernel).ToArray(), bias = model.WeightsOf(rnn.Bias!).ToArray();
        var w = onnx.Graph.Initializer.Single(t => t.Name == "simple_rnn/W");
        Assert.Equal([1L, 5, 2], w.Dims);
        for (int f = 0; f < 2; f++)
            for (int j = 0; j < 5; j++)
                Assert.Equal(kernel[f * 5 + j], w.FloatData[j * 2 + f]);
        var r = onnx.Graph.Initializer.Single(t => t.Name == "simple_rnn/R");
        Assert.Equal([1L, 5, 5], r.Dims);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                Assert.Equal(recurrent[i * 5 + j], r.FloatData[j * 5 + i]);
        var b = onnx.Graph.Initializer.Single(t => t.Name == "simple_rnn/B");
        Assert.Equal([1L, 10], b.Dims);
        Assert.Equal(bias, b.FloatData.Take(5));
        Assert.All(b.FloatData.Skip(5), v => Assert.Equal(0f, v));

        var linear = OnnxExport.ToOnnx(new StackedSimpleRnnNet(seed: 1)).Graph.Node.First(n => n.OpType == "RNN");
        Assert.Equal(["Affine"], linear.Attribute.Single(a => a.Name == "activations").Strings.Select(s => s.ToStringUtf8()));
        Assert.Equal([1f], linear.Attribute.Single(a => a.Name == "activation_alpha").Floats);
        Assert.Equal(3, OnnxExport.ToOnnx(new NoBiasSimpleRnnNet(seed: 1)).Graph.Node.Single(n => n.OpType == "RNN").Input.Count);
    }

    [Fact]
    public void A_bidirectional_simple_rnn_read_backwards_is_refused_naming_the_layers()
    {
        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToOnnx(new AveSequenceBiSimpleRnnNet(seed: 1)));
        Assert.Equal("Bidirectional 'bidirectional' wraps SimpleRNN 'simple_rnn' with go_backwards, which ONNX's bidirectional RNN does not express.", error.Message);
    }

    [Fact]
    public void Every_simple_rnn_option_is_exported_by_these_tests()
    {
        SimpleRNNLayer[] layers = s_networks.Values.SelectMany(create => create().Architecture).OfType<SimpleRNNLayer>().ToArray();
        Assert.Contains(layers, l => l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.UseBias);
        Assert.Contains(layers, l => l.Dropout > 0);
        Assert.Empty(new[] { Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear }.Except(layers.Select(l => l.Activation)));
        BidirectionalLayer[] wrappers = s_networks.Values.SelectMany(create => create().Architecture).OfType<BidirectionalLayer>().ToArray();
        Assert.Equal([MergeMode.Concat, MergeMode.Sum, MergeMode.Mul], wrappers.Select(w => w.MergeMode));
    }
}
