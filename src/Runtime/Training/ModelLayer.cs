namespace Compiled;

/// <summary>
/// One layer of a model with access to its weights, Keras's <c>model.get_layer(name)</c>: its description
/// (<see cref="Info"/>) and <see cref="GetWeights"/>/<see cref="SetWeights"/> on the model's buffers.
/// </summary>
public sealed class ModelLayer
{
    private readonly Model _model;

    internal ModelLayer(Model model, LayerInfo info) => (_model, Info) = (model, info);

    /// <summary>The layer as the generator saw it: its class, shapes, variables and configuration.</summary>
    public LayerInfo Info { get; }

    /// <summary>Keras's layer name.</summary>
    public string Name => Info.Name;

    /// <summary>Keras's <c>layer.get_weights()</c>: copies of the layer's weights, trainable ones first, in Keras's order and shapes.</summary>
    public IReadOnlyList<Weight> GetWeights() => _model.GetLayerWeights(Info);

    /// <summary>Keras's <c>layer.set_weights(weights)</c>: as many weights as <see cref="GetWeights"/> gives, of the same shapes, in its order; nothing changes unless all fit.</summary>
    /// <exception cref="ArgumentException">The count or a shape differs; the message names the weight and both shapes.</exception>
    public void SetWeights(IReadOnlyList<Weight> weights) => _model.SetLayerWeights(Info, weights);

    /// <inheritdoc/>
    public override string ToString() => Info.ToString();
}
