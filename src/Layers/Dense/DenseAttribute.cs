namespace Compiled;

/// <summary>
/// Keras's <c>Dense</c>: <c>output = activation(dot(input, kernel) + bias)</c> on the last axis.
/// Input shape <c>(batch, ..., input_dim)</c>, output shape <c>(batch, ..., units)</c>,
/// <c>input_dim · units + units</c> parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : KernelLayerAttribute
{
    /// <param name="units">Dimensionality of the output space; positive.</param>
    public DenseAttribute(int units) => Units = units;

    /// <summary>Dimensionality of the output space.</summary>
    public int Units { get; }

    /// <summary>Activation applied to the output; default <see cref="Compiled.Activation.Linear"/>.</summary>
    public Activation Activation { get; set; } = Activation.Linear;

    /// <summary>Whether the layer adds a bias vector; default <c>true</c>.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>
    /// Initializer of the kernel: a Keras name (<c>"glorot_uniform"</c>, the default, <c>"he_normal"</c>, …)
    /// or <c>nameof</c> a static field or property of the model class holding an <see cref="Initializer"/>.
    /// </summary>
    public string KernelInitializer { get; set; } = "glorot_uniform";

    /// <summary>Initializer of the bias, as <see cref="KernelInitializer"/>; default <c>"zeros"</c>.</summary>
    public string BiasInitializer { get; set; } = "zeros";

    /// <summary>The layer's name; Keras's default is <c>dense</c>, <c>dense_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to: <c>nameof</c> an
    /// <see cref="InputAttribute"/> property or another layer's property. Not used in Sequential models.
    /// </summary>
    public string? Input { get; set; }
}
