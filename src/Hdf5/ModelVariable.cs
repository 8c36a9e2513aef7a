namespace Compiled.Hdf5;

/// <summary>
/// One weight tensor of a model as Keras names and shapes it: a Dense layer's kernel <c>(inputs, units)</c> or
/// bias <c>(units,)</c>, with where it lives in <see cref="Model.Parameters"/>.
/// </summary>
/// <param name="Layer">The layer that owns it.</param>
/// <param name="Variable">Keras's variable name: <c>kernel</c> or <c>bias</c>.</param>
/// <param name="Shape">Its shape, as the HDF5 dataset stores it.</param>
/// <param name="Offset">Where it starts in the parameter buffer.</param>
/// <param name="Length">How many values it holds.</param>
internal sealed record ModelVariable(LayerInfo Layer, string Variable, int[] Shape, int Offset, int Length)
{
    /// <summary>Its entry in the layer's <c>weight_names</c>, and its path below the layer's group: <c>dense/kernel:0</c>.</summary>
    public string WeightName => $"{Layer.Name}/{Variable}:0";

    /// <summary>Its momentum slot in <c>optimizer_weights</c>, as tf.keras 2.4 names it: <c>SGD/dense/kernel/momentum:0</c>.</summary>
    public string MomentumSlotName(string optimizer) => $"{optimizer}/{Layer.Name}/{Variable}/{KerasLayout.MomentumSlot}";

    /// <summary>Its shape as Python prints it: <c>(4, 3)</c>, <c>(3,)</c>.</summary>
    public string ShapeText => ShapeToText(Shape);

    /// <summary>A layer's weight tensors in Keras's order: kernel, then bias. Layers without weights have none.</summary>
    public static IReadOnlyList<ModelVariable> Of(LayerInfo layer)
    {
        if (layer.KerasClass != "Dense") return [];
        int kernelLength = layer.Inputs * layer.Units;
        ModelVariable kernel = new(layer, "kernel", [layer.Inputs, layer.Units], layer.ParameterOffset, kernelLength);
        return layer.UseBias
            ? [kernel, new ModelVariable(layer, "bias", [layer.Units], layer.ParameterOffset + kernelLength, layer.Units)]
            : [kernel];
    }

    /// <summary>Every weight tensor of <paramref name="model"/>, layer after layer.</summary>
    public static IReadOnlyList<ModelVariable> AllOf(Model model) => model.Architecture.SelectMany(Of).ToArray();

    /// <summary>A shape as Python prints a tuple.</summary>
    public static string ShapeToText(IReadOnlyList<int> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    /// <summary>A shape as Python prints a tuple.</summary>
    public static string ShapeToText(IReadOnlyList<ulong> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
