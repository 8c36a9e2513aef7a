using Compiled.Onnx;
using Compiled.Tests.Models;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NodeProto = Onnx.NodeProto;

namespace Compiled.Tests.Onnx;

/// <summary>
/// The convolutional kinds exported to ONNX and run by ONNX Runtime give Predict's outputs: convolutions 1-D and 2-D
/// with valid, same and causal padding, strides, dilation and no bias; pooling both ways with valid and same padding;
/// global pooling; zero padding; batch normalization with moving statistics far from their initial values, with and
/// without gamma; dropout at inference. ONNX Runtime's convolutions are an implementation independent of ours.
/// </summary>
public class ConvolutionalOnnxTests
{
    private static readonly Dictionary<string, Func<Model>> s_networks = new()
    {
        // Conv2D valid + relu, MaxPooling2D valid, BatchNormalization (rank 4: fused epsilon), Dropout, Flatten, Dense softmax.
        ["small_conv"] = () => new SmallConvNet(seed: 1),
        // ZeroPadding2D, Conv2D same with strides (2, 1) and a (3, 2) window, Conv2D dilated without bias, AveragePooling2D same, GlobalMaxPooling2D.
        ["padded_image"] = () => new PaddedImageNet(seed: 2),
        // Conv2D 1x1, MaxPooling2D same with a (3, 2) window, BatchNormalization without gamma, Dropout with a seed, GlobalAveragePooling2D.
        ["pooled_image"] = () => new PooledImageNet(seed: 3),
        // Conv1D causal dilated, MaxPooling1D same stride 1, Conv1D same stride 2, BatchNormalization (rank 3: plain epsilon),
        // AveragePooling1D same stride 2, Conv1D valid, AveragePooling1D valid, GlobalAveragePooling1D.
        ["sequence_conv"] = () => new SequenceConvNet(seed: 4),
        // Conv1D strided without bias, MaxPooling1D valid stride 1, Dropout, GlobalMaxPooling1D, Dense softmax.
        ["sequence_pool"] = () => new SequencePoolNet(seed: 5),
    };

    public static TheoryData<string> Networks() => new(s_networks.Keys);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Onnx_runtime_reproduces_predict(string name)
    {
        Model model = s_networks[name]();
        Perturb(model, seed: 17);
        int inputSize = Size(model.InputShape), outputSize = Size(model.OutputShape);
        const int batch = 3;
        var random = new SeededRandom(23);
        float[] x = Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] expected = model.Predict(x);

        using var session = new InferenceSession(OnnxExport.ToOnnx(model).ToByteArray());
        Assert.Equal(-1, session.InputMetadata["input"].Dimensions[0]);
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
    public void Every_convolutional_kind_is_exported_by_these_tests()
    {
        string[] exported = s_networks.Values.SelectMany(create => create().Architecture).Select(l => l.KerasClass).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] kinds = [Conv2DLayer.ClassName, Conv1DLayer.ClassName, MaxPooling2DLayer.ClassName, AveragePooling2DLayer.ClassName, MaxPooling1DLayer.ClassName,
            AveragePooling1DLayer.ClassName, GlobalAveragePooling2DLayer.ClassName, GlobalMaxPooling2DLayer.ClassName, GlobalAveragePooling1DLayer.ClassName,
            GlobalMaxPooling1DLayer.ClassName, ZeroPadding2DLayer.ClassName, BatchNormalizationLayer.ClassName, DropoutLayer.ClassName];
        Assert.Empty(kinds.Except(exported));
    }

    [Fact]
    public void The_graph_uses_standard_operators_with_tensorflow_padding_and_onnx_kernel_layout()
    {
        var model = new PaddedImageNet(seed: 1);
        var onnx = OnnxExport.ToOnnx(model);
        Assert.Equal(
            ["Pad", "Transpose", "Conv", "Transpose", "Tanh", "Transpose", "Conv", "Transpose", "Transpose", "AveragePool", "Transpose", "ReduceMax", "MatMul", "Add", "Identity"],
            onnx.Graph.Node.Select(n => n.OpType));
        Assert.Equal(13, onnx.OpsetImport.Single().Version);

        // ZeroPadding2D(1, 2, 0, 1) on NHWC: begins (0, top, left, 0), then ends (0, bottom, right, 0).
        Assert.Equal([0L, 1, 0, 0, 0, 2, 1, 0], onnx.Graph.Initializer.Single(t => t.Name == "zero_padding2d/pads").Int64Data);
        // Conv2D(5, (3, 2), strides (2, 1), same) on 12 x 8: 'same' pads 1 row (the odd one after) and 1 column (after).
        NodeProto conv = onnx.Graph.Node.Single(n => n.Name == "conv2d/conv");
        Assert.Equal([3L, 2], conv.Attribute.Single(a => a.Name == "kernel_shape").Ints);
        Assert.Equal([2L, 1], conv.Attribute.Single(a => a.Name == "strides").Ints);
        Assert.Equal([0L, 0, 1, 1], conv.Attribute.Single(a => a.Name == "pads").Ints);
        Assert.Equal([5L, 2, 3, 2], onnx.Graph.Initializer.Single(t => t.Name == "conv2d/kernel").Dims);
        // Keras's kernel[u, v, c, f] is ONNX's W[f, c, u, v].
        var keras = (Conv2DLayer)model.Architecture.Single(l => l.Name == "conv2d");
        float[] kernel = model.WeightsOf(keras.Kernel).ToArray();
        var weights = onnx.Graph.Initializer.Single(t => t.Name == "conv2d/kernel").FloatData;
        Assert.Equal(kernel[((2 * 2 + 1) * 2 + 1) * 5 + 4], weights[((4 * 2 + 1) * 3 + 2) * 2 + 1]);
        // The dilated convolution has no bias input.
        NodeProto dilated = onnx.Graph.Node.Single(n => n.Name == "conv2d_1/conv");
        Assert.Equal(2, dilated.Input.Count);
        Assert.Equal([2L, 2], dilated.Attribute.Single(a => a.Name == "dilations").Ints);
        NodeProto average = onnx.Graph.Node.Single(n => n.Name == "average_pooling2d/average_pool");
        Assert.Equal(0, average.Attribute.Single(a => a.Name == "count_include_pad").I);
    }

    [Fact]
    public void Batch_normalization_is_exported_as_scale_and_shift_from_the_moving_statistics()
    {
        var model = new SmallConvNet(seed: 1);
        var norm = (BatchNormalizationLayer)model.Architecture.Single(l => l is BatchNormalizationLayer);
        model.WeightsOf(norm.Gamma!).Fill(2f);
        model.WeightsOf(norm.Beta!).Fill(0.5f);
        model.WeightsOf(norm.MovingMean).Fill(1f);
        model.WeightsOf(norm.MovingVariance).Fill(3f);
        var onnx = OnnxExport.ToOnnx(model);

        // gamma / sqrt(variance + epsilon); Keras's 1e-3 is above the fused kernel's minimum, so it stays.
        float scale = (float)(2 / Math.Sqrt(3 + (double)0.001f));
        Assert.All(onnx.Graph.Initializer.Single(t => t.Name == "batch_normalization/scale_factor").FloatData, s => Assert.Equal(scale, s, 6));
        Assert.All(onnx.Graph.Initializer.Single(t => t.Name == "batch_normalization/shift_term").FloatData, s => Assert.Equal(0.5f - scale, s, 6));
        Assert.Contains(onnx.Graph.Node, n => n.Name == "dropout/identity" && n.OpType == "Identity");
    }

    /// <summary>
    /// Moves every weight and statistic away from its initial value (gamma 1, beta 0, mean 0, variance 1 would hide a
    /// lowering that ignores them): parameters by a Gaussian step, moving means anywhere, moving variances in [0.25, 2.25).
    /// </summary>
    internal static void Perturb(Model model, int seed)
    {
        var random = new SeededRandom((ulong)seed);
        Span<float> parameters = model.Parameters;
        for (int i = 0; i < parameters.Length; i++) parameters[i] += 0.3f * (float)random.NextGaussian();
        foreach (BatchNormalizationLayer norm in model.Architecture.OfType<BatchNormalizationLayer>())
        {
            Span<float> mean = model.WeightsOf(norm.MovingMean), variance = model.WeightsOf(norm.MovingVariance);
            for (int c = 0; c < mean.Length; c++)
            {
                mean[c] = 0.5f * (float)random.NextGaussian();
                variance[c] = 0.25f + 2f * (float)random.NextDouble();
            }
        }
    }

    private static int Size(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }
}
