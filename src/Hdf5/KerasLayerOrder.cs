namespace Compiled.Hdf5;

/// <summary>
/// The order of a model's layers in Keras's <c>model.layers</c>, which is the order of a saved file's <c>model_config</c>
/// layers and <c>layer_names</c>, and by which Keras loads <c>model_weights</c> and the optimizer's slots: by position.
/// A Sequential model's layers are in the order they were added, as declared. A functional model's are rebuilt from the
/// graph as tf.keras 2's <c>_map_graph_network</c> does: a depth-first walk from each output in order, through each
/// layer's inputs in order, numbers the layers as it first meets them; each layer's depth is its longest path to an
/// output; the layers come deepest first (the inputs' side), and by that numbering within a depth. Declaration order
/// plays no part, so a shortcut declared before the branch it skips still lands where Keras puts it.
/// </summary>
internal static class KerasLayerOrder
{
    public static IReadOnlyList<LayerInfo> Of(Model model)
    {
        IReadOnlyList<LayerInfo> layers = model.Architecture;
        if (model.InputLayerNames.Count == 0) return layers;
        Dictionary<string, LayerInfo> byName = layers.ToDictionary(l => l.Name, StringComparer.Ordinal);

        // Keras's traversal: numbering in first visit (pre-order), nodes listed when finished (post-order).
        Dictionary<string, int> visitIndex = new(StringComparer.Ordinal);
        List<LayerInfo> finished = [];
        HashSet<string> done = new(StringComparer.Ordinal);
        foreach (ModelOutput output in model.Outputs) Visit(byName[output.Name]);

        // Reversed post-order meets every layer before the layers it reads, so its depth is final when its inputs are raised.
        Dictionary<string, int> depth = new(StringComparer.Ordinal);
        for (int i = finished.Count - 1; i >= 0; i--)
        {
            LayerInfo layer = finished[i];
            int own = depth.GetValueOrDefault(layer.Name);
            depth[layer.Name] = own;
            foreach (string inbound in layer.Inbound)
                depth[inbound] = Math.Max(own + 1, depth.GetValueOrDefault(inbound));
        }
        return finished.OrderByDescending(l => depth[l.Name]).ThenBy(l => visitIndex[l.Name]).ToArray();

        void Visit(LayerInfo layer)
        {
            if (done.Contains(layer.Name)) return;
            visitIndex.TryAdd(layer.Name, visitIndex.Count);
            foreach (string inbound in layer.Inbound) Visit(byName[inbound]);
            done.Add(layer.Name);
            finished.Add(layer);
        }
    }
}
