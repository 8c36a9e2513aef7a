using System.Text.Json;

namespace Compiled;

/// <summary>
/// What <see cref="Conv2DLayer"/> and <see cref="Conv1DLayer"/> share, Keras's <c>Conv</c> base class (channels_last):
/// <c>output = activation(conv(input, kernel) + bias)</c>, a cross-correlation (no kernel flip) of each window of
/// <c>kernel_size</c> taps spaced <c>dilation_rate</c> apart, moved <c>strides</c> positions at a time. Input
/// <c>(spatial…, channels)</c>, output <c>(spatial'…, filters)</c>; weights <c>kernel</c> <c>(kernel_size…, channels,
/// filters)</c> and, with a bias, <c>bias</c> <c>(filters,)</c>, one after the other in <see cref="Model.Parameters"/>.
/// </summary>
public abstract class ConvolutionLayer : LayerInfo
{
    private protected ConvolutionLayer(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, int filters,
        IReadOnlyList<int> kernelSize, IReadOnlyList<int> strides, Padding padding, IReadOnlyList<int> dilationRate,
        Activation activation, bool useBias, int parameterOffset, Initializer? kernelInitializer, Initializer? biasInitializer, int rank)
        : base(name, inputShape, outputShape, VariablesOf(inputShape, outputShape, filters, kernelSize, strides, dilationRate, padding, useBias, parameterOffset, rank))
    {
        (Filters, KernelSize, Strides, Padding, DilationRate) = (filters, kernelSize.ToArray(), strides.ToArray(), padding, dilationRate.ToArray());
        (Activation, UseBias, ParameterOffset, KernelInitializer, BiasInitializer) = (activation, useBias, parameterOffset, kernelInitializer, biasInitializer);
    }

    /// <summary>How many output channels the layer computes, Keras's <c>filters</c>.</summary>
    public int Filters { get; }

    /// <summary>The window's size on each spatial axis, Keras's <c>kernel_size</c>.</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>The step between windows on each spatial axis, Keras's <c>strides</c>.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>Keras's <c>padding</c>: <c>valid</c>, <c>same</c> (the odd zero after the input) or, for Conv1D, <c>causal</c>.</summary>
    public Padding Padding { get; }

    /// <summary>The spacing of the window's taps on each spatial axis, Keras's <c>dilation_rate</c>.</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>The activation applied after the convolution and bias.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias, Keras's <c>use_bias</c>.</summary>
    public bool UseBias { get; }

    /// <summary>The input's channels, its last axis.</summary>
    public int Channels => InputShape[^1];

    /// <summary>Where the kernel starts in <see cref="Model.Parameters"/>, row-major in Keras's layout; the bias follows it.</summary>
    public int ParameterOffset { get; }

    /// <summary>How the kernel was initialized; Keras's <c>kernel_initializer</c>.</summary>
    public Initializer? KernelInitializer { get; }

    /// <summary>How the bias was initialized (Keras's <c>bias_initializer</c>); null without a bias.</summary>
    public Initializer? BiasInitializer { get; }

    /// <summary>The kernel, <c>(kernel_size…, channels, filters)</c>.</summary>
    public LayerVariable Kernel => Variables[0];

    /// <summary>The bias, <c>(filters,)</c>; null without one.</summary>
    public LayerVariable? Bias => UseBias ? Variables[1] : null;

    /// <summary>
    /// The zeros before and after the input on each spatial axis, as TensorFlow pads: none for <c>valid</c>; for
    /// <c>same</c> <c>total = max((out - 1)·stride + (kernel - 1)·dilation + 1 - in, 0)</c>, <c>total / 2</c> before and
    /// the rest (the odd zero) after; for <c>causal</c> <c>(kernel - 1)·dilation</c> before.
    /// </summary>
    internal IReadOnlyList<(int Before, int After)> Pads
        => [.. Enumerable.Range(0, KernelSize.Count).Select(a => KerasWindows.Pad(InputShape[a], OutputShape[a], KernelSize[a], Strides[a], DilationRate[a], Padding))];

    /// <summary>
    /// Writes tf.keras 2.4's <c>Conv.get_config</c> entries: <c>filters</c>, <c>kernel_size</c>, <c>strides</c>,
    /// <c>padding</c>, <c>data_format</c> (<c>channels_last</c>), <c>dilation_rate</c>, <c>groups</c> (1),
    /// <c>activation</c>, <c>use_bias</c>, the initializers, and null regularizers and constraints.
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("filters", Filters);
        writer.WriteIntegers("kernel_size", KernelSize);
        writer.WriteIntegers("strides", Strides);
        writer.WriteString("padding", KerasWindows.PaddingName(Padding));
        writer.WriteString("data_format", "channels_last");
        writer.WriteIntegers("dilation_rate", DilationRate);
        writer.WriteNumber("groups", 1);
        writer.WriteString("activation", KerasJson.ActivationName(Activation));
        writer.WriteBoolean("use_bias", UseBias);
        KerasInitializerConfig.Write(writer, "kernel_initializer", KernelInitializer);
        KerasInitializerConfig.Write(writer, "bias_initializer", BiasInitializer);
        WriteRules(writer, "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint");
    }

    /// <summary>
    /// Compares what determines the computation: the data format (channels_first is refused by name), <c>filters</c>,
    /// <c>kernel_size</c>, <c>strides</c>, <c>padding</c>, <c>dilation_rate</c>, <c>groups</c>, <c>activation</c> and
    /// <c>use_bias</c>; Keras 1's names (<c>nb_filter</c>, <c>border_mode</c>, <c>subsample</c>) are differences.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        string kind = KerasClass;
        if (KerasJson.Keras1Names(config, kind, ("nb_filter", "filters"), ("filter_length", "kernel_size"), ("nb_row", "kernel_size"),
                ("border_mode", "padding"), ("subsample", "strides"), ("subsample_length", "strides"), ("init", "kernel_initializer")) is string keras1)
            return keras1;
        if (KerasJson.ChannelsFirst(config, kind) is string channelsFirst)
            return channelsFirst;
        if (KerasJson.Has(config, "filters", out JsonElement filters) && !KerasJson.IsInteger(filters, Filters))
            return $"the file's {kind} has filters {filters}; {expectedBy} expects {Filters}";
        if (KerasWindows.CompareSizes(config, kind, "kernel_size", KernelSize, expectedBy) is string kernel)
            return kernel;
        if (KerasWindows.CompareSizes(config, kind, "strides", Strides, expectedBy) is string strides)
            return strides;
        if (KerasWindows.ComparePadding(config, kind, Padding, expectedBy) is string padding)
            return padding;
        if (KerasWindows.CompareSizes(config, kind, "dilation_rate", DilationRate, expectedBy) is string dilation)
            return dilation;
        if (KerasJson.Has(config, "groups", out JsonElement groups) && !KerasJson.IsInteger(groups, 1))
            return $"the file's {kind} has groups {groups}; {expectedBy} expects 1";
        string expectedActivation = KerasJson.ActivationName(Activation);
        if (KerasJson.String(config, "activation") is string activation && activation != expectedActivation)
            return $"the file's {kind} has activation '{activation}'; {expectedBy} expects '{expectedActivation}'";
        if (KerasJson.Has(config, "use_bias", out JsonElement bias) && bias.ValueKind is JsonValueKind.True or JsonValueKind.False && bias.GetBoolean() != UseBias)
            return $"the file's {kind} has use_bias {KerasJson.PythonBool(bias.GetBoolean())}; {expectedBy} expects {KerasJson.PythonBool(UseBias)}";
        return CompareRules(config, expectedBy, "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint");
    }

    /// <summary>
    /// ONNX's <c>Conv</c>, which is channels first: a <c>Transpose</c> to <c>(batch, channels, spatial…)</c>, <c>Conv</c>
    /// with the kernel as <c>(filters, channels, kernel_size…)</c>, TensorFlow's pads, strides, dilations and the bias,
    /// a <c>Transpose</c> back to channels last, then the activation.
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        int rank = KernelSize.Count;
        string channelsFirst = graph.AddNode("Transpose", Name + "/to_channels_first", [inputs[0]], OnnxAttribute.FromInts("perm", KerasWindows.ToChannelsFirst(rank)));

        // Keras's (k…, in, out) row-major as ONNX's (out, in, k…).
        ReadOnlySpan<float> kernel = graph.WeightsOf(Kernel);
        int taps = KernelSize.Aggregate(1, (p, k) => p * k);
        float[] weights = new float[kernel.Length];
        for (int t = 0; t < taps; t++)
            for (int c = 0; c < Channels; c++)
                for (int f = 0; f < Filters; f++)
                    weights[(f * Channels + c) * taps + t] = kernel[(t * Channels + c) * Filters + f];
        string kernelName = graph.AddFloatInitializer(Name + "/kernel", weights, [Filters, Channels, .. KernelSize.Select(k => (long)k)]);
        List<string> convolutionInputs = [channelsFirst, kernelName];
        if (Bias is LayerVariable biasVariable)
            convolutionInputs.Add(graph.AddFloatInitializer(Name + "/bias", graph.WeightsOf(biasVariable), Filters));

        IReadOnlyList<(int Before, int After)> pads = Pads;
        string convolution = graph.AddNode("Conv", Name + "/conv", convolutionInputs,
            OnnxAttribute.FromInts("kernel_shape", [.. KernelSize.Select(k => (long)k)]),
            OnnxAttribute.FromInts("strides", [.. Strides.Select(s => (long)s)]),
            OnnxAttribute.FromInts("dilations", [.. DilationRate.Select(d => (long)d)]),
            OnnxAttribute.FromInts("pads", [.. pads.Select(p => (long)p.Before), .. pads.Select(p => (long)p.After)]));
        string output = graph.AddNode("Transpose", Name + "/to_channels_last", [convolution], OnnxAttribute.FromInts("perm", KerasWindows.ToChannelsLast(rank)));
        return Activation == Activation.Linear ? output : ActivationLayer.LowerActivation(graph, Activation, Name, output);
    }

    private static LayerVariable[] VariablesOf(IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, int filters, IReadOnlyList<int> kernelSize,
        IReadOnlyList<int> strides, IReadOnlyList<int> dilationRate, Padding padding, bool useBias, int offset, int rank)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(outputShape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        KerasWindows.CheckWindow(inputShape, outputShape, kernelSize, strides, dilationRate, rank, nameof(kernelSize));
        if (outputShape[rank] != filters)
            throw new ArgumentException($"A convolution's output has filters ({filters}) channels; got {KerasJson.Tuple(outputShape)}.", nameof(outputShape));
        if (padding == Padding.Causal && rank != 1)
            throw new ArgumentException("Padding 'causal' is Conv1D's only.", nameof(padding));
        int channels = inputShape[rank];
        LayerVariable kernel = new("kernel", [.. kernelSize, channels, filters], offset);
        return useBias ? [kernel, new LayerVariable("bias", [filters], offset + kernel.Length)] : [kernel];
    }
}

/// <summary>The sliding-window helpers the convolution and pooling descriptions share.</summary>
internal static class KerasWindows
{
    /// <summary>Keras's name of a padding: <c>valid</c>, <c>same</c>, <c>causal</c>.</summary>
    public static string PaddingName(Padding padding) => padding.ToString().ToLowerInvariant();

    /// <summary>TensorFlow's zeros before and after one axis of <paramref name="input"/> positions giving <paramref name="output"/>.</summary>
    public static (int Before, int After) Pad(int input, int output, int kernel, int stride, int dilation, Padding padding)
    {
        int span = (kernel - 1) * dilation + 1;
        switch (padding)
        {
            case Padding.Same:
                int total = Math.Max((output - 1) * stride + span - input, 0);
                return (total / 2, total - total / 2);
            case Padding.Causal:
                return (span - 1, 0);
            default:
                return (0, 0);
        }
    }

    /// <summary>The <c>Transpose</c> permutation from channels last to channels first: <c>[0, 3, 1, 2]</c> for images.</summary>
    public static long[] ToChannelsFirst(int rank) => [0, rank + 1, .. Enumerable.Range(1, rank).Select(a => (long)a)];

    /// <summary>The <c>Transpose</c> permutation from channels first back to channels last: <c>[0, 2, 3, 1]</c> for images.</summary>
    public static long[] ToChannelsLast(int rank) => [0, .. Enumerable.Range(2, rank).Select(a => (long)a), 1];

    /// <summary>Checks a window's sizes against the spatial rank and the shapes.</summary>
    public static void CheckWindow(IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<int> window,
        IReadOnlyList<int> strides, IReadOnlyList<int> dilation, int rank, string windowName)
    {
        ArgumentNullException.ThrowIfNull(window, windowName);
        ArgumentNullException.ThrowIfNull(strides);
        ArgumentNullException.ThrowIfNull(dilation);
        if (inputShape.Count != rank + 1)
            throw new ArgumentException($"The layer takes (spatial axes: {rank}, channels) per sample; got {KerasJson.Tuple(inputShape)}.", nameof(inputShape));
        if (outputShape.Count != rank + 1)
            throw new ArgumentException($"The layer gives (spatial axes: {rank}, channels) per sample; got {KerasJson.Tuple(outputShape)}.", nameof(outputShape));
        foreach ((IReadOnlyList<int> sizes, string what) in new[] { (window, windowName), (strides, "strides"), (dilation, "dilationRate") })
            if (sizes.Count != rank || sizes.Any(s => s <= 0))
                throw new ArgumentException($"{what} needs {rank} positive value(s); got ({string.Join(", ", sizes)}).", what);
    }

    /// <summary>
    /// Compares a list of window sizes (<c>kernel_size</c>, <c>strides</c>, <c>pool_size</c>, <c>dilation_rate</c>);
    /// one integer stands for every axis, as Keras's arguments allow.
    /// </summary>
    public static string? CompareSizes(JsonElement config, string kerasClass, string entry, IReadOnlyList<int> expected, string expectedBy)
    {
        if (!KerasJson.Has(config, entry, out JsonElement found)) return null;
        int[]? sizes = found.ValueKind == JsonValueKind.Number && found.TryGetInt32(out int one) ? [.. Enumerable.Repeat(one, expected.Count)] : KerasJson.Integers(found);
        return sizes is not null && sizes.SequenceEqual(expected)
            ? null
            : $"the file's {kerasClass} has {entry} {Compact(found)}; {expectedBy} expects {KerasJson.Tuple(expected)}";
    }

    /// <summary>Compares <c>padding</c> (<c>valid</c>, <c>same</c>, <c>causal</c>, any case, as Keras normalises it).</summary>
    public static string? ComparePadding(JsonElement config, string kerasClass, Padding expected, string expectedBy)
    {
        string name = PaddingName(expected);
        return KerasJson.String(config, "padding") is string padding && !string.Equals(padding, name, StringComparison.OrdinalIgnoreCase)
            ? $"the file's {kerasClass} has padding '{padding}'; {expectedBy} expects '{name}'"
            : null;
    }

    /// <summary>A JSON value as one line with a space after each comma: <c>[5, 5]</c>.</summary>
    public static string Compact(JsonElement value)
        => value.ValueKind == JsonValueKind.Array ? "[" + string.Join(", ", value.EnumerateArray().Select(Compact)) + "]" : value.GetRawText();
}
