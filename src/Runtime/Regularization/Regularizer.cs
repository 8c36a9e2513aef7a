using System.Text.Json;

namespace Compiled;

/// <summary>
/// Keras's weight and activity regularizers <c>l1</c>, <c>l2</c> and <c>l1_l2</c> (tf.keras 2's classes <c>L1</c>,
/// <c>L2</c> and <c>L1L2</c>): a penalty <c>l1 · Σ|x| + l2 · Σx²</c> that training adds to the loss. Factors are
/// float32, as Keras casts them (<c>backend.cast_to_floatx</c>). Build one with <see cref="L1Only"/>,
/// <see cref="L2Only"/> or <see cref="L1L2"/>, or give a layer attribute <c>KernelRegularizer = "l2(0.01)"</c>.
/// </summary>
public sealed class Regularizer : IEquatable<Regularizer>
{
    private Regularizer(string kerasClass, float l1, float l2)
    {
        if (!float.IsFinite(l1) || l1 < 0) throw new ArgumentOutOfRangeException(nameof(l1), l1, "A regularization factor must be a finite number, 0 or more.");
        if (!float.IsFinite(l2) || l2 < 0) throw new ArgumentOutOfRangeException(nameof(l2), l2, "A regularization factor must be a finite number, 0 or more.");
        (KerasClass, L1, L2) = (kerasClass, l1, l2);
    }

    /// <summary>Keras's <c>regularizers.l1(l1=0.01)</c>, class <c>L1</c>: <c>l1 · Σ|x|</c>.</summary>
    public static Regularizer L1Only(float l1 = 0.01f) => new("L1", l1, 0);

    /// <summary>Keras's <c>regularizers.l2(l2=0.01)</c>, class <c>L2</c>: <c>l2 · Σx²</c>.</summary>
    public static Regularizer L2Only(float l2 = 0.01f) => new("L2", 0, l2);

    /// <summary>Keras's <c>regularizers.l1_l2(l1=0.01, l2=0.01)</c>, class <c>L1L2</c>: <c>l1 · Σ|x| + l2 · Σx²</c>.</summary>
    public static Regularizer L1L2(float l1 = 0.01f, float l2 = 0.01f) => new("L1L2", l1, l2);

    /// <summary>Keras's class name as a file stores it: <c>L1</c>, <c>L2</c> or <c>L1L2</c>.</summary>
    public string KerasClass { get; }

    /// <summary>The L1 factor (0 for <c>L2</c>).</summary>
    public float L1 { get; }

    /// <summary>The L2 factor (0 for <c>L1</c>).</summary>
    public float L2 { get; }

    /// <summary>The penalty of <paramref name="values"/>: <c>l1 · Σ|x| + l2 · Σx²</c>, summed in double.</summary>
    public double Penalty(ReadOnlySpan<float> values)
    {
        double absolute = 0, squares = 0;
        foreach (float x in values)
        {
            absolute += Math.Abs(x);
            squares += (double)x * x;
        }
        return L1 * absolute + L2 * squares;
    }

    /// <summary>
    /// Adds <paramref name="scale"/> times the penalty's gradient, <c>l1 · sign(x) + 2 · l2 · x</c>, to
    /// <paramref name="gradient"/> (TensorFlow's gradient of <c>|x|</c> is <c>sign(x)</c>, 0 at 0).
    /// </summary>
    public void AddGradient(ReadOnlySpan<float> values, Span<float> gradient, float scale = 1)
    {
        if (gradient.Length < values.Length) throw new ArgumentException($"The gradient has {gradient.Length} values; the regularized values are {values.Length}.", nameof(gradient));
        float l1 = L1 * scale, twiceL2 = 2 * L2 * scale;
        for (int i = 0; i < values.Length; i++)
            gradient[i] += l1 * MathF.Sign(values[i]) + twiceL2 * values[i];
    }

    /// <summary>Writes <c>{"class_name": "L2", "config": {"l2": 0.009999999776482582}}</c> as tf.keras 2.4's <c>serialize</c> does (floats widened from float32, as Python's <c>float()</c> of them).</summary>
    public void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("class_name", KerasClass);
        writer.WriteStartObject("config");
        if (KerasClass != "L2") writer.WritePythonFloat("l1", L1);
        if (KerasClass != "L1") writer.WritePythonFloat("l2", L2);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a Keras file's regularizer entry (<c>{"class_name": "L1L2", "config": {...}}</c>, or a bare name such as
    /// <c>"l2"</c>); null for JSON null. Keras before 2.3 wrote <c>l2(0.01)</c> as <c>L1L2</c> with <c>l1</c> 0, which
    /// reads as the same penalty.
    /// </summary>
    /// <exception cref="FormatException">The entry is no regularizer this library knows.</exception>
    public static Regularizer? FromKerasConfig(JsonElement entry)
    {
        if (entry.ValueKind == JsonValueKind.Null) return null;
        if (entry.ValueKind == JsonValueKind.String)
            return entry.GetString() switch
            {
                "l1" => L1Only(),
                "l2" => L2Only(),
                "l1_l2" => L1L2(),
                var other => throw new FormatException($"'{other}' is not a Keras regularizer; expected l1, l2 or l1_l2."),
            };
        string? kerasClass = KerasJson.String(entry, "class_name");
        KerasJson.Has(entry, "config", out JsonElement config);
        float Factor(string name, float otherwise) => KerasJson.Has(config, name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? (float)v.GetDouble() : otherwise;
        return kerasClass switch
        {
            "L1" => L1Only(Factor("l1", KerasJson.Has(config, "l", out JsonElement l) && l.ValueKind == JsonValueKind.Number ? (float)l.GetDouble() : 0.01f)),
            "L2" => L2Only(Factor("l2", KerasJson.Has(config, "l", out JsonElement l) && l.ValueKind == JsonValueKind.Number ? (float)l.GetDouble() : 0.01f)),
            "L1L2" => L1L2(Factor("l1", 0), Factor("l2", 0)),
            _ => throw new FormatException($"'{kerasClass ?? entry.ToString()}' is not a Keras regularizer this library knows; expected L1, L2 or L1L2."),
        };
    }

    /// <summary>Whether both add the same penalty (an <c>L1L2</c> with <c>l1</c> 0 equals an <c>L2</c>).</summary>
    public bool Equals(Regularizer? other) => other is not null && L1 == other.L1 && L2 == other.L2;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Regularizer);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(L1, L2);

    /// <summary>As Keras's functions are written: <c>l2(0.01)</c>, <c>l1_l2(l1=0.01, l2=0.001)</c>.</summary>
    public override string ToString() => KerasClass switch
    {
        "L1" => $"l1({L1.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        "L2" => $"l2({L2.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        _ => $"l1_l2(l1={L1.ToString(System.Globalization.CultureInfo.InvariantCulture)}, l2={L2.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
    };
}
