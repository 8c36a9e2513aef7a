namespace Compiled;

/// <summary>Keras's <c>Reshape(target_shape)</c>: the same values under a new per-sample shape of the same size.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ReshapeAttribute : Attribute
{
    /// <param name="targetShape">The new shape without the batch axis; one dimension may be -1, inferred from the size.</param>
    public ReshapeAttribute(params int[] targetShape) => TargetShape = targetShape;

    /// <summary>The new shape without the batch axis.</summary>
    public int[] TargetShape { get; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node reshaped (<c>nameof</c> its property).</summary>
    public string? Input { get; set; }

    /// <summary>The layer's name; Keras's default is <c>reshape</c>, <c>reshape_1</c>, … (in functional models, the property's name).</summary>
    public string? Name { get; set; }
}
