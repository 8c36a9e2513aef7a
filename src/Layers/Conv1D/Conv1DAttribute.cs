namespace Compiled;

/// <summary>
/// Keras's <c>Conv1D(filters, kernel_size, strides=1, padding='valid', dilation_rate=1, activation=None, use_bias=True,
/// kernel_initializer='glorot_uniform', bias_initializer='zeros')</c>, channels_last: a <see cref="Conv2DAttribute"/>
/// over one axis. Input shape <c>(batch, steps, channels)</c>, output shape <c>(batch, out_steps, filters)</c>; kernel
/// <c>(kernel_size, channels, filters)</c>, bias <c>(filters)</c>. <see cref="Padding.Causal"/> pads only before the sequence.
/// </summary>
/// <example><c>[Conv1D(64, 3, Padding = Padding.Causal)]</c> is Keras's <c>Conv1D(64, 3, padding='causal')</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class Conv1DAttribute : KernelLayerAttribute
{
    /// <param name="filters">How many filters, the output's channels; positive.</param>
    /// <param name="kernelSize">The window's length.</param>
    public Conv1DAttribute(int filters, int kernelSize) => (Filters, KernelSize) = (filters, kernelSize);

    /// <summary>How many filters, the output's channels.</summary>
    public int Filters { get; }

    /// <summary>The window's length.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows; default 1.</summary>
    public int Strides { get; set; } = 1;

    /// <summary><see cref="Compiled.Padding.Valid"/> (the default), <see cref="Compiled.Padding.Same"/> or <see cref="Compiled.Padding.Causal"/>.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>The spacing of the window's taps; default 1.</summary>
    public int DilationRate { get; set; } = 1;

    /// <summary>Activation applied to the output; default <see cref="Compiled.Activation.Linear"/>.</summary>
    public Activation Activation { get; set; } = Activation.Linear;

    /// <summary>Whether the layer adds a bias per filter; default <c>true</c>.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initializer of the kernel, as <see cref="DenseAttribute.KernelInitializer"/>; default <c>"glorot_uniform"</c>.</summary>
    public string KernelInitializer { get; set; } = "glorot_uniform";

    /// <summary>Initializer of the bias; default <c>"zeros"</c>.</summary>
    public string BiasInitializer { get; set; } = "zeros";

    /// <summary>The layer's name; Keras's default is <c>conv1d</c>, <c>conv1d_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
