namespace Compiled;

/// <summary>
/// Keras's <c>AveragePooling1D(pool_size=2, strides=None, padding='valid')</c>, channels_last: the mean of each window of
/// <c>pool_size</c>, moved by <c>strides</c> (by default the pool size). Input shape <c>(batch, steps, channels)</c>, output <c>(batch, out_steps, channels)</c>; no weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling1DAttribute : Attribute
{
    /// <param name="poolSize">The window's length; default 2.</param>
    public AveragePooling1DAttribute(int poolSize = 2) => PoolSize = poolSize;

    /// <summary>The window's length.</summary>
    public int PoolSize { get; }

    /// <summary>The step between windows; 0 (the default) means the pool size.</summary>
    public int Strides { get; set; }

    /// <summary><see cref="Compiled.Padding.Valid"/> (the default) or <see cref="Compiled.Padding.Same"/>, where windows at the edges cover fewer values.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>The layer's name; Keras's default is <c>average_pooling1d</c>, <c>average_pooling1d_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
