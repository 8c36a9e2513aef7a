using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compiled;

/// <summary>
/// Keras 3's form of a layer's configuration (<c>keras/src/saving/serialization_lib.py</c>), derived from the Keras 2
/// one each kind writes: most kinds' entries are the same, and what differs is the envelope Keras 3 puts around every
/// object. <c>dtype</c> becomes a <c>DTypePolicy</c> object, each <c>*_initializer</c> gains <c>module</c> and
/// <c>registered_name</c>, and a wrapped <c>layer</c> becomes a serialized layer. A kind whose own entries differ
/// (recurrent layers, Embedding, Bidirectional) edits the result in its <see cref="LayerInfo.WriteKeras3Config"/>.
/// </summary>
internal static class Keras3Config
{
    /// <summary>The module Keras 3 serializes its built-in layers under.</summary>
    public const string LayersModule = "keras.layers";

    /// <summary>The layer's Keras 3 config: <c>name</c>, <c>trainable</c>, the <c>dtype</c> policy, then its own entries converted.</summary>
    public static JsonObject Of(LayerInfo layer)
    {
        JsonObject own = Keras2Entries(layer);
        JsonObject config = new() { ["name"] = layer.Name, ["trainable"] = true, ["dtype"] = DTypePolicy() };
        foreach ((string key, JsonNode? value) in own.ToArray())
        {
            own.Remove(key);
            config[key] = Convert(key, value);
        }
        return config;
    }

    /// <summary>
    /// <c>{"module": "keras.layers", "class_name", "config", "registered_name": null}</c>: a layer as
    /// <c>serialize_keras_object</c> writes it inside another (a wrapper's <c>layer</c>).
    /// </summary>
    public static JsonObject Serialized(LayerInfo layer, JsonObject config) => new()
    {
        ["module"] = LayersModule,
        ["class_name"] = layer.KerasClass,
        ["config"] = config,
        ["registered_name"] = null,
        ["build_config"] = new JsonObject { ["input_shape"] = BatchShape(layer.InputShape) },
    };

    /// <summary>Writes each entry of <paramref name="config"/> into the open object of <paramref name="writer"/>.</summary>
    public static void WriteEntries(Utf8JsonWriter writer, JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach ((string key, JsonNode? value) in config)
        {
            writer.WritePropertyName(key);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
    }

    /// <summary>Puts <paramref name="key"/> right after <paramref name="after"/> (at the end without it), where Keras 3's get_config writes it.</summary>
    public static void InsertAfter(JsonObject config, string after, string key, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(config);
        KeyValuePair<string, JsonNode?>[] entries = config.ToArray();
        config.Clear();
        bool placed = false;
        foreach ((string name, JsonNode? node) in entries)
        {
            config[name] = node;
            if (name == after) { config[key] = value; placed = true; }
        }
        if (!placed) config[key] = value;
    }

    /// <summary>Keras 3's float32 <c>DTypePolicy</c>, the policy of every layer Compiled computes.</summary>
    public static JsonObject DTypePolicy() => new()
    {
        ["module"] = "keras",
        ["class_name"] = "DTypePolicy",
        ["config"] = new JsonObject { ["name"] = "float32" },
        ["registered_name"] = null,
    };

    /// <summary><c>[null, d1, d2, …]</c>: a sample shape with Keras's unknown batch axis before it.</summary>
    public static JsonArray BatchShape(IReadOnlyList<int> shape)
    {
        JsonArray array = [null];
        foreach (int d in shape) array.Add((JsonNode)JsonValue.Create(d));
        return array;
    }

    /// <summary>The entries the kind writes for Keras 2 (<see cref="LayerInfo.WriteKerasConfig"/>), as a JSON object.</summary>
    private static JsonObject Keras2Entries(LayerInfo layer) => Captured(layer.WriteKerasConfig);

    /// <summary>A layer's whole Keras 3 configuration (<see cref="LayerInfo.WriteKeras3Config"/>), as a JSON object to place or amend.</summary>
    public static JsonObject Keras3Entries(LayerInfo layer) => Captured(layer.WriteKeras3Config);

    /// <summary>The entries <paramref name="write"/> writes into an object, read back as one.</summary>
    private static JsonObject Captured(Action<Utf8JsonWriter> write)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    /// <summary>One entry in Keras 3's form: initializers and wrapped layers in their envelopes; anything else as it is.</summary>
    private static JsonNode? Convert(string key, JsonNode? value)
    {
        if (value is JsonObject entry && entry["class_name"] is JsonValue className && entry["config"] is JsonObject inner)
        {
            entry.Remove("config");
            if (key == "layer")
            {
                // A wrapped layer's Keras 2 config holds name, trainable and the dtype string: Keras 3's takes the policy,
                // and its own initializers take their envelopes.
                foreach ((string innerKey, JsonNode? innerValue) in inner.ToArray())
                {
                    inner.Remove(innerKey);
                    inner[innerKey] = innerKey == "dtype" && innerValue is JsonValue ? DTypePolicy() : Convert(innerKey, innerValue);
                }
                return new JsonObject { ["module"] = LayersModule, ["class_name"] = className.GetValue<string>(), ["config"] = inner, ["registered_name"] = null };
            }
            if (key.EndsWith("_initializer", StringComparison.Ordinal))
                return new JsonObject { ["module"] = "keras.initializers", ["class_name"] = className.GetValue<string>(), ["config"] = inner, ["registered_name"] = null };
            entry["config"] = inner;
        }
        return value;
    }
}
