namespace Compiled.Hdf5;

/// <summary>
/// One weight tensor of a model as a Keras file holds it: a layer's <see cref="LayerVariable"/> (Dense's kernel
/// <c>(inputs, units)</c> or bias <c>(units,)</c>, …) with the layer that owns it, which names it in the file.
/// </summary>
/// <param name="Layer">The layer that owns it.</param>
/// <param name="Variable">The variable: its Keras name, shape, and place in its buffer.</param>
internal sealed record ModelVariable(LayerInfo Layer, LayerVariable Variable)
{
    /// <summary>Keras's variable name: <c>kernel</c>, <c>bias</c>, …</summary>
    public string Name => Variable.Name;

    /// <summary>Its shape, as the HDF5 dataset stores it.</summary>
    public IReadOnlyList<int> Shape => Variable.Shape;

    /// <summary>Its entry in the layer's <c>weight_names</c>, and its path below the layer's group: <c>dense/kernel:0</c>.</summary>
    public string WeightName => $"{Layer.Name}/{Variable.Name}:0";

    /// <summary>An optimizer slot of it in <c>optimizer_weights</c>, as tf.keras 2.4 names it: <c>SGD/dense/kernel/momentum:0</c>.</summary>
    public string SlotName(string optimizer, string slot) => $"{optimizer}/{Layer.Name}/{Variable.Name}/{slot}:0";

    /// <summary>Its shape as Python prints it: <c>(4, 3)</c>, <c>(3,)</c>.</summary>
    public string ShapeText => ShapeToText(Shape);

    /// <summary>A layer's weight tensors in Keras's order (Dense: kernel, then bias). Layers without weights have none.</summary>
    public static IReadOnlyList<ModelVariable> Of(LayerInfo layer) => layer.Variables.Select(v => new ModelVariable(layer, v)).ToArray();

    /// <summary>Every trainable weight tensor of <paramref name="model"/>, layer after layer: what an optimizer keeps slots for.</summary>
    public static IReadOnlyList<ModelVariable> TrainableOf(Model model) => model.Architecture.SelectMany(Of).Where(v => v.Variable.Trainable).ToArray();

    /// <summary>A shape as Python prints a tuple.</summary>
    public static string ShapeToText(IReadOnlyList<int> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    /// <summary>A shape as Python prints a tuple.</summary>
    public static string ShapeToText(IReadOnlyList<ulong> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
