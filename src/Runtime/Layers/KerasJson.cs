using System.Globalization;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// Writes and reads Keras configuration JSON the way Python's <c>json.dumps</c> writes it, for the layer
/// descriptions' <see cref="LayerInfo.WriteKerasConfig"/> and <see cref="LayerInfo.CompareKerasConfig"/>, the
/// optimizers' settings and the HDF5 writer.
/// </summary>
internal static class KerasJson
{
    /// <summary>
    /// A float as Python writes it: always with a fraction or an exponent (<c>1.0</c>, not <c>1</c>), so that
    /// Keras reads back a float where it wrote one; the shortest text that round-trips the double.
    /// </summary>
    public static void WritePythonFloat(this Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.WritePythonFloatValue(value);
    }

    /// <summary>A float array element as Python writes it.</summary>
    public static void WritePythonFloatValue(this Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), $"JSON has no {value}; a saved configuration needs finite numbers.");
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        writer.WriteRawValue(text.Replace("E", "e"));
    }

    /// <summary>An optional integer, <c>null</c> when absent (Keras's <c>seed=None</c>).</summary>
    public static void WriteNullableNumber(this Utf8JsonWriter writer, string name, int? value)
    {
        if (value is int v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    /// <summary>A list of integers, such as Reshape's <c>target_shape</c>.</summary>
    public static void WriteIntegers(this Utf8JsonWriter writer, string name, IEnumerable<int> values)
    {
        writer.WriteStartArray(name);
        foreach (int value in values) writer.WriteNumberValue(value);
        writer.WriteEndArray();
    }

    /// <summary>Keras's name of an activation: <c>linear</c>, <c>relu</c>, <c>sigmoid</c>, <c>tanh</c>, <c>softmax</c>, <c>hard_sigmoid</c>.</summary>
    public static string ActivationName(Activation activation) => activation == Activation.HardSigmoid ? "hard_sigmoid" : activation.ToString().ToLowerInvariant();

    /// <summary>A Python boolean as Keras's messages print it.</summary>
    public static string PythonBool(bool value) => value ? "True" : "False";

    /// <summary>A string entry of a configuration, or null when it is absent or not a string.</summary>
    public static string? String(JsonElement config, string name)
        => config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An entry of a configuration, when present (null included).</summary>
    public static bool Has(JsonElement config, string name, out JsonElement value)
    {
        if (config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out value)) return true;
        value = default;
        return false;
    }

    /// <summary>Whether an entry is present and is a JSON number equal to <paramref name="expected"/>.</summary>
    public static bool IsInteger(JsonElement value, int expected)
        => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int found) && found == expected;

    /// <summary>Whether an entry is a JSON number equal to <paramref name="expected"/>.</summary>
    public static bool IsNumber(JsonElement value, double expected)
        => value.ValueKind == JsonValueKind.Number && value.GetDouble() == expected;

    /// <summary>An integer list entry, or null when it is not a list of integers.</summary>
    public static int[]? Integers(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        List<int> values = [];
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int i)) return null;
            values.Add(i);
        }
        return values.ToArray();
    }

    /// <summary>A shape as Python prints a tuple: <c>(4, 3)</c>, <c>(3,)</c>.</summary>
    public static string Tuple(IReadOnlyList<int> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    /// <summary>
    /// The message for a configuration only Keras 1 writes: <c>the file's Dense has Keras 1's output_dim (Keras 2
    /// calls it units); Compiled expects Keras 2 configurations</c>.
    /// </summary>
    public static string? Keras1Names(JsonElement config, string kerasClass, params (string Keras1, string Keras2)[] renames)
    {
        foreach ((string keras1, string keras2) in renames)
            if (Has(config, keras1, out _) && !Has(config, keras2, out _))
                return $"the file's {kerasClass} has Keras 1's {keras1} (Keras 2 calls it {keras2}); Compiled expects Keras 2 configurations";
        return null;
    }

    /// <summary>
    /// The message for a layer laid out channels first (Keras 2's <c>data_format='channels_first'</c>, Keras 1's
    /// <c>dim_ordering='th'</c>), which Compiled does not support: its layers are channels last.
    /// </summary>
    public static string? ChannelsFirst(JsonElement config, string kerasClass)
    {
        if (String(config, "data_format") is "channels_first")
            return $"the file's {kerasClass} has data_format 'channels_first'; Compiled expects channels_last";
        if (String(config, "dim_ordering") is "th")
            return $"the file's {kerasClass} has Keras 1's dim_ordering 'th' (channels first); Compiled expects channels_last";
        return null;
    }
}
