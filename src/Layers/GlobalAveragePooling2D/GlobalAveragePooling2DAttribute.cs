namespace Compiled;

/// <summary>
/// Keras's <c>GlobalAveragePooling2D()</c>, channels_last: the mean of each channel over every position of the image. Input shape
/// <c>(batch, height, width, channels)</c>, output shape <c>(batch, channels)</c>; no weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling2DAttribute : Attribute
{
    /// <summary>The layer's name; Keras's default is <c>global_average_pooling2d</c>, <c>global_average_pooling2d_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
