namespace Compiled;

/// <summary>
/// What <c>TrainOnBatch</c> and <c>TestOnBatch</c> return, Keras's <c>train_on_batch(..., return_dict=True)</c>: the
/// loss and every metric by name, <c>loss</c> first. <see cref="Loss"/> is kept in the value itself; the other
/// values live in the model, without allocating, until its next <c>TrainOnBatch</c> or <c>TestOnBatch</c>, after
/// which reading them throws rather than give the newer batch's (<see cref="ToEvaluation"/> keeps a copy).
/// </summary>
public readonly struct BatchLogs
{
    private readonly BatchLogBuffer? _buffer;
    private readonly long _version;

    internal BatchLogs(BatchLogBuffer buffer)
    {
        (_buffer, _version) = (buffer, buffer.Version);
        Loss = buffer.Values[0];
    }

    /// <summary>The loss (with several outputs, the weighted sum of their losses): Keras's <c>train_on_batch</c> value without metrics.</summary>
    public double Loss { get; }

    /// <summary>The names, <c>loss</c> first, as <c>Evaluate</c> and <c>Fit</c> log them.</summary>
    public IReadOnlyList<string> Names => _buffer?.Names ?? ["loss"];

    /// <summary>The values in the order of <see cref="Names"/>.</summary>
    /// <exception cref="InvalidOperationException">A later TrainOnBatch or TestOnBatch on the model has overwritten them.</exception>
    public ReadOnlySpan<double> Values => Current().Values;

    /// <summary>The value logged as <paramref name="name"/> (<c>loss</c> or a metric's name).</summary>
    /// <exception cref="KeyNotFoundException">No such name.</exception>
    /// <exception cref="InvalidOperationException">A later TrainOnBatch or TestOnBatch on the model has overwritten the values.</exception>
    public double this[string name]
    {
        get
        {
            BatchLogBuffer buffer = Current();
            int i = Array.IndexOf(buffer.Names, name);
            return i >= 0 ? buffer.Values[i] : throw new KeyNotFoundException($"The batch logs have no '{name}'; they have {string.Join(", ", buffer.Names)}.");
        }
    }

    /// <summary>A copy of the names and values that later calls leave alone.</summary>
    /// <exception cref="InvalidOperationException">A later TrainOnBatch or TestOnBatch on the model has overwritten the values.</exception>
    public Evaluation ToEvaluation()
    {
        BatchLogBuffer buffer = Current();
        return new Evaluation(buffer.Names, buffer.Values.ToArray());
    }

    private BatchLogBuffer Current()
    {
        if (_buffer is null) throw new InvalidOperationException("These batch logs are empty: they come from TrainOnBatch or TestOnBatch.");
        if (_buffer.Version != _version)
            throw new InvalidOperationException("These batch logs were overwritten by a later TrainOnBatch or TestOnBatch on the same model; call ToEvaluation() on the result to keep its values.");
        return _buffer;
    }

    /// <inheritdoc/>
    public override string ToString() => _buffer is not null && _buffer.Version == _version ? ToEvaluation().ToString() : $"loss: {ProgressBar.FormatValue(Loss)}";
}
