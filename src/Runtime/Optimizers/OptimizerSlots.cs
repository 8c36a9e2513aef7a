namespace Compiled;

/// <summary>
/// The per-parameter state arrays an optimizer keeps (Adam's <c>m</c> and <c>v</c>, …), created at its first update
/// with Keras's initial values and reused for every later one, so a training step allocates nothing.
/// </summary>
internal sealed class OptimizerSlots
{
    private readonly Optimizer _owner;
    private readonly float[][] _values;
    private readonly float[] _initialValues;

    /// <param name="owner">The optimizer, named in errors.</param>
    /// <param name="count">How many slots it keeps.</param>
    /// <param name="initialValue">Keras's value for a slot before its first update (0 but for Adagrad's accumulator).</param>
    public OptimizerSlots(Optimizer owner, int count, float initialValue = 0f)
    {
        _owner = owner;
        _values = new float[count][];
        for (int i = 0; i < count; i++) _values[i] = [];
        _initialValues = Enumerable.Repeat(initialValue, count).ToArray();
    }

    /// <summary>Keras's value of every element of slot <paramref name="index"/> before the first update.</summary>
    public float InitialValue(int index) => _initialValues[index];

    /// <summary>Slot <paramref name="index"/>: empty before the first update, else one value per parameter.</summary>
    public Span<float> this[int index] => index < _values.Length ? _values[index] : [];

    /// <summary>
    /// Makes every slot one value per parameter before an update. The first update creates them; a later one for a
    /// buffer of another size would mix two models' state, and is refused.
    /// </summary>
    /// <exception cref="ArgumentException">Not one gradient per parameter (checked first, so nothing changes).</exception>
    public void EnsureFor(int parameters, int gradients)
    {
        if (gradients != parameters)
            throw new ArgumentException($"Got {gradients} gradients for {parameters} parameters; expected one per parameter.", nameof(gradients));
        if (_values.Length == 0 || _values[0].Length == parameters) return;
        if (_owner.Iterations != 0 || _values[0].Length != 0)
            throw new InvalidOperationException($"This {_owner.Name} holds state for {_values[0].Length} parameters and cannot update {parameters}; give each model its own optimizer.");
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = new float[parameters];
            if (_initialValues[i] != 0) Array.Fill(_values[i], _initialValues[i]);
        }
    }

    /// <summary>Takes copies of checkpointed slots, one per slot (their number already checked).</summary>
    public void Restore(IReadOnlyList<float[]> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        int length = slots.Count == 0 ? 0 : slots[0].Length;
        for (int i = 0; i < _values.Length; i++)
        {
            if (slots[i].Length != length)
                throw new ArgumentException($"This {_owner.Name}'s slots must be equally long, one value per parameter; slot 0 has {length} values and slot {i} has {slots[i].Length}.", nameof(slots));
            _values[i] = slots[i].ToArray();
        }
    }
}
