namespace Compiled;

/// <summary>Keras's <c>Flatten</c>: one sample's values as a single axis, <c>(batch, d1, d2, ...)</c> to <c>(batch, d1·d2·...)</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute
{
    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node flattened (<c>nameof</c> its property).</summary>
    public string? Input { get; set; }

    /// <summary>The layer's name; Keras's default is <c>flatten</c>, <c>flatten_1</c>, … (in functional models, the property's name).</summary>
    public string? Name { get; set; }
}
