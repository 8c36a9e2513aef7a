using System.Text.Json;

namespace Compiled;

/// <summary>Which of Keras's norm constraints a <see cref="NormConstraint"/> is.</summary>
internal enum NormKind
{
    MaxNorm,
    UnitNorm,
    MinMaxNorm,
}

/// <summary>
/// Keras's <c>MaxNorm</c>, <c>UnitNorm</c> and <c>MinMaxNorm</c>: each scales a weight's values by a factor of their
/// norm over <c>axis</c>, computed in float32 as Keras does (the squares summed in double).
/// </summary>
internal sealed class NormConstraint : Constraint
{
    private readonly NormKind _kind;
    private readonly int[] _axis;

    public NormConstraint(NormKind kind, float minValue, float maxValue, float rate, int[]? axis)
    {
        if (!float.IsFinite(minValue) || !float.IsFinite(maxValue) || !float.IsFinite(rate))
            throw new ArgumentOutOfRangeException(nameof(maxValue), $"{kind}'s settings must be finite numbers.");
        if (maxValue < 0) throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, $"{kind}'s max_value must be 0 or more.");
        if (minValue < 0 || minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue), minValue, $"{kind}'s min_value must lie between 0 and max_value {maxValue}.");
        if (rate < 0 || rate > 1) throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{kind}'s rate must lie between 0 and 1.");
        (_kind, MinValue, MaxValue, Rate) = (kind, minValue, maxValue, rate);
        _axis = axis is null ? [0] : axis.Length == 0 ? throw new ArgumentException($"{kind} needs at least one axis.", nameof(axis)) : axis.ToArray();
    }

    public float MinValue { get; }

    public float MaxValue { get; }

    public float Rate { get; }

    public override string KerasClass => _kind.ToString();

    public override IReadOnlyList<int> Axis => _axis;

    internal override void Apply(Span<float> values, NormGroups groups, Span<double> sums)
    {
        int[] group = groups.Group;
        sums = sums.Slice(0, groups.Count);
        sums.Clear();
        for (int i = 0; i < values.Length; i++) sums[group[i]] += (double)values[i] * values[i];
        // Each norm becomes the factor its values are multiplied by.
        for (int g = 0; g < sums.Length; g++)
        {
            float norm = MathF.Sqrt((float)sums[g]);
            float desired = _kind switch
            {
                NormKind.MaxNorm => Math.Clamp(norm, 0, MaxValue),
                NormKind.UnitNorm => 1,
                _ => Rate * Math.Clamp(norm, MinValue, MaxValue) + (1 - Rate) * norm,
            };
            sums[g] = desired / (Epsilon + norm);
        }
        for (int i = 0; i < values.Length; i++) values[i] *= (float)sums[group[i]];
    }

    private protected override void WriteSettings(Utf8JsonWriter writer)
    {
        switch (_kind)
        {
            case NormKind.MaxNorm:
                // Keras's default max_value is the integer 2, which json writes as 2.
                if (MaxValue == MathF.Round(MaxValue)) writer.WriteNumber("max_value", (long)MaxValue);
                else writer.WritePythonFloat("max_value", MaxValue);
                break;
            case NormKind.MinMaxNorm:
                writer.WritePythonFloat("min_value", MinValue);
                writer.WritePythonFloat("max_value", MaxValue);
                writer.WritePythonFloat("rate", Rate);
                break;
        }
        if (_axis.Length == 1) writer.WriteNumber("axis", _axis[0]);
        else writer.WriteIntegers("axis", _axis);
    }

    public override string ToString() => _kind switch
    {
        NormKind.MaxNorm => $"max_norm(max_value={Text(MaxValue)}, axis={AxisText(_axis)})",
        NormKind.UnitNorm => $"unit_norm(axis={AxisText(_axis)})",
        _ => $"min_max_norm(min_value={Text(MinValue)}, max_value={Text(MaxValue)}, rate={Text(Rate)}, axis={AxisText(_axis)})",
    };
}

/// <summary>Keras's <c>NonNeg</c>: <c>w · (w ≥ 0)</c>, so negative values become 0.</summary>
internal sealed class NonNegConstraint : Constraint
{
    public override string KerasClass => "NonNeg";

    public override IReadOnlyList<int> Axis => [];

    internal override void Apply(Span<float> values, NormGroups groups, Span<double> sums)
    {
        for (int i = 0; i < values.Length; i++)
            if (values[i] < 0) values[i] = 0;
    }

    private protected override void WriteSettings(Utf8JsonWriter writer)
    {
    }

    public override string ToString() => "non_neg()";
}
