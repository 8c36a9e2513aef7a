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
            foreach (LayerInfo layer in model.Architecture)
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
    /// One layer's <c>{"class_name", "config"}</c>; the first layer of a Sequential carries <c>batch_input_shape</c>,
    /// and in a functional model every layer also names itself and the layers it is applied to.
    /// </summary>
    private static void WriteLayer(Utf8JsonWriter writer, LayerInfo layer, int[]? inputShape, bool functional)
    {
        writer.WriteStartObject();
        writer.WriteString("class_name", layer.KerasClass);
        writer.WriteStartObject("config");
        if (layer.KerasClass == "InputLayer")
        {
            WriteShape(writer, "batch_input_shape", layer.OutputShape);
            writer.WriteString("dtype", "float32");
            writer.WriteBoolean("sparse", false);
            writer.WriteBoolean("ragged", false);
            writer.WriteString("name", layer.Name);
            writer.WriteEndObject();
            WriteConnections(writer, layer);
            writer.WriteEndObject();
            return;
        }
        writer.WriteString("name", layer.Name);
        writer.WriteBoolean("trainable", true);
        if (inputShape is not null) WriteShape(writer, "batch_input_shape", inputShape);
        writer.WriteString("dtype", "float32");
        switch (layer.KerasClass)
        {
            case "Dense":
                writer.WriteNumber("units", layer.Units);
                writer.WriteString("activation", ActivationName(layer.Activation));
                writer.WriteBoolean("use_bias", layer.UseBias);
                InitializerConfig.Write(writer, "kernel_initializer", layer.KernelInitializer);
                InitializerConfig.Write(writer, "bias_initializer", layer.BiasInitializer);
                foreach (string none in (string[])["kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"])
                    writer.WriteNull(none);
                break;
            case "Activation":
                writer.WriteString("activation", ActivationName(layer.Activation));
                break;
            case "ReLU":
                writer.WriteNull("max_value");
                writer.WritePythonFloat("negative_slope", 0.0);
                writer.WritePythonFloat("threshold", 0.0);
                break;
            case "Softmax":
                // The generator allows softmax over the last axis only (CMP015).
                writer.WriteNumber("axis", -1);
                break;
            case "Flatten":
                writer.WriteString("data_format", "channels_last");
                break;
            case "Reshape":
                writer.WriteStartArray("target_shape");
                foreach (int d in layer.OutputShape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                break;
            case "Concatenate":
                writer.WriteNumber("axis", layer.Axis);
                break;
            case "Add" or "Subtract" or "Multiply" or "Average" or "Maximum":
                break;
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' is a {layer.KerasClass}, which this version cannot describe in a Keras model_config.");
        }
        writer.WriteEndObject();
        if (functional) WriteConnections(writer, layer);
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

    /// <summary>Keras's name of an activation: <c>linear</c>, <c>relu</c>, <c>sigmoid</c>, <c>tanh</c>, <c>softmax</c>.</summary>
    public static string ActivationName(Activation activation) => activation.ToString().ToLowerInvariant();
}
