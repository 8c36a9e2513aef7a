namespace Compiled;

/// <summary>
/// Keras's <c>GlobalAveragePooling1D()</c>, channels_last: the mean of each channel over every step. Input shape
/// <c>(batch, steps, channels)</c>, output shape <c>(batch, channels)</c>; no weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling1DAttribute : Attribute
{
    /// <summary>The layer's name; Keras's default is <c>global_average_pooling1d</c>, <c>global_average_pooling1d_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
