using System.Text.Json;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>LearningRateSchedule</c>: the learning rate as a function of the number of updates already
/// applied, given to an optimizer in place of a constant rate (<c>new Adam { LearningRateSchedule = new ExponentialDecay(0.01, 1000, 0.9) }</c>,
/// Keras's <c>Adam(learning_rate=ExponentialDecay(...))</c>). Keras's legacy <c>decay</c>, when set too, divides the scheduled rate.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>Keras's class name, which a saved <c>optimizer_config</c> gives the schedule: <c>ExponentialDecay</c>, …</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate of the update that follows <paramref name="step"/> updates (0 for the first), as Keras calls the schedule with <c>optimizer.iterations</c>.</summary>
    public abstract double Rate(long step);

    /// <summary>Writes the schedule's settings into the open <c>config</c> object, with tf.keras 2.4's keys.</summary>
    public abstract void WriteKerasConfig(Utf8JsonWriter writer);

    /// <summary>The schedules a saved <c>optimizer_config</c> can name, by Keras class name.</summary>
    internal static IReadOnlyList<string> KerasClasses { get; } = ["ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay"];

    /// <summary>The schedule a file's <c>{"class_name": …, "config": {…}}</c> describes.</summary>
    /// <exception cref="FormatException">A schedule Compiled lacks, or settings of the wrong JSON type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting out of the schedule's range.</exception>
    internal static LearningRateSchedule FromKerasConfig(JsonElement schedule)
    {
        string? className = schedule.TryGetProperty("class_name", out JsonElement name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        JsonElement config = schedule.TryGetProperty("config", out JsonElement c) && c.ValueKind == JsonValueKind.Object ? c
            : throw new FormatException($"training_config's learning-rate schedule {className} has no config object; expected its settings there.");
        var settings = new KerasOptimizerSettings(config);
        return className switch
        {
            "ExponentialDecay" => new ExponentialDecay(settings.Number("initial_learning_rate", double.NaN), settings.Whole("decay_steps"), settings.Number("decay_rate", double.NaN), settings.Flag("staircase", false)),
            "InverseTimeDecay" => new InverseTimeDecay(settings.Number("initial_learning_rate", double.NaN), settings.Whole("decay_steps"), settings.Number("decay_rate", double.NaN), settings.Flag("staircase", false)),
            "PiecewiseConstantDecay" => new PiecewiseConstantDecay(settings.Numbers("boundaries").Select(b => (long)b).ToArray(), settings.Numbers("values")),
            _ => throw new FormatException($"training_config's learning rate is the schedule {className ?? "without a class_name"}; expected one of {string.Join(", ", KerasClasses)}."),
        };
    }
}
