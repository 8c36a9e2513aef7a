using System.Text.Json;

namespace Compiled;

/// <summary>
/// One layer of a compiled model as the generator saw it: what exporters (Keras files, ONNX) need to rebuild the
/// network elsewhere. Each layer kind describes itself in a subclass (<see cref="DenseLayer"/>,
/// <see cref="ReLULayer"/>, …, one per folder under <c>src/Layers</c>): its weights, how it writes and compares its
/// Keras configuration (Keras's <c>get_config</c>), and its ONNX lowering, so that exporters loop over layers and
/// name no kind. The model's own passes never read it.
/// </summary>
/// <remarks>A functional model's node properties are declared with this type: <c>[Input(4)] public partial LayerInfo Features { get; }</c>.</remarks>
public abstract class LayerInfo
{
    private protected LayerInfo(string name, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape, IReadOnlyList<LayerVariable>? variables = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(outputShape);
        Name = name;
        InputShape = inputShape.ToArray();
        OutputShape = outputShape.ToArray();
        Variables = variables ?? [];
    }

    /// <summary>Keras's layer name: <c>dense</c>, <c>dense_1</c>, <c>re_lu</c>, …</summary>
    public string Name { get; }

    /// <summary>Keras's class name: <c>Dense</c>, <c>ReLU</c>, <c>Softmax</c>, <c>Activation</c>, <c>InputLayer</c>, …</summary>
    public abstract string KerasClass { get; }

    /// <summary>One sample's input shape, without the batch axis (a merge layer's: its first input's).</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>One sample's output shape, without the batch axis.</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>The layers whose outputs this layer takes, in order; empty for input layers and for a Sequential model's first layer.</summary>
    public IReadOnlyList<string> Inbound { get; init; } = [];

    /// <summary>
    /// The layer's weights in Keras's order and with Keras's names (<c>kernel</c>, <c>bias</c>, …): trainable ones
    /// live in <see cref="Model.Parameters"/>, the others in <see cref="Model.NonTrainableParameters"/>. Empty for
    /// layers without weights.
    /// </summary>
    public IReadOnlyList<LayerVariable> Variables { get; }

    /// <summary>
    /// The layer's regularizers by Keras argument (<c>kernel_regularizer</c>, <c>bias_regularizer</c>,
    /// <c>recurrent_regularizer</c>, <c>embeddings_regularizer</c>, <c>activity_regularizer</c>); only those set.
    /// A weight's penalty is added to the training loss (<see cref="RegularizerOf"/>).
    /// </summary>
    public IReadOnlyDictionary<string, Regularizer> Regularizers { get; init; } = EmptyRules<Regularizer>.Value;

    /// <summary>
    /// The layer's constraints by Keras argument (<c>kernel_constraint</c>, <c>bias_constraint</c>,
    /// <c>recurrent_constraint</c>, <c>embeddings_constraint</c>); only those set. Applied after every optimizer update.
    /// </summary>
    public IReadOnlyDictionary<string, Constraint> Constraints { get; init; } = EmptyRules<Constraint>.Value;

    /// <summary>
    /// The regularizer of one of <see cref="Variables"/>: <c>kernel_regularizer</c> for <c>kernel</c>,
    /// <c>recurrent_regularizer</c> for <c>recurrent_kernel</c>, <c>bias_regularizer</c> for <c>bias</c>, … null when none.
    /// </summary>
    public Regularizer? RegularizerOf(LayerVariable variable)
        => Regularizers.TryGetValue(ArgumentStem(variable) + "_regularizer", out Regularizer? regularizer) ? regularizer : null;

    /// <summary>The constraint of one of <see cref="Variables"/>, found as <see cref="RegularizerOf"/> finds its regularizer; null when none.</summary>
    public Constraint? ConstraintOf(LayerVariable variable)
        => Constraints.TryGetValue(ArgumentStem(variable) + "_constraint", out Constraint? constraint) ? constraint : null;

    /// <summary>Keras names a weight's arguments after it, a recurrent kernel's after <c>recurrent</c>.</summary>
    private static string ArgumentStem(LayerVariable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable.Name != "kernel" && variable.Name.EndsWith("_kernel", StringComparison.Ordinal) ? variable.Name[..^"_kernel".Length] : variable.Name;
    }

    /// <summary>
    /// Writes Keras configuration entries <paramref name="arguments"/> (<c>kernel_regularizer</c>, <c>bias_constraint</c>,
    /// …) from <see cref="Regularizers"/> and <see cref="Constraints"/>: the object Keras serializes, or null when unset.
    /// </summary>
    private protected void WriteRules(Utf8JsonWriter writer, params string[] arguments)
    {
        foreach (string argument in arguments)
        {
            writer.WritePropertyName(argument);
            if (Regularizers.TryGetValue(argument, out Regularizer? regularizer)) regularizer.WriteKerasConfig(writer);
            else if (Constraints.TryGetValue(argument, out Constraint? constraint)) constraint.WriteKerasConfig(writer);
            else writer.WriteNullValue();
        }
    }

    /// <summary>
    /// Compares a file's entries <paramref name="arguments"/> with <see cref="Regularizers"/> and
    /// <see cref="Constraints"/>: the first difference (<c>the file's Dense has kernel_regularizer l2(0.01); IrisNet
    /// expects none</c>), or null. Entries the file omits agree.
    /// </summary>
    private protected string? CompareRules(JsonElement config, string expectedBy, params string[] arguments)
    {
        foreach (string argument in arguments)
        {
            if (!KerasJson.Has(config, argument, out JsonElement entry)) continue;
            bool isRegularizer = argument.EndsWith("_regularizer", StringComparison.Ordinal);
            object? found, expected;
            try
            {
                found = isRegularizer ? Regularizer.FromKerasConfig(entry) : Constraint.FromKerasConfig(entry);
            }
            catch (FormatException e)
            {
                return $"the file's {KerasClass} has {argument} {entry}, which {expectedBy} cannot read: {e.Message}";
            }
            expected = isRegularizer ? Regularizers.GetValueOrDefault(argument) : Constraints.GetValueOrDefault(argument);
            if (!Equals(found, expected))
                return $"the file's {KerasClass} has {argument} {found?.ToString() ?? "None"}; {expectedBy} expects {expected?.ToString() ?? "None"}";
        }
        return null;
    }

    /// <summary>How many trainable parameters the layer has: the sizes of its trainable <see cref="Variables"/>.</summary>
    public int ParameterCount => Variables.Where(v => v.Trainable).Sum(v => v.Length);

    /// <summary>
    /// Whether this is a model input (Keras's <c>InputLayer</c>): a functional model's source of values, with no
    /// computation, no weights and none of the base layer's configuration (<c>trainable</c>), which is not compared
    /// with a file's layers since a Sequential file may list one where a compiled Sequential model has none.
    /// </summary>
    public virtual bool IsInput => false;

    /// <summary>
    /// Writes this layer's own entries of its Keras configuration (its <c>get_config</c>) into the open
    /// <c>config</c> object: Dense's <c>units</c>, <c>activation</c>, <c>use_bias</c> and initializers, Softmax's
    /// <c>axis</c>, … The entries every layer has (<c>name</c>, <c>trainable</c>, <c>dtype</c>, <c>batch_input_shape</c>)
    /// and a functional model's <c>inbound_nodes</c> are written by the model's writer, not here.
    /// </summary>
    /// <param name="writer">A writer positioned inside the layer's <c>config</c> object.</param>
    public virtual void WriteKerasConfig(Utf8JsonWriter writer) => ArgumentNullException.ThrowIfNull(writer);

    /// <summary>
    /// Compares a file's Keras configuration of a layer of this class with this layer, and describes the first
    /// difference, such as <c>the file's Dense has units 32; IrisNet expects 16</c>; null when they agree. Entries
    /// the file leaves out are taken as agreeing (older Keras versions omit some), and a configuration in a form this
    /// library cannot read (Keras 1's names, <c>channels_first</c>) is described as a difference.
    /// </summary>
    /// <param name="config">The layer's <c>config</c> object from the file's <c>model_config</c>.</param>
    /// <param name="expectedBy">Who expects this layer, for the message: the model class's name.</param>
    public virtual string? CompareKerasConfig(JsonElement config, string expectedBy) => null;

    /// <summary>
    /// Writes this layer's whole Keras 3 configuration (what Keras 3's <c>get_config</c> returns, as a <c>.keras</c> file's
    /// <c>config.json</c> holds it) into the open <c>config</c> object: <c>name</c>, <c>trainable</c>, the <c>dtype</c> policy
    /// object and the layer's own entries. By default the Keras 2 entries (<see cref="WriteKerasConfig"/>) in Keras 3's
    /// envelopes (initializers as <c>{"module", "class_name", "config", "registered_name"}</c>); a kind whose Keras 3 entries
    /// differ overrides this. A file's Keras 3 configuration is compared by <see cref="CompareKerasConfig"/>, which reads
    /// the entries both versions share.
    /// </summary>
    /// <param name="writer">A writer positioned inside the layer's <c>config</c> object.</param>
    public virtual void WriteKeras3Config(Utf8JsonWriter writer) => Keras3Config.WriteEntries(writer, Keras3Config.Of(this));

    /// <summary>
    /// Where Keras 3 keeps <paramref name="variable"/> below the layer in a <c>.keras</c> file's <c>model.weights.h5</c>:
    /// the path of the object owning it (saving_lib's walk over the layer's attributes), such as <c>cell</c> for a recurrent
    /// layer's weights (<c>layers/lstm/cell/vars/0</c>); null when the layer owns it (<c>layers/dense/vars/0</c>).
    /// </summary>
    /// <param name="variable">One of this layer's <see cref="Variables"/>.</param>
    public virtual string? Keras3VariableOwner(LayerVariable variable) => null;

    /// <summary>
    /// Adds this layer to an ONNX graph: its weights as initializers and its computation as nodes, each node named
    /// <c>&lt;layer&gt;/&lt;operation&gt;</c>.
    /// </summary>
    /// <param name="graph">The graph being built, which also gives the model's weights.</param>
    /// <param name="inputs">The names of the values this layer takes, in <see cref="Inbound"/> order (one for a layer with a single input).</param>
    /// <returns>The name of the value the layer produces.</returns>
    public abstract string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({KerasClass}) {Model.Shape(InputShape.ToArray())} -> {Model.Shape(OutputShape.ToArray())}";
}

/// <summary>One empty dictionary of rules, shared by every layer without any.</summary>
file static class EmptyRules<T>
{
    public static readonly IReadOnlyDictionary<string, T> Value = new Dictionary<string, T>();
}
