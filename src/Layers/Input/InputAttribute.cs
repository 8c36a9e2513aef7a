namespace Compiled;

/// <summary>Keras's <c>Input(shape)</c>: an input node of a <see cref="FunctionalAttribute"/> model.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <param name="shape">One sample's shape without the batch axis: <c>[Input(4)]</c>, <c>[Input(8, 8)]</c>.</param>
    public InputAttribute(params int[] shape) => Shape = shape;

    /// <summary>One sample's shape without the batch axis.</summary>
    public int[] Shape { get; }

    /// <summary>The layer's name; by default the property's name in snake case.</summary>
    public string? Name { get; set; }
}
