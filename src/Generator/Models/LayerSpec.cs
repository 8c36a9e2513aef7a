namespace Compiled.Generator.Models;

/// <summary>What a layer attribute declares.</summary>
internal enum LayerKind
{
    /// <summary><c>[Dense]</c>: kernel, optional bias, optional activation.</summary>
    Dense,
    /// <summary><c>[ReLU]</c>, <c>[Softmax]</c> or <c>[Activation]</c>: a weightless activation.</summary>
    Activation,
    /// <summary><c>[Input]</c>: an input node of a functional model.</summary>
    Input,
    /// <summary><c>[Add]</c>, <c>[Subtract]</c>, <c>[Multiply]</c>, <c>[Average]</c>, <c>[Maximum]</c>: element-wise merges.</summary>
    Merge,
    /// <summary><c>[Concatenate]</c>: inputs joined along an axis.</summary>
    Concatenate,
    /// <summary><c>[Flatten]</c> or <c>[Reshape]</c>: the same values under another shape.</summary>
    Reshape,
}

/// <summary>One layer of a model, with its shapes already inferred.</summary>
/// <param name="Kind">Dense or activation.</param>
/// <param name="KerasClass">Keras's class name: <c>Dense</c>, <c>ReLU</c>, <c>Softmax</c>, <c>Activation</c>.</param>
/// <param name="Name">Keras's layer name: <c>dense</c>, <c>dense_1</c>, <c>re_lu</c>, or the one given.</param>
/// <param name="MemberName">The C# identifier derived from <see cref="Name"/>: <c>Dense1</c>, <c>ReLu</c>.</param>
/// <param name="InputShape">Per-sample input shape, without the batch axis.</param>
/// <param name="OutputShape">Per-sample output shape, without the batch axis.</param>
/// <param name="Activation">Dense's activation argument, or the function of an activation layer.</param>
/// <param name="Units">Dense's output width (0 for activation layers).</param>
/// <param name="UseBias">Whether Dense has a bias.</param>
/// <param name="KernelInitializer">Dense's kernel initializer.</param>
/// <param name="BiasInitializer">Dense's bias initializer.</param>
/// <param name="ParameterOffset">Where the layer's parameters start in the model's buffer.</param>
/// <param name="ParameterCount">How many parameters the layer has.</param>
internal sealed record LayerSpec(
    LayerKind Kind,
    string KerasClass,
    string Name,
    string MemberName,
    EquatableArray<int> InputShape,
    EquatableArray<int> OutputShape,
    ActivationKind Activation,
    int Units,
    bool UseBias,
    InitializerSpec? KernelInitializer,
    InitializerSpec? BiasInitializer,
    int ParameterOffset,
    int ParameterCount)
{
    /// <summary>
    /// The layers this one is applied to, as indices into the model's layers in order; empty for input
    /// layers, and for a Sequential model's first layer, which reads the model's input.
    /// </summary>
    public EquatableArray<int> Inputs { get; init; } = EquatableArray<int>.Empty;

    /// <summary>Concatenate's axis within one sample's shape (the batch axis excluded).</summary>
    public int Axis { get; init; }

    /// <summary>In a functional model, the partial property the generator implements for this node.</summary>
    public NodeProperty? Property { get; init; }

    /// <summary>The width of the last axis of the input, which Dense reduces over.</summary>
    public int InputFeatures => InputShape[InputShape.Count - 1];

    /// <summary>The stem of the layer's buffer fields (<c>_dense1</c> for <c>Dense1</c>): the emitter appends <c>Output</c>, <c>Activation</c> and <c>Gradient</c>.</summary>
    public string BufferStem => BufferStemOf(MemberName);

    /// <summary>The buffer field stem of a layer whose C# member name is <paramref name="memberName"/>.</summary>
    public static string BufferStemOf(string memberName) => "_" + char.ToLowerInvariant(memberName[0]) + memberName.Substring(1);
}
