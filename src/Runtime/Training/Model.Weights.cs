namespace Compiled;

public abstract partial class Model
{
    private WeightRules? _weightRules;

    /// <summary>The model's regularizer and constraint tables, built on first use (both empty for most models).</summary>
    private WeightRules Rules => _weightRules ??= WeightRules.Of(Architecture);

    /// <summary>
    /// The sum of every weight regularizer's penalty at the current weights (Keras's weight part of
    /// <c>sum(model.losses)</c>), which training adds to each batch's loss; 0 without regularizers.
    /// </summary>
    public double RegularizationPenalty() => Rules.Penalty(_parameters);

    /// <summary>
    /// The activity regularizers' penalty of the last forward pass (Keras's <c>activity_regularizer</c> losses, each
    /// divided by the batch size), which the generated forward pass of a model with one sets; 0 for other models.
    /// </summary>
    protected double ActivityPenalty { get; set; }

    /// <summary>Adds the regularizers' gradients to the batch's and returns their penalty, which the step adds to its loss once per batch.</summary>
    private double AddRegularization() => Rules.AddPenalties(_parameters, _gradients);

    /// <summary>Applies the constraints to the weights the optimizer has just updated.</summary>
    private void ApplyConstraints() => Rules.ApplyConstraints(_parameters);

    /// <summary>
    /// Keras's <c>model.get_layer(name)</c>: a layer with access to its weights.
    /// </summary>
    /// <exception cref="ArgumentException">No layer has that name; the message lists the names there are.</exception>
    public ModelLayer GetLayer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (LayerInfo layer in Architecture)
            if (layer.Name == name) return new ModelLayer(this, layer);
        throw new ArgumentException($"{Name} has no layer '{name}'; its layers are {string.Join(", ", Architecture.Select(l => l.Name))}.", nameof(name));
    }

    /// <summary>Keras's <c>model.get_layer(index=...)</c>: layer <paramref name="index"/> of <see cref="Architecture"/>.</summary>
    public ModelLayer GetLayer(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Architecture.Count);
        return new ModelLayer(this, Architecture[index]);
    }

    /// <summary>
    /// Keras's <c>model.get_weights()</c>: copies of every weight, layer after layer, each layer's trainable weights then
    /// its non-trainable ones (BatchNormalization: gamma, beta, moving_mean, moving_variance), in Keras's shapes.
    /// </summary>
    public IReadOnlyList<Weight> GetWeights() => Architecture.SelectMany(GetLayerWeights).ToArray();

    /// <summary>
    /// Keras's <c>model.set_weights(weights)</c>: as many weights as <see cref="GetWeights"/> gives, in its order and shapes.
    /// Every count and shape is checked before any value is written, so a mismatch changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The count or a shape differs; the message names the weight and both shapes.</exception>
    public void SetWeights(IReadOnlyList<Weight> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Assign(Architecture.SelectMany(layer => KerasOrder(layer).Select(v => (layer, v))).ToArray(), weights, "model " + Name);
    }

    /// <summary>One layer's weights, as <see cref="ModelLayer.GetWeights"/>.</summary>
    internal IReadOnlyList<Weight> GetLayerWeights(LayerInfo layer)
        => KerasOrder(layer).Select(v => new Weight(KerasName(layer, v), v.Shape.ToArray(), WeightsOf(v).ToArray())).ToArray();

    /// <summary>Sets one layer's weights, as <see cref="ModelLayer.SetWeights"/>.</summary>
    internal void SetLayerWeights(LayerInfo layer, IReadOnlyList<Weight> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Assign(KerasOrder(layer).Select(v => (layer, v)).ToArray(), weights, $"layer {layer.Name}");
    }

    private void Assign((LayerInfo Layer, LayerVariable Variable)[] targets, IReadOnlyList<Weight> weights, string owner)
    {
        if (weights.Count != targets.Length)
            throw new ArgumentException($"{owner} has {targets.Length} weights ({string.Join(", ", targets.Select(t => KerasName(t.Layer, t.Variable)))}); {weights.Count} were given.", nameof(weights));
        for (int i = 0; i < targets.Length; i++)
        {
            (LayerInfo layer, LayerVariable variable) = targets[i];
            Weight weight = weights[i] ?? throw new ArgumentException($"Weight {i} ({KerasName(layer, variable)}) is null.", nameof(weights));
            string expected = ShapeText(variable.Shape);
            if (weight.Shape is null || !weight.Shape.SequenceEqual(variable.Shape))
                throw new ArgumentException($"Weight {i} ({KerasName(layer, variable)}) of {owner} has shape {expected}; the weight given has shape {(weight.Shape is null ? "null" : ShapeText(weight.Shape))}.", nameof(weights));
            if (weight.Values is null || weight.Values.Length != variable.Length)
                throw new ArgumentException($"Weight {i} ({KerasName(layer, variable)}) of {owner} has shape {expected}, {variable.Length} values; the weight given holds {weight.Values?.Length ?? 0} values for shape {ShapeText(weight.Shape)}.", nameof(weights));
            WeightsOf(variable);
        }
        for (int i = 0; i < targets.Length; i++) weights[i].Values.CopyTo(WeightsOf(targets[i].Variable));
    }

    /// <summary>Keras's <c>layer.weights</c> order: trainable weights, then non-trainable ones, each in the layer's order.</summary>
    private static IEnumerable<LayerVariable> KerasOrder(LayerInfo layer)
        => layer.Variables.Where(v => v.Trainable).Concat(layer.Variables.Where(v => !v.Trainable));

    /// <summary>Keras's variable name: <c>dense/kernel:0</c>, <c>lstm/lstm_cell/kernel:0</c>.</summary>
    private static string KerasName(LayerInfo layer, LayerVariable variable)
        => variable.Scope is string scope ? $"{layer.Name}/{scope}/{variable.Name}:0" : $"{layer.Name}/{variable.Name}:0";

    private static string ShapeText(IReadOnlyList<int> shape) => shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
