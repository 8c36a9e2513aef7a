using System.Text.Json;

namespace Compiled;

/// <summary>
/// tf.keras 2's <c>PiecewiseConstantDecay(boundaries, values)</c>: <c>values[0]</c> while <c>step ≤ boundaries[0]</c>,
/// <c>values[i]</c> while <c>boundaries[i−1] &lt; step ≤ boundaries[i]</c>, and the last value after the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <param name="boundaries">Keras's <c>boundaries</c>: update counts, strictly increasing.</param>
    /// <param name="values">Keras's <c>values</c>: one more positive rate than there are boundaries.</param>
    /// <exception cref="ArgumentException">Boundaries out of order, or not one value more than boundaries.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not a positive rate.</exception>
    public PiecewiseConstantDecay(long[] boundaries, double[] values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != boundaries.Length + 1)
            throw new ArgumentException($"values must hold one more rate than boundaries has steps ({boundaries.Length + 1}); got {values.Length}.", nameof(values));
        for (int i = 1; i < boundaries.Length; i++)
            if (boundaries[i] <= boundaries[i - 1])
                throw new ArgumentException($"boundaries must increase; got {boundaries[i - 1]} then {boundaries[i]} at {i - 1} and {i}.", nameof(boundaries));
        foreach (double value in values) OptimizerArguments.Positive(value, nameof(values), "values");
        (_boundaries, _values) = (boundaries.ToArray(), values.ToArray());
    }

    /// <summary>Keras's <c>boundaries</c>.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;
    /// <summary>Keras's <c>values</c>.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc/>
    public override string Name => "PiecewiseConstantDecay";

    /// <inheritdoc/>
    public override double Rate(long step)
    {
        int piece = 0;
        while (piece < _boundaries.Length && step > _boundaries[piece]) piece++;
        return _values[piece];
    }

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray("boundaries");
        foreach (long boundary in _boundaries) writer.WriteNumberValue(boundary);
        writer.WriteEndArray();
        writer.WriteStartArray("values");
        foreach (double value in _values) writer.WritePythonFloatValue(value);
        writer.WriteEndArray();
        writer.WriteNull("name");
    }
}
