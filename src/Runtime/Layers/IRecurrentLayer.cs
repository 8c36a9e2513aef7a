namespace Compiled;

/// <summary>
/// What a wrapper (<see cref="BidirectionalLayer"/>) needs of the recurrent layer it wraps, whatever its kind: its sizes
/// and flags, and its ONNX operator (<c>LSTM</c>, <c>GRU</c>) with that operator's operands for one or two directions.
/// </summary>
internal interface IRecurrentLayer
{
    /// <summary>The size of the layer's state and of each step's output.</summary>
    int Units { get; }

    /// <summary>How many time steps a sample has.</summary>
    int Timesteps { get; }

    /// <summary>Whether the output is every step's state rather than the last one's.</summary>
    bool ReturnSequences { get; }

    /// <summary>Whether the sequence is read from its last step to its first.</summary>
    bool GoBackwards { get; }

    /// <summary>The ONNX operator that computes the layer, which takes a <c>direction</c> attribute.</summary>
    string OnnxOperator { get; }

    /// <summary>
    /// The operator's operands after its input (<c>W</c>, <c>R</c> and, with a bias, <c>B</c>), one direction per run of
    /// this layer's variables stacked on their first axis, named under <paramref name="prefix"/>; and its attributes.
    /// </summary>
    (List<string> Operands, List<OnnxAttribute> Attributes) OnnxOperands(OnnxGraph graph, string prefix, params IReadOnlyList<LayerVariable>[] runs);
}
