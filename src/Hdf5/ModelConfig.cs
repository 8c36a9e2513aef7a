using System.Text;
using System.Text.Json;

namespace Compiled.Hdf5;

/// <summary>
/// The root <c>model_config</c> attribute: the JSON Keras writes for the same network, in the layout of the
/// Keras 2 files we read: <c>{"class_name": "Sequential", "config": {"name", "layers"}}</c>, or for a
/// functional model <c>"Functional"</c> with each layer's <c>inbound_nodes</c>, <c>input_layers</c> and <c>output_layers</c>.
/// </summary>
internal static class ModelConfig
{
    public static string ToJson(Model model)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            bool functional = model.InputLayerNames.Count > 0;
            writer.WriteStartObject();
            writer.WriteString("class_name", functional ? "Functional" : "Sequential");
            writer.WriteStartObject("config");
            writer.WriteString("name", model.Name);
            writer.WriteStartArray("layers");
            bool first = true;
            foreach (LayerInfo layer in KerasLayerOrder.Of(model))
            {
                WriteLayer(writer, layer, first && !functional ? model.InputShape.ToArray() : null, functional);
                first = false;
            }
            writer.WriteEndArray();
            if (functional)
            {
                WriteTensorList(writer, "input_layers", model.InputLayerNames);
                WriteTensorList(writer, "output_layers", model.Outputs.Select(o => o.Name).ToArray());
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Keras's <c>[["name", 0, 0], ...]</c>: layer, node index and tensor index of each model input or output.</summary>
    private static void WriteTensorList(Utf8JsonWriter writer, string property, IReadOnlyList<string> names)
    {
        writer.WriteStartArray(property);
        foreach (string name in names)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(name);
            writer.WriteNumberValue(0);
            writer.WriteNumberValue(0);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// One layer's <c>{"class_name", "config"}</c>: the entries every layer has (<c>name</c>, <c>trainable</c>,
    /// <c>dtype</c>, and on a Sequential model's first layer <c>batch_input_shape</c>), then the layer's own
    /// (<see cref="LayerInfo.WriteKerasConfig"/>). An input layer has only its own, then its name. In a functional
    /// model every layer also names itself and the layers it is applied to.
    /// </summary>
    private static void WriteLayer(Utf8JsonWriter writer, LayerInfo layer, int[]? inputShape, bool functional)
    {
        writer.WriteStartObject();
        writer.WriteString("class_name", layer.KerasClass);
        writer.WriteStartObject("config");
        if (layer.IsInput)
        {
            layer.WriteKerasConfig(writer);
            writer.WriteString("name", layer.Name);
        }
        else
        {
            writer.WriteString("name", layer.Name);
            writer.WriteBoolean("trainable", true);
            if (inputShape is not null) WriteShape(writer, "batch_input_shape", inputShape);
            writer.WriteString("dtype", "float32");
            layer.WriteKerasConfig(writer);
        }
        writer.WriteEndObject();
        if (functional || layer.IsInput) WriteConnections(writer, layer);
        writer.WriteEndObject();
    }

    /// <summary>A functional layer's <c>name</c> and <c>inbound_nodes</c>: <c>[[["hidden", 0, 0, {}], ...]]</c>, one call of the layer on its inputs.</summary>
    private static void WriteConnections(Utf8JsonWriter writer, LayerInfo layer)
    {
        writer.WriteString("name", layer.Name);
        writer.WriteStartArray("inbound_nodes");
        if (layer.Inbound.Count > 0)
        {
            writer.WriteStartArray();
            foreach (string inbound in layer.Inbound)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(inbound);
                writer.WriteNumberValue(0);
                writer.WriteNumberValue(0);
                writer.WriteStartObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private static void WriteShape(Utf8JsonWriter writer, string property, IReadOnlyList<int> shape)
    {
        writer.WriteStartArray(property);
        writer.WriteNullValue();
        foreach (int d in shape) writer.WriteNumberValue(d);
        writer.WriteEndArray();
    }
}
