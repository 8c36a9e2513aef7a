using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// One step of the lowered network: a Dense product or an activation. A Dense layer with an activation
/// lowers to two steps; every step owns an output buffer and a gradient buffer of the same size.
/// </summary>
/// <param name="Layer">The layer the step comes from.</param>
/// <param name="IsDense">Whether this is the layer's Dense product (else an activation).</param>
/// <param name="Function">The activation applied, for activation steps.</param>
/// <param name="Buffer">The output buffer's field name; the gradient's is this plus <c>Gradient</c>.</param>
internal sealed record Operation(LayerSpec Layer, bool IsDense, ActivationKind Function, string Buffer)
{
    public string Gradient => Buffer + "Gradient";

    /// <summary>Values per sample in the output.</summary>
    public int SampleSize => Shapes.Size(Layer.OutputShape);

    /// <summary>Rows of the last axis per sample: 1 for flat samples.</summary>
    public int RowsPerSample => Shapes.RowsPerSample(Layer.OutputShape);

    /// <summary>The last axis' width.</summary>
    public int Width => Layer.OutputShape[Layer.OutputShape.Count - 1];
}
