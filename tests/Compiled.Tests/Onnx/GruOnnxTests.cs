using Compiled.Onnx;
using Compiled.Tests.Layers;

namespace Compiled.Tests.Onnx;

/// <summary>
/// GRU networks exported to ONNX and run by ONNX Runtime give Predict's outputs within 1e-5: both forms of the reset gate
/// (ONNX's <c>linear_before_reset</c> 1 and 0), the last step and every step, read forwards and backwards, without a bias,
/// every activation, stacked, input dropout, and Bidirectional GRUs in every merge mode. ONNX Runtime's GRU is an
/// implementation independent of ours, with the sequence time-major.
/// </summary>
public class GruOnnxTests
{
    private static readonly Dictionary<string, Func<Model>> s_networks = new()
    {
        ["last_step"] = () => new LastStepGruNet(seed: 1),
        ["sequence"] = () => new SequenceGruNet(seed: 2),
        ["backwards"] = () => new BackwardsGruNet(seed: 3),
        ["reset_before"] = () => new ResetBeforeGruNet(seed: 4),
        ["no_bias_hard_sigmoid_relu"] = () => new HardSigmoidGruNet(seed: 5),
        ["stacked_every_activation"] = () => new StackedGruNet(seed: 6),
        ["dropout"] = () => new DropoutGruNet(seed: 7),
        ["bidirectional_concat_last"] = () => new ConcatLastBiGruNet(seed: 8),
        ["bidirectional_concat_sequence_reset_before"] = () => new ConcatSequenceBiGruNet(seed: 9),
        ["bidirectional_sum_sequence"] = () => new SumSequenceBiGruNet(seed: 10),
        ["bidirectional_ave_last_reset_before"] = () => new AveLastBiGruNet(seed: 11),
        ["bidirectional_mul_last"] = () => new MulLastBiGruNet(seed: 12),
    };

    public static TheoryData<string> Networks() => new(s_networks.Keys);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Onnx_runtime_reproduces_predict(string name) => RecurrentOnnxTests.AssertOnnxRuntimeReproducesPredict(s_networks[name](), name);

    [Fact]
    public void The_gru_is_onnxs_gru_with_the_kernels_transposed_and_both_biases()
    {
        var model = new BackwardsGruNet(seed: 1);
        ConvolutionalOnnxTests.Perturb(model, seed: 2);
        var onnx = OnnxExport.ToOnnx(model);
        Assert.Equal(
            ["Transpose", "Slice", "GRU", "Squeeze", "Transpose", "Transpose", "Slice", "GRU", "Gather", "Squeeze", "MatMul", "Add", "Softmax", "Identity"],
            onnx.Graph.Node.Select(n => n.OpType));
        var node = onnx.Graph.Node.First(n => n.OpType == "GRU");
        Assert.Equal(5, node.Attribute.Single(a => a.Name == "hidden_size").I);
        Assert.Equal(1, node.Attribute.Single(a => a.Name == "linear_before_reset").I);
        // Keras's default activations are ONNX's: none named.
        Assert.DoesNotContain(node.Attribute, a => a.Name == "activations");

        // Keras's kernel[f, gate·u + j] (gates z, r, h, as ONNX orders them) is ONNX's W[0, gate·u + j, f].
        var gru = (GRULayer)model.Architecture[0];
        float[] kernel = model.WeightsOf(gru.Kernel).ToArray(), bias = model.WeightsOf(gru.Bias!).ToArray();
        var w = onnx.Graph.Initializer.Single(t => t.Name == "gru/W");
        Assert.Equal([1L, 15, 2], w.Dims);
        for (int f = 0; f < 2; f++)
            for (int k = 0; k < 15; k++)
                Assert.Equal(kernel[f * 15 + k], w.FloatData[k * 2 + f]);
        // B is [Wb, Rb]: Keras's (2, 3·units) bias row by row.
        var b = onnx.Graph.Initializer.Single(t => t.Name == "gru/B");
        Assert.Equal([1L, 30], b.Dims);
        Assert.Equal(bias, b.FloatData);

        var before = OnnxExport.ToOnnx(new HardSigmoidGruNet(seed: 1)).Graph;
        var (first, second) = (before.Node.First(n => n.OpType == "GRU"), before.Node.Last(n => n.OpType == "GRU"));
        Assert.Equal(["HardSigmoid", "Relu"], first.Attribute.Single(a => a.Name == "activations").Strings.Select(s => s.ToStringUtf8()));
        Assert.Equal(3, first.Input.Count);
        Assert.Equal(0, second.Attribute.Single(a => a.Name == "linear_before_reset").I);
        // Keras 2.2's one bias is ONNX's Wb; its Rb is zeros.
        var secondBias = before.Initializer.Single(t => t.Name == "gru_1/B");
        Assert.Equal([1L, 36], secondBias.Dims);
        Assert.All(secondBias.FloatData.Skip(18), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_bidirectional_gru_is_one_bidirectional_gru_node()
    {
        var onnx = OnnxExport.ToOnnx(new SumSequenceBiGruNet(seed: 1));
        var node = onnx.Graph.Node.Single(n => n.OpType == "GRU");
        Assert.Equal("bidirectional", node.Attribute.Single(a => a.Name == "direction").S.ToStringUtf8());
        Assert.Equal([2L, 27, 3], onnx.Graph.Initializer.Single(t => t.Name == "bidirectional/W").Dims);
        Assert.Equal([2L, 54], onnx.Graph.Initializer.Single(t => t.Name == "bidirectional/B").Dims);
    }

    [Fact]
    public void Every_gru_option_is_exported_by_these_tests()
    {
        Model[] models = [.. s_networks.Values.Select(create => create())];
        GRULayer[] layers = [.. models.SelectMany(m => m.Architecture).OfType<GRULayer>()];
        foreach (bool resetAfter in (bool[])[true, false])
        {
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.GoBackwards);
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.ReturnSequences);
        }
        Assert.Contains(layers, l => !l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.UseBias);
        Assert.Contains(layers, l => l.Dropout > 0);
        Activation[] used = layers.SelectMany(l => new[] { l.Activation, l.RecurrentActivation }).Distinct().ToArray();
        Assert.Empty(new[] { Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear }.Except(used));
        BidirectionalLayer[] wrappers = [.. models.SelectMany(m => m.Architecture).OfType<BidirectionalLayer>()];
        Assert.Equal(Enum.GetValues<MergeMode>().Order(), wrappers.Select(w => w.MergeMode).Distinct().Order());
    }
}
