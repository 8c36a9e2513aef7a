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

    /// <summary>
    /// Its entry in the layer's <c>weight_names</c>, and its path below the layer's group: <c>dense/kernel:0</c>, or with the
    /// variable's scope <c>lstm/lstm_cell/kernel:0</c>.
    /// </summary>
    public string WeightName => $"{Path}:0";

    /// <summary>Its name without the <c>:0</c>: <c>dense/kernel</c>, <c>lstm/lstm_cell/kernel</c>.</summary>
    public string Path => Variable.Scope is string scope ? $"{Layer.Name}/{scope}/{Variable.Name}" : $"{Layer.Name}/{Variable.Name}";

    /// <summary>An optimizer slot of it in <c>optimizer_weights</c>, as tf.keras 2.4 names it: <c>SGD/dense/kernel/momentum:0</c>.</summary>
    public string SlotName(string optimizer, string slot) => $"{optimizer}/{Path}/{slot}:0";

    /// <summary>
    /// Whether <paramref name="name"/> (from a file's <c>optimizer_weights</c>, with or without <c>:0</c>) is this variable's
    /// slot <paramref name="slot"/>: <c>…/dense/kernel/momentum</c>. A scoped variable's scope may be any one name, since
    /// tf.keras numbers its cells in creation order (<c>…/encoder/lstm_cell_3/kernel/momentum</c>).
    /// </summary>
    public bool IsSlot(string name, string slot)
    {
        string path = name.EndsWith(":0", StringComparison.Ordinal) ? name[..^2] : name;
        string tail = $"/{Variable.Name}/{slot}";
        if (!path.EndsWith(tail, StringComparison.Ordinal)) return false;
        string owner = path[..^tail.Length];
        // A scope of several names (a Bidirectional's forward_lstm/lstm_cell) drops as many.
        for (int parts = Variable.Scope?.Count(c => c == '/') + 1 ?? 0; parts > 0; parts--)
        {
            int cut = owner.LastIndexOf('/');
            if (cut < 0) return false;
            owner = owner[..cut];
        }
        return owner == Layer.Name || owner.EndsWith("/" + Layer.Name, StringComparison.Ordinal);
    }

    /// <summary>Its shape as Python prints it: <c>(4, 3)</c>, <c>(3,)</c>.</summary>
    public string ShapeText => ShapeToText(Shape);

    /// <summary>A layer's weight tensors in Keras's order (Dense: kernel, then bias). Layers without weights have none.</summary>
    public static IReadOnlyList<ModelVariable> Of(LayerInfo layer) => layer.Variables.Select(v => new ModelVariable(layer, v)).ToArray();

    /// <summary>
    /// Every trainable weight tensor of <paramref name="model"/>, layer after layer in Keras's order (<see cref="KerasLayerOrder"/>):
    /// what an optimizer keeps slots for, in the order Keras lists them in <c>optimizer_weights</c>.
    /// </summary>
    public static IReadOnlyList<ModelVariable> TrainableOf(Model model) => KerasLayerOrder.Of(model).SelectMany(Of).Where(v => v.Variable.Trainable).ToArray();

    /// <summary>A shape as Python prints a tuple.</summary>
    public static string ShapeToText(IReadOnlyList<int> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    /// <summary>A shape as Python prints a tuple.</summary>
    public static string ShapeToText(IReadOnlyList<ulong> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
