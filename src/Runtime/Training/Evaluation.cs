namespace Compiled;

/// <summary>What <c>Evaluate</c> returns: the mean loss and metrics over the data, Keras's <c>evaluate</c> list as named values.</summary>
public sealed class Evaluation
{
    private readonly string[] _names;
    private readonly double[] _values;

    internal Evaluation(string[] names, double[] values) => (_names, _values) = (names, values);

    /// <summary>The mean loss.</summary>
    public double Loss => _values[0];

    /// <summary>The value logged as <paramref name="name"/> (<c>loss</c> or a metric's name).</summary>
    public double this[string name]
    {
        get
        {
            int i = Array.IndexOf(_names, name);
            return i >= 0 ? _values[i] : throw new KeyNotFoundException($"Evaluation has no '{name}'; it has {string.Join(", ", _names)}.");
        }
    }

    /// <summary>The names, <c>loss</c> first.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The values in the order of <see cref="Names"/>, as Keras's <c>evaluate</c> returns them.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc/>
    public override string ToString() => string.Join(" - ", _names.Select((n, i) => $"{n}: {ProgressBar.FormatValue(_values[i])}"));
}
