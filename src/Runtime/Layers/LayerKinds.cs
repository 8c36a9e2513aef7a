namespace Compiled;

/// <summary>
/// The layer kinds the runtime knows, by Keras class name: one entry per description type (a
/// <see cref="LayerInfo"/> subclass under <c>src/Layers</c>). A Keras file's <c>class_name</c> that none claims is
/// refused as not supported, rather than reported as a mismatch with the model's layer.
/// </summary>
internal static class LayerKinds
{
    /// <summary>Every Keras class name a runtime description claims, in registration order.</summary>
    public static IReadOnlyList<string> KerasClasses { get; } =
    [
        InputLayer.ClassName,
        DenseLayer.ClassName,
        ActivationLayer.ClassName,
        ReLULayer.ClassName,
        SoftmaxLayer.ClassName,
        FlattenLayer.ClassName,
        ReshapeLayer.ClassName,
        .. MergeLayer.ClassNames,
        ConcatenateLayer.ClassName,
        Conv2DLayer.ClassName,
        Conv1DLayer.ClassName,
        MaxPooling2DLayer.ClassName,
        AveragePooling2DLayer.ClassName,
        MaxPooling1DLayer.ClassName,
        AveragePooling1DLayer.ClassName,
        GlobalAveragePooling2DLayer.ClassName,
        GlobalMaxPooling2DLayer.ClassName,
        GlobalAveragePooling1DLayer.ClassName,
        GlobalMaxPooling1DLayer.ClassName,
        ZeroPadding2DLayer.ClassName,
        BatchNormalizationLayer.ClassName,
        DropoutLayer.ClassName,
        LSTMLayer.ClassName,
        EmbeddingLayer.ClassName,
        RepeatVectorLayer.ClassName,
        BidirectionalLayer.ClassName,
        GRULayer.ClassName,
        SimpleRNNLayer.ClassName,
        MaskingLayer.ClassName,
        TimeDistributedLayer.ClassName,
    ];

    private static readonly HashSet<string> s_known = new(KerasClasses, StringComparer.Ordinal);

    /// <summary>Keras 1's layer classes that Keras 2 renamed or replaced, with what replaced them (null: removed).</summary>
    private static readonly Dictionary<string, string?> s_keras1 = new(StringComparer.Ordinal)
    {
        ["Merge"] = "Add, Subtract, Multiply, Average, Maximum or Concatenate",
        ["Convolution1D"] = "Conv1D",
        ["Convolution2D"] = "Conv2D",
        ["Convolution3D"] = "Conv3D",
        ["AtrousConvolution1D"] = "Conv1D with dilation_rate",
        ["AtrousConvolution2D"] = "Conv2D with dilation_rate",
        ["Deconvolution2D"] = "Conv2DTranspose",
        ["MaxoutDense"] = null,
        ["Highway"] = null,
        ["TimeDistributedDense"] = "TimeDistributed(Dense)",
    };

    /// <summary>Whether a description claims <paramref name="kerasClass"/>.</summary>
    public static bool IsKnown(string kerasClass) => s_known.Contains(kerasClass);

    /// <summary>Whether <paramref name="kerasClass"/> is Keras's model input (<c>InputLayer</c>), which holds nothing to compare.</summary>
    public static bool IsInput(string kerasClass) => kerasClass == InputLayer.ClassName;

    /// <summary>
    /// Why a file's layer of class <paramref name="kerasClass"/> cannot be loaded (a class no kind claims, or
    /// Keras 1's name for one), or null when a kind claims it.
    /// </summary>
    public static string? Refusal(string layerName, string kerasClass)
    {
        if (IsKnown(kerasClass)) return null;
        if (!s_keras1.TryGetValue(kerasClass, out string? keras2))
            return $"the file's layer '{layerName}' has class {kerasClass}, a layer kind Compiled does not support; expected one of {string.Join(", ", KerasClasses)}";
        string replaced = keras2 is null ? "that Keras 2 removed" : $"that Keras 2 replaced with {keras2}";
        return $"the file's layer '{layerName}' is a {kerasClass}, Keras 1's layer {replaced}; Compiled expects Keras 2 files";
    }
}
