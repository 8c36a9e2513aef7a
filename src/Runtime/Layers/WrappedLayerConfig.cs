using System.Text.Json;

namespace Compiled;

/// <summary>
/// The <c>layer</c> entry of a Keras wrapper's configuration (<c>Bidirectional</c>, <c>TimeDistributed</c>): the wrapped
/// layer's <c>{"class_name", "config"}</c>, its config holding its name, <c>trainable</c>, <c>dtype</c> and its own entries.
/// </summary>
internal static class WrappedLayerConfig
{
    /// <summary>Writes <c>"layer": {"class_name": ..., "config": {...}}</c>.</summary>
    public static void Write(Utf8JsonWriter writer, LayerInfo layer)
    {
        writer.WriteStartObject("layer");
        writer.WriteString("class_name", layer.KerasClass);
        writer.WriteStartObject("config");
        writer.WriteString("name", layer.Name);
        writer.WriteBoolean("trainable", true);
        writer.WriteString("dtype", "float32");
        layer.WriteKerasConfig(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The first difference between the file's wrapped layer and <paramref name="layer"/>: its class, then its configuration
    /// as that layer compares it (prefixed <c>in Bidirectional 'name', </c>); null when they agree or the file leaves it out.
    /// </summary>
    public static string? Compare(JsonElement config, LayerInfo wrapper, LayerInfo layer, string expectedBy)
    {
        string kind = wrapper.KerasClass;
        // A file that leaves the wrapped layer out agrees, as for every entry left out.
        if (!KerasJson.Has(config, "layer", out JsonElement entry)) return null;
        if (entry.ValueKind != JsonValueKind.Object)
            return $"the file's {kind} wraps {entry.GetRawText()}; {expectedBy} expects {layer.KerasClass}";
        string? fileClass = entry.TryGetProperty("class_name", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (fileClass != layer.KerasClass)
            return $"the file's {kind} wraps {fileClass ?? "nothing"}; {expectedBy} expects {layer.KerasClass}";
        if (!entry.TryGetProperty("config", out JsonElement wrapped) || wrapped.ValueKind != JsonValueKind.Object)
            return $"the file's {kind}'s {layer.KerasClass} has no config; {expectedBy} expects one";
        return layer.CompareKerasConfig(wrapped, expectedBy) is string difference ? $"in {kind} '{wrapper.Name}', {difference}" : null;
    }
}
