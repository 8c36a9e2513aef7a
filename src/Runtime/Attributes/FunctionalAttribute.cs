namespace Compiled;

/// <summary>
/// Makes a <c>partial</c> class a Keras functional model, <c>Model(inputs, outputs)</c>: a graph of nodes,
/// each a <c>partial</c> property carrying one layer attribute that names the nodes it is applied to with
/// <c>nameof</c>, so a rename in the IDE follows every reference and a wrong name is a compile error.
/// </summary>
/// <remarks>
/// Node properties are declared <c>partial T Name { get; }</c>, with <c>T</c> <see cref="DenseWeights"/> for a
/// Dense layer (its kernel and bias) or <see cref="LayerInfo"/> for any layer; the generator implements them.
/// </remarks>
/// <example>
/// <code>
/// [Functional(nameof(Probabilities))]
/// public partial class ResidualNet
/// {
///     [Input(4)] public partial LayerInfo Features { get; }
///     [Dense(16, Activation = Activation.Relu, Input = nameof(Features))] public partial DenseWeights Hidden { get; }
///     [Dense(16, Activation = Activation.Relu, Input = nameof(Hidden))] public partial DenseWeights Block { get; }
///     [Add(nameof(Hidden), nameof(Block))] public partial LayerInfo Residual { get; }
///     [Dense(3, Activation = Activation.Softmax, Input = nameof(Residual))] public partial DenseWeights Probabilities { get; }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FunctionalAttribute : Attribute
{
    /// <param name="outputs">The model's output nodes, <c>nameof</c> their properties, in order.</param>
    public FunctionalAttribute(params string[] outputs) => Outputs = outputs;

    /// <summary>The model's output nodes, Keras's <c>Model(outputs=...)</c>.</summary>
    public string[] Outputs { get; }

    /// <summary>
    /// The model's input nodes in the order a sample lays them out, Keras's <c>Model(inputs=...)</c>;
    /// by default every <see cref="InputAttribute"/> property in declaration order.
    /// </summary>
    public string[]? Inputs { get; set; }

    /// <summary>The model's name in its summary; Keras's default is <c>model</c>.</summary>
    public string? Name { get; set; }
}
