namespace Compiled;

/// <summary>
/// One layer of a compiled model as the generator saw it: what exporters (ONNX, Keras files) need to
/// rebuild the network elsewhere. The model's own passes never read it.
/// </summary>
/// <param name="Name">Keras's layer name: <c>dense</c>, <c>dense_1</c>, <c>re_lu</c>, …</param>
/// <param name="KerasClass">Keras's class name: <c>Dense</c>, <c>ReLU</c>, <c>Softmax</c>, <c>Activation</c>.</param>
/// <param name="Activation">Dense's activation, or the function an activation layer applies.</param>
/// <param name="Units">Dense's output width; 0 for activation layers.</param>
/// <param name="UseBias">Whether Dense has a bias.</param>
/// <param name="ParameterOffset">Where the layer's parameters start in <see cref="Model.Parameters"/>: the kernel <c>(inputs, units)</c> row-major, then the bias.</param>
/// <param name="ParameterCount">How many parameters the layer has.</param>
/// <param name="InputShape">One sample's input shape, without the batch axis.</param>
/// <param name="OutputShape">One sample's output shape, without the batch axis.</param>
public sealed record LayerInfo(
    string Name,
    string KerasClass,
    Activation Activation,
    int Units,
    bool UseBias,
    int ParameterOffset,
    int ParameterCount,
    IReadOnlyList<int> InputShape,
    IReadOnlyList<int> OutputShape)
{
    /// <summary>The width of the input's last axis, which Dense reduces over.</summary>
    public int Inputs => InputShape[^1];

    /// <summary>How Dense's kernel was initialized; null for layers without weights.</summary>
    public Initializer? KernelInitializer { get; init; }

    /// <summary>How Dense's bias was initialized; null for layers without a bias.</summary>
    public Initializer? BiasInitializer { get; init; }

    /// <summary>The layers whose outputs this layer takes, in order; empty for input layers and for a Sequential model's first layer.</summary>
    public IReadOnlyList<string> Inbound { get; init; } = [];

    /// <summary>Concatenate's axis, counted with the batch axis as 0; -1 for other layers.</summary>
    public int Axis { get; init; } = -1;
}
