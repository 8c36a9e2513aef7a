namespace Compiled;

/// <summary>
/// A GlobalMaxPooling2D layer as the generator saw it, Keras's <c>GlobalMaxPooling2D(data_format='channels_last')</c>:
/// <c>output[c] = max_{i, j} input[i, j, c]</c>. Input <c>(height, width, channels)</c>, output <c>(channels,)</c>; no weights.
/// </summary>
public sealed class GlobalMaxPooling2DLayer : GlobalPoolingLayer
{
    /// <summary>Keras's class name, <c>GlobalMaxPooling2D</c>.</summary>
    public const string ClassName = "GlobalMaxPooling2D";

    /// <param name="name">Keras's layer name: <c>global_max_pooling2d</c>, <c>global_max_pooling2d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(height, width, channels)</c>.</param>
    public GlobalMaxPooling2DLayer(string name, IReadOnlyList<int> inputShape)
        : base(name, inputShape, rank: 2)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    private protected override bool Maximum => true;
}
