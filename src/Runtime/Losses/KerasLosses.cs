using System.Text.Json;

namespace Compiled;

/// <summary>
/// The losses Keras names, each as it declares itself (<see cref="LossKind"/>): names and aliases for <c>compile</c>,
/// class names and configs for files. Nothing else in the library names a loss.
/// </summary>
internal static class KerasLosses
{
    /// <summary>Every loss, in the order Keras's documentation lists them.</summary>
    public static IReadOnlyList<LossKind> All { get; } =
    [
        BinaryCrossentropyLoss.Kind, CategoricalCrossentropyLoss.Kind, SparseCategoricalCrossentropyLoss.Kind,
        PoissonLoss.Kind, KLDivergenceLoss.Kind,
        MeanSquaredErrorLoss.Kind, MeanAbsoluteErrorLoss.Kind, MeanAbsolutePercentageErrorLoss.Kind,
        MeanSquaredLogarithmicErrorLoss.Kind, CosineSimilarityLoss.Kind, HuberLoss.Kind, LogCoshLoss.Kind,
        HingeLoss.Kind, SquaredHingeLoss.Kind, CategoricalHingeLoss.Kind,
    ];

    /// <summary>The names with their aliases, for messages: <c>'binary_crossentropy' ('bce'), …</c></summary>
    public static string Names => string.Join(", ", All.Select(k => $"'{k.Name}'" + (k.Aliases.Length == 0 ? "" : $" ({string.Join(", ", k.Aliases.Select(a => $"'{a}'"))})")));

    /// <summary>The loss of a Keras name or alias (<c>'mse'</c>, <c>'MSE'</c>) or class name; null for one Compiled lacks.</summary>
    public static LossKind? Find(string name)
        => All.FirstOrDefault(k => k.Name == name || k.KerasClass == name || k.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The loss a file's <c>training_config.loss</c> entry describes: a name, or Keras 2's serialized
    /// <c>{"class_name": ..., "config": {...}}</c>. Null, with the reason, for a loss or setting Compiled lacks.
    /// </summary>
    /// <exception cref="FormatException">A setting of the wrong JSON type or out of the loss's range.</exception>
    public static Loss? FromKerasConfig(JsonElement entry, out string? unsupported)
    {
        unsupported = null;
        if (entry.ValueKind == JsonValueKind.String)
        {
            string name = entry.GetString()!;
            if (Find(name) is { } kind) return kind.WithDefaults;
            unsupported = $"the loss is '{name}', and only {Names} are supported";
            return null;
        }
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("class_name", out JsonElement className) || className.ValueKind != JsonValueKind.String)
        {
            unsupported = $"a loss is a JSON {entry.ValueKind}, neither a name nor a {{\"class_name\", \"config\"}} object";
            return null;
        }
        string kerasClass = className.GetString()!;
        LossKind? found = All.FirstOrDefault(k => k.KerasClass == kerasClass);
        if (found is null)
        {
            unsupported = $"the loss is the class {kerasClass}, and only {string.Join(", ", All.Select(k => k.KerasClass))} are supported";
            return null;
        }
        JsonElement config = entry.TryGetProperty("config", out JsonElement c) && c.ValueKind == JsonValueKind.Object ? c : default;
        if (config.ValueKind == JsonValueKind.Object)
        {
            string reduction = Text(config, "reduction", "auto");
            if (reduction is not ("auto" or "sum_over_batch_size"))
            {
                unsupported = $"the loss {kerasClass} has the reduction '{reduction}', and only Keras's default, sum_over_batch_size ('auto'), is supported";
                return null;
            }
            if (config.TryGetProperty("axis", out JsonElement axis) && axis.ValueKind == JsonValueKind.Number && axis.GetDouble() != -1)
            {
                unsupported = $"the loss {kerasClass} works along axis {axis.GetDouble()}, and only the last axis (-1) is supported";
                return null;
            }
        }
        try { return found.FromConfig(config); }
        catch (ArgumentOutOfRangeException e) { throw new FormatException($"training_config's {kerasClass} loss has settings it does not accept ({e.Message})."); }
    }

    /// <summary>A numeric option of a serialized loss's config, or <paramref name="fallback"/> when absent or null.</summary>
    /// <exception cref="FormatException">The option is not a number.</exception>
    public static double Number(JsonElement config, string name, double fallback)
    {
        if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : throw new FormatException($"training_config's loss option '{name}' is a JSON {value.ValueKind}, expected a number.");
    }

    /// <summary>A boolean option of a serialized loss's config, or <paramref name="fallback"/> when absent or null.</summary>
    /// <exception cref="FormatException">The option is not true or false.</exception>
    public static bool Flag(JsonElement config, string name, bool fallback)
    {
        if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"training_config's loss option '{name}' is a JSON {value.ValueKind}, expected true or false."),
        };
    }

    private static string Text(JsonElement config, string name, string fallback)
        => config.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;
}
