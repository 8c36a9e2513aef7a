namespace Compiled;

/// <summary>
/// A GlobalAveragePooling2D layer as the generator saw it, Keras's <c>GlobalAveragePooling2D(data_format='channels_last')</c>:
/// <c>output[c] = mean_{i, j} input[i, j, c]</c>. Input <c>(height, width, channels)</c>, output <c>(channels,)</c>; no weights.
/// </summary>
public sealed class GlobalAveragePooling2DLayer : GlobalPoolingLayer
{
    /// <summary>Keras's class name, <c>GlobalAveragePooling2D</c>.</summary>
    public const string ClassName = "GlobalAveragePooling2D";

    /// <param name="name">Keras's layer name: <c>global_average_pooling2d</c>, <c>global_average_pooling2d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(height, width, channels)</c>.</param>
    public GlobalAveragePooling2DLayer(string name, IReadOnlyList<int> inputShape)
        : base(name, inputShape, rank: 2)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    private protected override bool Maximum => false;
}
