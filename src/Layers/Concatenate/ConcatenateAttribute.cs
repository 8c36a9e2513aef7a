namespace Compiled;

/// <summary>Keras's <c>Concatenate(axis)</c>: its inputs joined along one axis; they must agree on every other axis.</summary>
/// <param name="inputs">Two or more nodes.</param>
public sealed class ConcatenateAttribute(params string[] inputs) : MergeAttribute(inputs)
{
    /// <summary>The axis joined along, counted with the batch axis as 0 or from the end when negative; default -1, the last.</summary>
    public int Axis { get; set; } = -1;
}
