using System.Text.Json;

namespace Compiled;

/// <summary>
/// An optimizer's settings as a Keras file holds them (<c>optimizer_config.config</c>), read with Keras's defaults
/// for what is absent: tf.keras 2.4 writes <c>learning_rate</c>, Keras 2.3 and earlier <c>lr</c>.
/// </summary>
internal readonly struct KerasOptimizerSettings(JsonElement settings)
{
    /// <summary>
    /// <c>learning_rate</c>, else <c>lr</c>, else <paramref name="fallback"/>; with a schedule there, the schedule's first
    /// rate (which <see cref="Schedule"/> then replaces).
    /// </summary>
    public double LearningRate(double fallback)
        => Schedule() is { } schedule ? schedule.Rate(0) : Number("learning_rate", Number("lr", fallback));

    /// <summary>The learning-rate schedule tf.keras saves as an object in place of <c>learning_rate</c>; null for a number.</summary>
    public LearningRateSchedule? Schedule()
    {
        foreach (string name in (ReadOnlySpan<string>)["learning_rate", "lr"])
            if (settings.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object)
                return LearningRateSchedule.FromKerasConfig(value);
        return null;
    }

    /// <summary>A required whole-number setting, such as a schedule's <c>decay_steps</c>.</summary>
    public long Whole(string name)
    {
        double value = Number(name, double.NaN);
        return value == Math.Floor(value) && Math.Abs(value) < long.MaxValue ? (long)value
            : throw new FormatException($"training_config's setting '{name}' is {value}; expected a whole number.");
    }

    /// <summary>A required list of numbers, such as a schedule's <c>boundaries</c>.</summary>
    public double[] Numbers(string name)
    {
        if (!settings.TryGetProperty(name, out JsonElement list) || list.ValueKind != JsonValueKind.Array
            || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            throw new FormatException($"training_config's setting '{name}' is not a list of numbers.");
        return list.EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    /// <summary>A numeric setting, or <paramref name="fallback"/> when absent or null.</summary>
    /// <exception cref="FormatException">The setting is not a number (a learning-rate schedule object, say).</exception>
    public double Number(string name, double fallback)
    {
        if (!settings.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : throw new FormatException($"training_config's optimizer setting '{name}' is a JSON {value.ValueKind}, expected a number.");
    }

    /// <summary>A boolean setting, or <paramref name="fallback"/> when absent or null.</summary>
    public bool Flag(string name, bool fallback)
    {
        if (!settings.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"training_config's optimizer setting '{name}' is a JSON {value.ValueKind}, expected true or false."),
        };
    }
}
