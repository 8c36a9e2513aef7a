using System.Text.Json;

namespace Compiled;

/// <summary>
/// An Activation layer as the generator saw it, Keras's <c>Activation(activation)</c>: the function applied
/// element-wise (softmax: over the last axis). Input and output have the same shape; no weights.
/// </summary>
public sealed class ActivationLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Activation</c>.</summary>
    public const string ClassName = "Activation";

    /// <param name="name">Keras's layer name: <c>activation</c>, <c>activation_1</c>, …</param>
    /// <param name="shape">One sample's shape, in and out.</param>
    /// <param name="function">The function applied.</param>
    public ActivationLayer(string name, IReadOnlyList<int> shape, Activation function)
        : base(name, shape, shape) => Function = function;

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The function applied, Keras's <c>activation</c>.</summary>
    public Activation Function { get; }

    /// <inheritdoc/>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("activation", KerasJson.ActivationName(Function));
    }

    /// <inheritdoc/>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        string expected = KerasJson.ActivationName(Function);
        return KerasJson.String(config, "activation") is string function && function != expected
            ? $"the file's Activation applies '{function}'; {expectedBy} expects '{expected}'"
            : null;
    }

    /// <summary>ONNX's <c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>, <c>HardSigmoid</c> or <c>Softmax</c> (over the last axis); <c>Identity</c> for <c>linear</c>.</summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        return LowerActivation(graph, Function, Name, inputs[0]);
    }

    /// <summary>
    /// Adds the node of <paramref name="function"/> applied to <paramref name="input"/>, named
    /// <c>&lt;layer&gt;/&lt;function&gt;</c>: <c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>, <c>HardSigmoid</c>, <c>Softmax</c> over
    /// the last axis, or <c>Identity</c> for <c>linear</c>. Dense and the activation layers share it.
    /// </summary>
    internal static string LowerActivation(OnnxGraph graph, Activation function, string layer, string input)
    {
        string name = layer + "/" + KerasJson.ActivationName(function);
        return function switch
        {
            Activation.Linear => graph.AddNode("Identity", name, [input]),
            Activation.Relu => graph.AddNode("Relu", name, [input]),
            Activation.Sigmoid => graph.AddNode("Sigmoid", name, [input]),
            Activation.Tanh => graph.AddNode("Tanh", name, [input]),
            Activation.Softmax => graph.AddNode("Softmax", name, [input], OnnxAttribute.FromInt("axis", -1)),
            // ONNX's HardSigmoid is max(0, min(1, alpha·x + beta)); Keras 2's slope and offset are given, not left to defaults.
            Activation.HardSigmoid => graph.AddNode("HardSigmoid", name, [input], OnnxAttribute.FromFloat("alpha", 0.2f), OnnxAttribute.FromFloat("beta", 0.5f)),
            _ => throw new NotSupportedException($"Activation {function} has no ONNX operator here."),
        };
    }
}
