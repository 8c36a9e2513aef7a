using System.Globalization;
using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras's weight constraints, applied to a weight after every optimizer update as tf.keras 2's optimizers do
/// (<c>var.assign(var.constraint(var))</c>): <see cref="MaxNorm"/>, <see cref="NonNeg"/>, <see cref="UnitNorm"/> and
/// <see cref="MinMaxNorm"/>, with Keras's formulas and <c>epsilon = 1e-7</c>. A norm is taken over the weight's
/// <c>axis</c> (one or several axes of its shape, negative ones counting from the end): over a Dense kernel
/// <c>(inputs, units)</c> axis 0 gives each unit's incoming weights a norm; over a Conv2D kernel
/// <c>(rows, cols, channels, filters)</c> each filter's norm needs <c>axis=[0, 1, 2]</c>, as Keras's documentation says.
/// Give a layer attribute <c>KernelConstraint = "max_norm(2, axis=0)"</c>.
/// </summary>
public abstract class Constraint : IEquatable<Constraint>
{
    /// <summary>Keras's <c>backend.epsilon()</c>, added to a norm before dividing by it.</summary>
    public const float Epsilon = 1e-7f;

    private protected Constraint()
    {
    }

    /// <summary>Keras's <c>constraints.max_norm(max_value=2, axis=0)</c>: <c>w · clip(‖w‖, 0, max_value) / (ε + ‖w‖)</c>.</summary>
    /// <param name="maxValue">The largest norm allowed.</param>
    /// <param name="axis">The axes the norm is taken over; null for Keras's default, axis 0.</param>
    public static Constraint MaxNorm(float maxValue = 2, int[]? axis = null) => new NormConstraint(NormKind.MaxNorm, 0, maxValue, 1, axis);

    /// <summary>Keras's <c>constraints.non_neg()</c>: <c>w · (w ≥ 0)</c>.</summary>
    public static Constraint NonNeg() => new NonNegConstraint();

    /// <summary>Keras's <c>constraints.unit_norm(axis=0)</c>: <c>w / (ε + ‖w‖)</c>.</summary>
    /// <param name="axis">The axes the norm is taken over; null for Keras's default, axis 0.</param>
    public static Constraint UnitNorm(int[]? axis = null) => new NormConstraint(NormKind.UnitNorm, 0, 1, 1, axis);

    /// <summary>
    /// Keras's <c>constraints.min_max_norm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)</c>:
    /// <c>w · (rate · clip(‖w‖, min_value, max_value) + (1 − rate) · ‖w‖) / (ε + ‖w‖)</c>.
    /// </summary>
    /// <param name="minValue">The smallest norm.</param>
    /// <param name="maxValue">The largest norm.</param>
    /// <param name="rate">How far each update moves the norm into range (1: all the way).</param>
    /// <param name="axis">The axes the norm is taken over; null for Keras's default, axis 0.</param>
    public static Constraint MinMaxNorm(float minValue = 0, float maxValue = 1, float rate = 1, int[]? axis = null) => new NormConstraint(NormKind.MinMaxNorm, minValue, maxValue, rate, axis);

    /// <summary>Keras's class name as a file stores it: <c>MaxNorm</c>, <c>NonNeg</c>, <c>UnitNorm</c>, <c>MinMaxNorm</c>.</summary>
    public abstract string KerasClass { get; }

    /// <summary>The axes a norm is taken over, as given (empty for <c>NonNeg</c>).</summary>
    public abstract IReadOnlyList<int> Axis { get; }

    /// <summary>
    /// Applies the constraint in place to a weight of shape <paramref name="shape"/> (allocates its norms: for
    /// repeated use in training the model keeps a plan instead).
    /// </summary>
    /// <exception cref="ArgumentException">The values do not fill the shape, or an axis lies outside it.</exception>
    public void Apply(Span<float> values, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        NormGroups groups = NormGroups.Of(shape, Axis, KerasClass);
        if (values.Length != groups.Group.Length)
            throw new ArgumentException($"{KerasClass}: {values.Length} values do not fill the shape ({string.Join(", ", shape)}), which holds {groups.Group.Length}.", nameof(values));
        Apply(values, groups, new double[groups.Count]);
    }

    /// <summary>Applies the constraint with its groups worked out in advance and a scratch of <see cref="NormGroups.Count"/> sums.</summary>
    internal abstract void Apply(Span<float> values, NormGroups groups, Span<double> sums);

    /// <summary>Writes <c>{"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}</c> as tf.keras 2.4's <c>serialize</c> does.</summary>
    public void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("class_name", KerasClass);
        writer.WriteStartObject("config");
        WriteSettings(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes the entries of the constraint's <c>get_config</c>.</summary>
    private protected abstract void WriteSettings(Utf8JsonWriter writer);

    /// <summary>
    /// Reads a Keras file's constraint entry (<c>{"class_name": "MaxNorm", "config": {...}}</c>, or a bare name such
    /// as <c>"non_neg"</c>); null for JSON null.
    /// </summary>
    /// <exception cref="FormatException">The entry is no constraint this library knows.</exception>
    public static Constraint? FromKerasConfig(JsonElement entry)
    {
        if (entry.ValueKind == JsonValueKind.Null) return null;
        if (entry.ValueKind == JsonValueKind.String)
            return entry.GetString() switch
            {
                "max_norm" or "MaxNorm" => MaxNorm(),
                "non_neg" or "NonNeg" => NonNeg(),
                "unit_norm" or "UnitNorm" => UnitNorm(),
                "min_max_norm" or "MinMaxNorm" => MinMaxNorm(),
                var other => throw new FormatException($"'{other}' is not a Keras constraint; expected max_norm, non_neg, unit_norm or min_max_norm."),
            };
        string? kerasClass = KerasJson.String(entry, "class_name");
        KerasJson.Has(entry, "config", out JsonElement config);
        float Number(string name, float otherwise) => KerasJson.Has(config, name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? (float)v.GetDouble() : otherwise;
        int[]? axis = KerasJson.Has(config, "axis", out JsonElement a)
            ? a.ValueKind == JsonValueKind.Number ? [a.GetInt32()] : KerasJson.Integers(a) ?? throw new FormatException($"{kerasClass}'s axis {a} is not an integer or a list of integers.")
            : null;
        return kerasClass switch
        {
            "MaxNorm" => MaxNorm(Number("max_value", 2), axis),
            "NonNeg" => NonNeg(),
            "UnitNorm" => UnitNorm(axis),
            "MinMaxNorm" => MinMaxNorm(Number("min_value", 0), Number("max_value", 1), Number("rate", 1), axis),
            _ => throw new FormatException($"'{kerasClass ?? entry.ToString()}' is not a Keras constraint this library knows; expected MaxNorm, NonNeg, UnitNorm or MinMaxNorm."),
        };
    }

    /// <summary>Whether both constrain alike: the same class, settings and axes.</summary>
    public bool Equals(Constraint? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Constraint);

    /// <inheritdoc/>
    public override int GetHashCode() => (ToString() ?? "").GetHashCode(StringComparison.Ordinal);

    /// <summary>A number as Python prints it in a call.</summary>
    private protected static string Text(float value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An axis argument as Python writes it: <c>0</c> or <c>[0, 1, 2]</c>.</summary>
    private protected static string AxisText(IReadOnlyList<int> axis) => axis.Count == 1 ? Text(axis[0]) : "[" + string.Join(", ", axis) + "]";
}
