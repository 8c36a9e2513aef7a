namespace Compiled;

/// <summary>Keras's <c>Activation</c> layer: applies an activation function; output shape equals input shape.</summary>
/// <example><c>[Activation(Activation.Sigmoid)]</c> is Keras's <c>Activation('sigmoid')</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute : Attribute
{
    /// <param name="function">The activation function.</param>
    public ActivationAttribute(Activation function) => Function = function;

    /// <summary>The activation function.</summary>
    public Activation Function { get; }

    /// <summary>The layer's name; Keras's default is <c>activation</c>, <c>activation_1</c>, …</summary>
    public string? Name { get; set; }

    /// <summary>
    /// In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to: <c>nameof</c> an
    /// <see cref="InputAttribute"/> property or another layer's property. Not used in Sequential models.
    /// </summary>
    public string? Input { get; set; }
}
