namespace Compiled;

/// <summary>
/// A GlobalMaxPooling1D layer as the generator saw it, Keras's <c>GlobalMaxPooling1D(data_format='channels_last')</c>:
/// <c>output[c] = max_t input[t, c]</c>. Input <c>(steps, channels)</c>, output <c>(channels,)</c>; no weights.
/// </summary>
public sealed class GlobalMaxPooling1DLayer : GlobalPoolingLayer
{
    /// <summary>Keras's class name, <c>GlobalMaxPooling1D</c>.</summary>
    public const string ClassName = "GlobalMaxPooling1D";

    /// <param name="name">Keras's layer name: <c>global_max_pooling1d</c>, <c>global_max_pooling1d_1</c>, …</param>
    /// <param name="inputShape">One sample's input, <c>(steps, channels)</c>.</param>
    public GlobalMaxPooling1DLayer(string name, IReadOnlyList<int> inputShape)
        : base(name, inputShape, rank: 1)
    {
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <inheritdoc/>
    private protected override bool Maximum => true;
}
