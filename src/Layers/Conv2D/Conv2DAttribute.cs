namespace Compiled;

/// <summary>
/// Keras's <c>Conv2D(filters, kernel_size, strides=(1, 1), padding='valid', dilation_rate=(1, 1), activation=None,
/// use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros')</c>, channels_last:
/// <c>output[b, i, j, f] = activation(bias[f] + Σ_{y, x, c} input[b, i·sh + y·dh - pad_top, j·sw + x·dw - pad_left, c] · kernel[y, x, c, f])</c>,
/// a cross-correlation. Input shape <c>(batch, height, width, channels)</c>, output shape
/// <c>(batch, out_height, out_width, filters)</c>; kernel <c>(kernel_height, kernel_width, channels, filters)</c>, bias <c>(filters)</c>.
/// </summary>
/// <example><c>[Conv2D(32, 3, Activation = Activation.Relu)]</c> is Keras's <c>Conv2D(32, (3, 3), activation='relu')</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : KernelLayerAttribute
{
    /// <param name="filters">How many filters, the output's channels; positive.</param>
    /// <param name="kernelSize">The window's height and width, or one value for both.</param>
    public Conv2DAttribute(int filters, params int[] kernelSize) => (Filters, KernelSize) = (filters, kernelSize);

    /// <summary>How many filters, the output's channels.</summary>
    public int Filters { get; }

    /// <summary>The window's height and width (one value: both).</summary>
    public int[] KernelSize { get; }

    /// <summary>The steps between windows, vertical and horizontal, or one value for both; default 1.</summary>
    public int[] Strides { get; set; } = [1];

    /// <summary><see cref="Compiled.Padding.Valid"/> (the default) or <see cref="Compiled.Padding.Same"/>.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>The spacing of the window's taps, vertical and horizontal, or one value for both; default 1.</summary>
    public int[] DilationRate { get; set; } = [1];

    /// <summary>Activation applied to the output; default <see cref="Compiled.Activation.Linear"/>.</summary>
    public Activation Activation { get; set; } = Activation.Linear;

    /// <summary>Whether the layer adds a bias per filter; default <c>true</c>.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initializer of the kernel, as <see cref="DenseAttribute.KernelInitializer"/>; default <c>"glorot_uniform"</c>.</summary>
    public string KernelInitializer { get; set; } = "glorot_uniform";

    /// <summary>Initializer of the bias; default <c>"zeros"</c>.</summary>
    public string BiasInitializer { get; set; } = "zeros";

    /// <summary>The layer's name; Keras's default is <c>conv2d</c>, <c>conv2d_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
