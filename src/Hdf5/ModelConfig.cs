using System.Text;
using System.Text.Json;

namespace Compiled.Hdf5;

/// <summary>
/// The root <c>model_config</c> attribute: the JSON Keras writes for the same Sequential network, in the
/// layout of the Keras 2 files we read (<c>{"class_name": "Sequential", "config": {"name", "layers"}}</c>).
/// </summary>
internal static class ModelConfig
{
    public static string ToJson(Model model)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("class_name", "Sequential");
            writer.WriteStartObject("config");
            writer.WriteString("name", model.Name);
            writer.WriteStartArray("layers");
            bool first = true;
            foreach (LayerInfo layer in model.Architecture)
            {
                WriteLayer(writer, layer, first ? model.InputShape.ToArray() : null);
                first = false;
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One layer's <c>{"class_name", "config"}</c>; the first layer of a Sequential carries <c>batch_input_shape</c>.</summary>
    private static void WriteLayer(Utf8JsonWriter writer, LayerInfo layer, int[]? inputShape)
    {
        writer.WriteStartObject();
        writer.WriteString("class_name", layer.KerasClass);
        writer.WriteStartObject("config");
        writer.WriteString("name", layer.Name);
        writer.WriteBoolean("trainable", true);
        if (inputShape is not null)
        {
            writer.WriteStartArray("batch_input_shape");
            writer.WriteNullValue();
            foreach (int d in inputShape) writer.WriteNumberValue(d);
            writer.WriteEndArray();
        }
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
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' is a {layer.KerasClass}, which this version cannot describe in a Keras model_config.");
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Keras's name of an activation: <c>linear</c>, <c>relu</c>, <c>sigmoid</c>, <c>tanh</c>, <c>softmax</c>.</summary>
    public static string ActivationName(Activation activation) => activation.ToString().ToLowerInvariant();
}
