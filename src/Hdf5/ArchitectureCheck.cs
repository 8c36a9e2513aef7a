using System.Text.Json;

namespace Compiled.Hdf5;

/// <summary>
/// Compares a file's network with the model class it is loaded into, and names the first difference: a layer of a
/// class no layer kind claims, or one missing, extra, renamed, of another class, or configured otherwise (each
/// layer compares its own configuration: <see cref="LayerInfo.CompareKerasConfig"/>). Keras's <c>InputLayer</c>
/// (which a Functional model lists as a layer) is no layer of a compiled Sequential model and is skipped.
/// </summary>
internal static class ArchitectureCheck
{
    /// <summary>The layer classes <c>model_config</c> (or a <c>.keras</c> file's <c>config.json</c>, named by <paramref name="source"/>) gives by layer name; empty when the file has none.</summary>
    public static Dictionary<string, string> CheckModelConfig(string? json, Model model, Hdf5Values values, string source = KerasLayout.ModelConfigAttribute)
    {
        Dictionary<string, string> classes = [];
        if (json is null) return classes;
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw values.Error($"{source} is not valid JSON ({e.Message}); expected Keras's model configuration."); }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("config", out JsonElement config))
                throw values.Error($"{source} has no 'config'; expected {{\"class_name\": \"Sequential\", \"config\": {{...}}}}.");
            // Keras 2.2 wrote a Sequential's config as the bare list of layers; later versions as {"name", "layers"}.
            JsonElement layers = config.ValueKind == JsonValueKind.Array ? config
                : config.ValueKind == JsonValueKind.Object && config.TryGetProperty("layers", out JsonElement l) && l.ValueKind == JsonValueKind.Array ? l
                : throw values.Error($"{source}'s config has no list of layers; expected {{\"name\": ..., \"layers\": [...]}}.");

            List<(string Class, JsonElement Config, JsonElement Layer)> fileLayers = [];
            foreach (JsonElement layer in layers.EnumerateArray())
            {
                string className = layer.ValueKind == JsonValueKind.Object && layer.TryGetProperty("class_name", out JsonElement c) && c.ValueKind == JsonValueKind.String
                    ? c.GetString()! : throw values.Error($"{source} lists a layer without a class_name; expected {{\"class_name\": ..., \"config\": {{...}}}} per layer.");
                JsonElement layerConfig = layer.TryGetProperty("config", out JsonElement lc) && lc.ValueKind == JsonValueKind.Object
                    ? lc : throw values.Error($"{source}'s {className} layer has no config object; expected {{\"class_name\": ..., \"config\": {{...}}}} per layer.");
                string name = String(layerConfig, "name") ?? throw values.Error($"{source}'s {className} layer has no name; expected a \"name\" string in its config.");
                if (LayerKinds.Refusal(name, className) is string refusal) throw values.Error(refusal + ".");
                classes[name] = className;
                if (!LayerKinds.IsInput(className)) fileLayers.Add((className, layerConfig, layer));
            }

            IReadOnlyList<LayerInfo> expected = LayersOtherThanInputs(model);
            string type = model.GetType().Name;
            // A functional model is a graph: Keras lists its layers by depth, not as the class declares them, so they are
            // matched by name and their connections compared. A Sequential model's order is its graph.
            if (model.InputLayerNames.Count > 0 && fileLayers.All(l => l.Layer.TryGetProperty("inbound_nodes", out _)))
                CompareGraph(fileLayers, expected, type, values, source);
            else
                CompareInOrder(fileLayers, expected, type, values, source);
            CheckInputShape(fileLayers.Count > 0 ? fileLayers[0].Config : default, model, type, values);
        }
        return classes;
    }

    private static void CompareInOrder(List<(string Class, JsonElement Config, JsonElement Layer)> fileLayers, IReadOnlyList<LayerInfo> expected, string type, Hdf5Values values, string source)
    {
        for (int i = 0; i < Math.Max(fileLayers.Count, expected.Count); i++)
        {
            if (i >= fileLayers.Count)
                throw values.Error($"{source} has {fileLayers.Count} layer(s) but {type} expects {expected.Count}: layer {i} '{expected[i].Name}' ({expected[i].KerasClass}) is missing from the file.");
            if (i >= expected.Count)
                throw values.Error($"{source} has {fileLayers.Count} layer(s) but {type} expects {expected.Count}: the file's layer {i} '{String(fileLayers[i].Config, "name")}' ({fileLayers[i].Class}) has no counterpart.");
            CompareLayer($"layer {i}", fileLayers[i].Class, fileLayers[i].Config, expected[i], type, values, source);
        }
    }

    /// <summary>
    /// A functional file's layers against the model's by name, whatever their order: each present, of its class and
    /// configuration, applied to the same layers in the same order (a concatenation's operands, a subtraction's); none extra.
    /// </summary>
    private static void CompareGraph(List<(string Class, JsonElement Config, JsonElement Layer)> fileLayers, IReadOnlyList<LayerInfo> expected, string type, Hdf5Values values, string source)
    {
        Dictionary<string, (string Class, JsonElement Config, JsonElement Layer)> byName = new(StringComparer.Ordinal);
        foreach (var layer in fileLayers) byName[String(layer.Config, "name")!] = layer;
        HashSet<string> expectedNames = new(expected.Select(l => l.Name), StringComparer.Ordinal);
        foreach (var extra in fileLayers.Where(l => !expectedNames.Contains(String(l.Config, "name")!)))
            throw values.Error($"the file's layer '{String(extra.Config, "name")}' ({extra.Class}) has no counterpart in {type}, whose layers are {string.Join(", ", expected.Select(l => $"'{l.Name}'"))}.");
        foreach (LayerInfo layer in expected)
        {
            if (!byName.TryGetValue(layer.Name, out var file))
                throw values.Error($"layer '{layer.Name}' ({layer.KerasClass}) that {type} expects is missing from the file's {source}, whose layers are {string.Join(", ", byName.Keys.Select(n => $"'{n}'"))}.");
            CompareLayer(null, file.Class, file.Config, layer, type, values, source);
            string[] inbound = InboundNames(file.Layer, layer.Name, values, source);
            if (!inbound.SequenceEqual(layer.Inbound, StringComparer.Ordinal))
                throw values.Error($"layer '{layer.Name}' ({layer.KerasClass}): the file applies it to [{string.Join(", ", inbound)}]; {type} applies it to [{string.Join(", ", layer.Inbound)}].");
        }
    }

    /// <summary>
    /// The layers a functional layer's first call reads, from its <c>inbound_nodes</c>: Keras 2's <c>[[["dense", 0, 0, {}], ...]]</c>
    /// (Keras 2.0 without the <c>{}</c>), or Keras 3's <c>[{"args": [...], "kwargs": {...}}]</c>, whose arguments hold
    /// <c>__keras_tensor__</c> objects (a list of them for a merge) naming their layer in <c>keras_history</c>.
    /// </summary>
    private static string[] InboundNames(JsonElement layer, string name, Hdf5Values values, string source)
    {
        JsonElement nodes = layer.GetProperty("inbound_nodes");
        if (nodes.ValueKind != JsonValueKind.Array) throw values.Error($"{source}'s layer '{name}' has inbound_nodes that are not a list; expected [[[\"layer\", 0, 0, {{}}], ...]].");
        if (nodes.GetArrayLength() == 0) return [];
        if (nodes.GetArrayLength() > 1)
            throw values.Error($"{source}'s layer '{name}' is applied {nodes.GetArrayLength()} times (a shared layer); Compiled gives each call weights of its own, so it cannot load shared layers.");
        JsonElement node = nodes[0];
        if (node.ValueKind == JsonValueKind.Object)
        {
            List<string> tensors = [];
            if (node.TryGetProperty("args", out JsonElement arguments)) CollectKerasTensors(arguments, tensors);
            return [.. tensors];
        }
        if (node.ValueKind != JsonValueKind.Array) throw values.Error($"{source}'s layer '{name}' has an inbound node that is not a list; expected [[\"layer\", 0, 0, {{}}], ...].");
        return node.EnumerateArray().Select(entry => entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() >= 1 && entry[0].ValueKind == JsonValueKind.String
            ? entry[0].GetString()!
            : throw values.Error($"{source}'s layer '{name}' has an inbound entry {entry.GetRawText()}; expected [\"layer\", node, tensor, {{}}].")).ToArray();
    }

    /// <summary>The layer names of the Keras 3 tensors in <paramref name="value"/>, in order, however deep in lists they sit.</summary>
    private static void CollectKerasTensors(JsonElement value, List<string> tensors)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray()) CollectKerasTensors(item, tensors);
        }
        else if (value.ValueKind == JsonValueKind.Object && String(value, "class_name") == "__keras_tensor__"
                 && value.TryGetProperty("config", out JsonElement config) && config.ValueKind == JsonValueKind.Object
                 && config.TryGetProperty("keras_history", out JsonElement history) && history.ValueKind == JsonValueKind.Array
                 && history.GetArrayLength() > 0 && history[0].ValueKind == JsonValueKind.String)
        {
            tensors.Add(history[0].GetString()!);
        }
    }

    /// <summary>One layer against the model's: name, class, then configuration; <paramref name="where"/> says which position it came from.</summary>
    private static void CompareLayer(string? where, string fileClass, JsonElement config, LayerInfo expected, string type, Hdf5Values values, string source)
    {
        string name = String(config, "name")!;
        if (name != expected.Name)
            throw values.Error($"{where}: the file's {source} has '{name}' ({fileClass}) where {type} expects '{expected.Name}' ({expected.KerasClass}).");
        string named = where is null ? $"layer '{name}'" : $"{where} '{name}'";
        if (fileClass != expected.KerasClass)
            throw values.Error($"{named}: the file has a {fileClass} layer where {type} expects a {expected.KerasClass}.");
        if (expected.CompareKerasConfig(config, type) is string difference)
            throw values.Error($"{named}: {difference}.");
    }

    /// <summary>The first layer's <c>batch_input_shape</c>, when given, must be the model's input shape after the batch axis.</summary>
    private static void CheckInputShape(JsonElement first, Model model, string type, Hdf5Values values)
    {
        if (first.ValueKind != JsonValueKind.Object || !first.TryGetProperty("batch_input_shape", out JsonElement shape) || shape.ValueKind != JsonValueKind.Array) return;
        JsonElement[] dims = shape.EnumerateArray().Skip(1).ToArray();
        ReadOnlySpan<int> expected = model.InputShape;
        bool same = dims.Length == expected.Length;
        for (int i = 0; same && i < dims.Length; i++)
            same = dims[i].ValueKind == JsonValueKind.Number && dims[i].TryGetInt32(out int d) && d == expected[i];
        if (!same)
            throw values.Error($"the file's input shape is {shape.GetRawText()} (batch axis first); {type} expects {Model.Shape(expected)}.");
    }

    /// <summary>
    /// The file's <c>layer_names</c> against the model's layers: in order for a Sequential model; for a functional model
    /// the same names in any order, since the weights are read by name (Keras's own files list them by depth).
    /// </summary>
    public static void CheckLayerNames(string[] fileNames, Dictionary<string, string> classes, Model model, Hdf5Values values)
    {
        string[] names = fileNames.Where(n => !(classes.TryGetValue(n, out string? c) && LayerKinds.IsInput(c))).ToArray();
        IReadOnlyList<LayerInfo> expected = LayersOtherThanInputs(model);
        string type = model.GetType().Name;
        if (model.InputLayerNames.Count > 0)
        {
            HashSet<string> expectedNames = new(expected.Select(l => l.Name), StringComparer.Ordinal);
            if (names.FirstOrDefault(n => !expectedNames.Contains(n)) is string extra)
                throw values.Error($"the file holds weights for layer '{extra}', which {type} does not have.");
            if (expected.FirstOrDefault(l => !names.Contains(l.Name, StringComparer.Ordinal)) is LayerInfo missing)
                throw values.Error($"layer '{missing.Name}' that {type} expects is missing from model_weights' layer_names.");
            return;
        }
        for (int i = 0; i < Math.Max(names.Length, expected.Count); i++)
        {
            if (i >= names.Length)
                throw values.Error($"the file holds weights for {names.Length} layer(s) but {type} expects {expected.Count}: layer {i} '{expected[i].Name}' is missing from model_weights.");
            if (i >= expected.Count)
                throw values.Error($"the file holds weights for {names.Length} layer(s) but {type} expects {expected.Count}: the file's layer {i} '{names[i]}' has no counterpart.");
            if (names[i] != expected[i].Name)
                throw values.Error($"layer {i}: the file's model_weights has '{names[i]}' where {type} expects '{expected[i].Name}'.");
        }
    }

    /// <summary>The model's layers other than input layers, which the file's side skips too.</summary>
    private static IReadOnlyList<LayerInfo> LayersOtherThanInputs(Model model) => model.Architecture.Where(l => !l.IsInput).ToArray();

    private static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
