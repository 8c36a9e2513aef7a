namespace Compiled;

/// <summary>Keras's <c>ReLU</c> layer: <c>f(x) = max(x, 0)</c>; output shape equals input shape.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : Attribute
{
    /// <summary>The layer's name; Keras's default is <c>re_lu</c>, <c>re_lu_1</c>, …</summary>
    public string? Name { get; set; }

    /// <summary>
    /// In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to: <c>nameof</c> an
    /// <see cref="InputAttribute"/> property or another layer's property. Not used in Sequential models.
    /// </summary>
    public string? Input { get; set; }
}
