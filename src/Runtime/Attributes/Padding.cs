namespace Compiled;

/// <summary>How a sliding window treats the input's edges, by Keras's names (<c>padding='same'</c> is <c>Padding.Same</c>).</summary>
public enum Padding
{
    /// <summary><c>valid</c>: no padding; the window stays inside the input, so <c>out = floor((in - (k - 1)·d - 1) / s) + 1</c>.</summary>
    Valid = 0,
    /// <summary>
    /// <c>same</c>: zeros around the input so that <c>out = ceil(in / s)</c>; of the padding TensorFlow needs, the odd value
    /// goes after (below and right of) the input.
    /// </summary>
    Same = 1,
    /// <summary><c>causal</c> (Conv1D only): <c>(k - 1)·d</c> zeros before the sequence, so step t sees only steps up to t.</summary>
    Causal = 2,
}
