namespace Compiled;

/// <summary>What <c>Model.Fit</c> returns: per-epoch values of the loss and of every metric, Keras's <c>History.history</c>.</summary>
public sealed class History
{
    private readonly Dictionary<string, List<double>> _values = new();
    private readonly List<string> _names;

    internal History(IEnumerable<string> names)
    {
        _names = names.ToList();
        foreach (string name in _names) _values[name] = new List<double>();
    }

    /// <summary>The names logged, <c>loss</c> first, then the metrics in compile order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of epochs recorded.</summary>
    public int Epochs => _values["loss"].Count;

    /// <summary>The per-epoch values of <paramref name="name"/>, as in <c>history.history['loss']</c>.</summary>
    public IReadOnlyList<double> this[string name]
        => _values.TryGetValue(name, out List<double>? values) ? values
            : throw new KeyNotFoundException($"History has no '{name}'; it has {string.Join(", ", _names)}.");

    /// <summary>The per-epoch training loss.</summary>
    public IReadOnlyList<double> Loss => _values["loss"];

    internal void Add(ReadOnlySpan<double> epochValues)
    {
        for (int i = 0; i < _names.Count; i++) _values[_names[i]].Add(epochValues[i]);
    }
}
