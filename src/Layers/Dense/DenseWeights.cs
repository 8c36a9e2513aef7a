namespace Compiled;

/// <summary>A Dense layer's slice of its model's parameter buffer: the kernel <c>(inputs, units)</c> row-major, then the bias <c>(units)</c>.</summary>
public readonly struct DenseWeights
{
    private readonly float[] _parameters;
    private readonly int _offset;

    /// <summary>Views <paramref name="parameters"/> from <paramref name="offset"/>.</summary>
    public DenseWeights(float[] parameters, int offset, int inputs, int units, bool useBias)
    {
        (_parameters, _offset, Inputs, Units, UseBias) = (parameters, offset, inputs, units, useBias);
    }

    /// <summary>The input width.</summary>
    public int Inputs { get; }
    /// <summary>The output width.</summary>
    public int Units { get; }
    /// <summary>Whether the layer has a bias.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel, <c>Inputs × Units</c> values in Keras's <c>(input_dim, units)</c> row-major order.</summary>
    public Span<float> Kernel => _parameters.AsSpan(_offset, Inputs * Units);

    /// <summary>The bias, <c>Units</c> values (empty without a bias).</summary>
    public Span<float> Bias => UseBias ? _parameters.AsSpan(_offset + Inputs * Units, Units) : Span<float>.Empty;
}
