using System.Text.Json;

namespace Compiled;

/// <summary>
/// An optimizer's settings as a Keras file holds them (<c>optimizer_config.config</c>), read with Keras's defaults
/// for what is absent: tf.keras 2.4 writes <c>learning_rate</c>, Keras 2.3 and earlier <c>lr</c>.
/// </summary>
internal readonly struct KerasOptimizerSettings(JsonElement settings)
{
    /// <summary><c>learning_rate</c>, else <c>lr</c>, else <paramref name="fallback"/>.</summary>
    public double LearningRate(double fallback) => Number("learning_rate", Number("lr", fallback));

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
