using System.Globalization;
using System.Text.Json;

namespace Compiled.Hdf5;

/// <summary>Writes JSON values the way Python's <c>json.dumps</c> writes Keras's configs.</summary>
internal static class JsonWriterExtensions
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
}
