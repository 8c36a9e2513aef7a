using System.Text.Json;

namespace Compiled;

/// <summary>A saved metric's <c>config</c> object, read with the errors a bad file should give.</summary>
internal readonly struct KerasMetricSettings(JsonElement config, string defaultName)
{
    /// <summary>The <c>name</c> it logs under, or the class's default.</summary>
    public string Name => config.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : defaultName;

    /// <summary>An integer setting, or <paramref name="fallback"/> when absent or null.</summary>
    /// <exception cref="FormatException">A value that is not an integer.</exception>
    public int? Int(string key, int? fallback)
    {
        if (!config.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i) ? i
            : throw new FormatException($"The metric {Name}'s {key} is {value.GetRawText()}; expected an integer.");
    }

    /// <summary>A number setting, or <paramref name="fallback"/> when absent or null; a one-element list counts as its element.</summary>
    /// <exception cref="FormatException">A value that is not a number.</exception>
    /// <exception cref="NotSupportedException">A list of several numbers, which Compiled's single-valued metrics cannot hold.</exception>
    public double? Number(string key, double? fallback)
    {
        if (!config.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind == JsonValueKind.Array)
        {
            JsonElement[] items = value.EnumerateArray().ToArray();
            if (items.Length != 1) throw new NotSupportedException($"the metric {Name} has {items.Length} thresholds, and only one is supported");
            value = items[0];
        }
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : throw new FormatException($"The metric {Name}'s {key} is {value.GetRawText()}; expected a number.");
    }

    /// <summary>A list of numbers, or null when absent or null.</summary>
    /// <exception cref="FormatException">Anything but a list of numbers.</exception>
    public double[]? Numbers(string key)
    {
        if (!config.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            throw new FormatException($"The metric {Name}'s {key} is {value.GetRawText()}; expected a list of numbers.");
        return value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    /// <summary>A string setting, or <paramref name="fallback"/>.</summary>
    /// <exception cref="FormatException">A value that is not a string.</exception>
    public string String(string key, string fallback)
    {
        if (!config.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind == JsonValueKind.String ? value.GetString()!
            : throw new FormatException($"The metric {Name}'s {key} is {value.GetRawText()}; expected a string.");
    }

    /// <summary>Whether a setting is present with a value other than null, false or an empty list.</summary>
    public bool IsSet(string key)
        => config.TryGetProperty(key, out JsonElement value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.False)
            && !(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);
}
