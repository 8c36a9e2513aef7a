using System.Text.Json;

namespace Compiled.Hdf5;

/// <summary>
/// What a <c>.keras</c> file's <c>config.json</c> says beyond what <see cref="ArchitectureCheck"/> compares layer by layer
/// (which reads the entries Keras 2 and 3 share): each <c>InputLayer</c>'s <c>batch_shape</c> against the model's inputs,
/// and each layer's dtype policy, which must be float32, the only one Compiled computes in.
/// </summary>
internal static class Keras3ArchitectureCheck
{
    public static void Check(JsonElement root, Model model, Hdf5Values values)
    {
        string type = model.GetType().Name;
        // ArchitectureCheck has refused a config without its list of layers; Keras 2.2's bare list is no Keras 3 form.
        if (!root.TryGetProperty("config", out JsonElement modelConfig) || modelConfig.ValueKind != JsonValueKind.Object
            || !modelConfig.TryGetProperty("layers", out JsonElement layers) || layers.ValueKind != JsonValueKind.Array)
            throw values.Error($"{KerasArchiveLayout.ConfigMember} has no config.layers list; expected Keras 3's serialized model, {{\"class_name\": ..., \"config\": {{\"layers\": [...]}}}}.");
        Dictionary<string, LayerInfo> inputs = model.Architecture.Where(l => l.IsInput).ToDictionary(l => l.Name);
        foreach (JsonElement layer in layers.EnumerateArray())
        {
            string className = layer.GetProperty("class_name").GetString()!;
            JsonElement config = layer.GetProperty("config");
            string name = config.GetProperty("name").GetString()!;
            if (LayerKinds.IsInput(className))
            {
                if (!config.TryGetProperty("batch_shape", out JsonElement shape)) continue;
                // A Sequential model's input layer has no counterpart in a compiled Sequential model, whose input shape it gives.
                IReadOnlyList<int> expected = inputs.TryGetValue(name, out LayerInfo? input) ? input.OutputShape
                    : inputs.Count == 0 ? model.InputShape.ToArray()
                    : throw values.Error($"{KerasArchiveLayout.ConfigMember}'s InputLayer '{name}' is not one of {type}'s inputs [{string.Join(", ", inputs.Keys)}].");
                if (!SameBatchShape(shape, expected))
                    throw values.Error($"{KerasArchiveLayout.ConfigMember}'s InputLayer '{name}' has batch_shape {shape.GetRawText()} (batch axis first); {type} expects {Model.Shape(expected.ToArray())}.");
            }
            CheckDType(config, name, values);
        }
    }

    /// <summary>The layer's dtype, a Keras 3 policy object or a name, and any wrapped layer's, must be float32.</summary>
    private static void CheckDType(JsonElement config, string name, Hdf5Values values)
    {
        if (config.TryGetProperty("dtype", out JsonElement dtype))
        {
            string? policy = dtype.ValueKind switch
            {
                JsonValueKind.String => dtype.GetString(),
                JsonValueKind.Object when dtype.TryGetProperty("config", out JsonElement c) && c.ValueKind == JsonValueKind.Object
                    && c.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String => n.GetString(),
                JsonValueKind.Null => "float32",
                _ => dtype.GetRawText(),
            };
            if (policy != "float32")
                throw values.Error($"{KerasArchiveLayout.ConfigMember}'s layer '{name}' has dtype policy '{policy}'; Compiled computes in float32 and reads float32 layers only.");
        }
        foreach (string wrapped in (string[])["layer", "backward_layer"])
        {
            if (config.TryGetProperty(wrapped, out JsonElement inner) && inner.ValueKind == JsonValueKind.Object
                && inner.TryGetProperty("config", out JsonElement innerConfig) && innerConfig.ValueKind == JsonValueKind.Object)
                CheckDType(innerConfig, $"{name}/{wrapped}", values);
        }
    }

    private static bool SameBatchShape(JsonElement shape, IReadOnlyList<int> expected)
    {
        if (shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() != expected.Count + 1) return false;
        int i = -1;
        foreach (JsonElement d in shape.EnumerateArray())
        {
            bool same = i < 0 ? d.ValueKind is JsonValueKind.Null or JsonValueKind.Number : d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out int v) && v == expected[i];
            if (!same) return false;
            i++;
        }
        return true;
    }
}
