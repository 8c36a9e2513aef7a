using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Compiled;

/// <summary>
/// Keras's <c>logs</c> dictionary, as the <see cref="Callback"/> hooks receive it: names (<c>loss</c>, the metrics,
/// <c>val_loss</c>, …) and their values, in the order <c>Fit</c> logs them. Read-only to callbacks; a view that
/// <c>Fit</c> refills in place, so it is valid during the hook's call only.
/// </summary>
public sealed class Logs : IReadOnlyDictionary<string, double>
{
    private string[] _names;
    private double[] _values;
    private int _count;

    /// <summary>Logs with no values, as Keras passes to <c>on_train_begin</c> and the <c>*_begin</c> hooks.</summary>
    public static Logs Empty { get; } = new([], [], 0);

    /// <summary>A view of the first <paramref name="count"/> of <paramref name="values"/>, named by <paramref name="names"/>; the arrays are shared, not copied.</summary>
    internal Logs(string[] names, double[] values, int count) => (_names, _values, _count) = (names, values, count);

    /// <summary>Logs holding <paramref name="values"/> in their order: for calling a callback's hooks outside <c>Fit</c>, as in its tests.</summary>
    /// <exception cref="ArgumentException">A name appears twice.</exception>
    public Logs(IEnumerable<KeyValuePair<string, double>> values) : this()
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach ((string name, double value) in values)
        {
            if (ContainsKey(name)) throw new ArgumentException($"'{name}' appears twice; logs hold each name once.", nameof(values));
            Set(name, value);
        }
    }

    /// <summary>Empty logs that grow as values are set.</summary>
    internal Logs() : this(new string[8], new double[8], 0)
    {
    }

    /// <summary>The number of values.</summary>
    public int Count => _count;

    /// <summary>The value logged as <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">Nothing is logged under that name; the message lists what is.</exception>
    public double this[string name]
        => TryGetValue(name, out double value) ? value
            : throw new KeyNotFoundException($"The logs have no '{name}'; they have {Describe()}.");

    /// <summary>The names, in logging order.</summary>
    public IEnumerable<string> Keys => _names.Take(_count);

    /// <summary>The values, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<double> Values => _values.Take(_count);

    /// <summary>The name at <paramref name="index"/> in logging order.</summary>
    public string NameAt(int index) => (uint)index < (uint)_count ? _names[index] : throw new ArgumentOutOfRangeException(nameof(index), $"The logs hold {_count} value(s); got index {index}.");

    /// <summary>The value at <paramref name="index"/> in logging order.</summary>
    public double ValueAt(int index) => (uint)index < (uint)_count ? _values[index] : throw new ArgumentOutOfRangeException(nameof(index), $"The logs hold {_count} value(s); got index {index}.");

    /// <summary>Whether a value is logged as <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>The value logged as <paramref name="key"/>, if any; never allocates.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? _values[i] : 0;
        return i >= 0;
    }

    /// <summary>The names and values, in logging order.</summary>
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (int i = 0; i < _count; i++) yield return new KeyValuePair<string, double>(_names[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The names, for messages: <c>loss, accuracy, val_loss</c>.</summary>
    internal string Describe() => _count == 0 ? "none" : string.Join(", ", Keys);

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/>, appending it when new (Keras's <c>logs['lr'] = …</c>).</summary>
    internal void Set(string name, double value)
    {
        if (ReferenceEquals(this, Empty)) throw new InvalidOperationException("Logs.Empty is shared and stays empty; a callback cannot add to it.");
        int i = IndexOf(name);
        if (i < 0)
        {
            if (_count == _names.Length)
            {
                Array.Resize(ref _names, Math.Max(8, _count * 2));
                Array.Resize(ref _values, _names.Length);
            }
            i = _count++;
            _names[i] = name;
        }
        _values[i] = value;
    }

    /// <summary>The names as a list, for the progress bar (one small allocation, per epoch).</summary>
    internal IReadOnlyList<string> NameSegment => new ArraySegment<string>(_names, 0, _count);

    /// <summary>The values in logging order.</summary>
    internal ReadOnlySpan<double> ValueSpan => _values.AsSpan(0, _count);

    /// <summary>Replaces every value with <paramref name="names"/> and <paramref name="values"/>.</summary>
    internal void Load(IReadOnlyList<string> names, ReadOnlySpan<double> values)
    {
        _count = 0;
        for (int i = 0; i < names.Count; i++) Set(names[i], values[i]);
    }

    private int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < _count; i++)
            if (string.Equals(_names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}
