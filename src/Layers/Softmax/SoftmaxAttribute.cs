namespace Compiled;

/// <summary>Keras's <c>Softmax</c> layer: <c>f(x) = exp(x) / sum(exp(x))</c> along an axis; output shape equals input shape.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class SoftmaxAttribute : Attribute
{
    /// <summary>The axis softmax normalises over, counted with the batch axis as 0 or from the end when negative; only the last axis (-1, the default) is supported.</summary>
    public int Axis { get; set; } = -1;

    /// <summary>The layer's name; Keras's default is <c>softmax</c>, <c>softmax_1</c>, …</summary>
    public string? Name { get; set; }

    /// <summary>
    /// In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to: <c>nameof</c> an
    /// <see cref="InputAttribute"/> property or another layer's property. Not used in Sequential models.
    /// </summary>
    public string? Input { get; set; }
}
