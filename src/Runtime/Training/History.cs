namespace Compiled;

/// <summary>
/// What <c>Model.Fit</c> returns: per-epoch values of the loss, every metric and whatever else the epoch's logs
/// held (<c>val_</c> values, a scheduler's <c>lr</c>), Keras's <c>History</c> callback and its <c>history</c> dictionary.
/// <c>Fit</c> adds it after the caller's callbacks, as Keras does, so it sees what they add to the logs.
/// </summary>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<double>> _values = new();
    private readonly List<string> _names;
    private readonly List<int> _epochs = [];

    internal History(IEnumerable<string> names)
    {
        _names = names.ToList();
        foreach (string name in _names) _values[name] = new List<double>();
    }

    /// <summary>The names logged, <c>loss</c> first, then the metrics in compile order, then any a callback added.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of epochs recorded.</summary>
    public int Epochs => _epochs.Count;

    /// <summary>The index of each recorded epoch, counted from 0 and from <c>initialEpoch</c>: Keras's <c>history.epoch</c>.</summary>
    public IReadOnlyList<int> EpochIndices => _epochs;

    /// <summary>The per-epoch values of <paramref name="name"/>, as in <c>history.history['loss']</c>.</summary>
    public IReadOnlyList<double> this[string name]
        => _values.TryGetValue(name, out List<double>? values) ? values
            : throw new KeyNotFoundException($"History has no '{name}'; it has {string.Join(", ", _names)}.");

    /// <summary>The per-epoch training loss.</summary>
    public IReadOnlyList<double> Loss => _values["loss"];

    /// <summary>Keras's <c>History.on_epoch_end</c>: appends the epoch's index and each logged value (a name first logged now starts its own list).</summary>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        _epochs.Add(epoch);
        for (int i = 0; i < logs.Count; i++)
        {
            string name = logs.NameAt(i);
            if (!_values.TryGetValue(name, out List<double>? values))
            {
                _values[name] = values = [];
                _names.Add(name);
            }
            values.Add(logs.ValueAt(i));
        }
    }
}
