using System.Text.Json;

namespace Compiled;

/// <summary>Writes a metric object as Keras's <c>serialize_keras_object</c> does: class name, then config with <c>name</c> and <c>dtype</c> first.</summary>
internal static class KerasMetricObject
{
    public static void Write(Utf8JsonWriter writer, string kerasClass, string name, Action<Utf8JsonWriter> settings)
    {
        writer.WriteStartObject();
        writer.WriteString("class_name", kerasClass);
        writer.WriteStartObject("config");
        writer.WriteString("name", name);
        writer.WriteString("dtype", "float32");
        settings(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
