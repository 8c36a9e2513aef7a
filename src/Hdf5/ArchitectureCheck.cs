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

            List<(string Class, JsonElement Config)> fileLayers = [];
            foreach (JsonElement layer in layers.EnumerateArray())
            {
                string className = layer.ValueKind == JsonValueKind.Object && layer.TryGetProperty("class_name", out JsonElement c) && c.ValueKind == JsonValueKind.String
                    ? c.GetString()! : throw values.Error($"{source} lists a layer without a class_name; expected {{\"class_name\": ..., \"config\": {{...}}}} per layer.");
                JsonElement layerConfig = layer.TryGetProperty("config", out JsonElement lc) && lc.ValueKind == JsonValueKind.Object
                    ? lc : throw values.Error($"{source}'s {className} layer has no config object; expected {{\"class_name\": ..., \"config\": {{...}}}} per layer.");
                string name = String(layerConfig, "name") ?? throw values.Error($"{source}'s {className} layer has no name; expected a \"name\" string in its config.");
                if (LayerKinds.Refusal(name, className) is string refusal) throw values.Error(refusal + ".");
                classes[name] = className;
                if (!LayerKinds.IsInput(className)) fileLayers.Add((className, layerConfig));
            }

            IReadOnlyList<LayerInfo> expected = LayersOtherThanInputs(model);
            string type = model.GetType().Name;
            for (int i = 0; i < Math.Max(fileLayers.Count, expected.Count); i++)
            {
                if (i >= fileLayers.Count)
                    throw values.Error($"{source} has {fileLayers.Count} layer(s) but {type} expects {expected.Count}: layer {i} '{expected[i].Name}' ({expected[i].KerasClass}) is missing from the file.");
                if (i >= expected.Count)
                    throw values.Error($"{source} has {fileLayers.Count} layer(s) but {type} expects {expected.Count}: the file's layer {i} '{String(fileLayers[i].Config, "name")}' ({fileLayers[i].Class}) has no counterpart.");
                CompareLayer(i, fileLayers[i].Class, fileLayers[i].Config, expected[i], type, values, source);
            }
            CheckInputShape(fileLayers.Count > 0 ? fileLayers[0].Config : default, model, type, values);
        }
        return classes;
    }

    private static void CompareLayer(int index, string fileClass, JsonElement config, LayerInfo expected, string type, Hdf5Values values, string source)
    {
        string name = String(config, "name")!;
        string where = $"layer {index}";
        if (name != expected.Name)
            throw values.Error($"{where}: the file's {source} has '{name}' ({fileClass}) where {type} expects '{expected.Name}' ({expected.KerasClass}).");
        if (fileClass != expected.KerasClass)
            throw values.Error($"{where} '{name}': the file has a {fileClass} layer where {type} expects a {expected.KerasClass}.");
        if (expected.CompareKerasConfig(config, type) is string difference)
            throw values.Error($"{where} '{name}': {difference}.");
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

    /// <summary>The file's <c>layer_names</c> against the model's layers, in order.</summary>
    public static void CheckLayerNames(string[] fileNames, Dictionary<string, string> classes, Model model, Hdf5Values values)
    {
        string[] names = fileNames.Where(n => !(classes.TryGetValue(n, out string? c) && LayerKinds.IsInput(c))).ToArray();
        IReadOnlyList<LayerInfo> expected = LayersOtherThanInputs(model);
        string type = model.GetType().Name;
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
