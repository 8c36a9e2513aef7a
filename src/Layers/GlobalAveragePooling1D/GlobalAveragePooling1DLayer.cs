namespace Compiled;

/// <summary>
/// A GlobalAveragePooling1D layer as the generator saw it, Keras's <c>GlobalAveragePooling1D(data_format='channels_last')</c>:
/// <c>output[c] = mean_t input[t, c]</c>. Input <c>(steps, channels)</c>, output <c>(channels,)</c>; no weights.
/// </summary>
public sealed class GlobalAveragePooling1DLayer : GlobalPoolingLayer
{
    /// <summary>Keras's class name, <c>GlobalAveragePooling1D</c>.</summary>
    public const string ClassName = "GlobalAveragePooling1D";

    /// <param name="name">Keras's layer name: <c>global_average_pooling1d</c>, <c>global_average_pooling1d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(steps, channels)</c>.</param>
    public GlobalAveragePooling1DLayer(string name, IReadOnlyList<int> inputShape)
        : base(name, inputShape, rank: 1)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    private protected override bool Maximum => false;
}
