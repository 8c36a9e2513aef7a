namespace Compiled;

/// <summary>
/// Keras's <c>AveragePooling2D(pool_size=(2, 2), strides=None, padding='valid')</c>, channels_last: the mean of each window of
/// <c>pool_size</c>, moved by <c>strides</c> (by default the pool size). Input shape <c>(batch, height, width, channels)</c>, output <c>(batch, out_height, out_width, channels)</c>; no weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling2DAttribute : Attribute
{
    /// <param name="poolSize">The window's height and width, or one value for both; none means 2.</param>
    public AveragePooling2DAttribute(params int[] poolSize) => PoolSize = poolSize;

    /// <summary>The window's height and width (one value: both; none: 2).</summary>
    public int[] PoolSize { get; }

    /// <summary>The steps between windows, vertical and horizontal, or one value for both; by default the pool size.</summary>
    public int[]? Strides { get; set; }

    /// <summary><see cref="Compiled.Padding.Valid"/> (the default) or <see cref="Compiled.Padding.Same"/>, where windows at the edges cover fewer values.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>The layer's name; Keras's default is <c>average_pooling2d</c>, <c>average_pooling2d_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
