using System.Text.Json;

namespace Compiled;

/// <summary>
/// A TimeDistributed layer as the generator saw it, Keras's <c>TimeDistributed(layer)</c>: <see cref="Layer"/> (as it
/// sees one step) applied to every step of a <c>(timesteps, ...)</c> input. Its variables are the wrapped layer's, created
/// in the wrapper's name scope as tf.keras 2 creates them, so files name them <c>time_distributed/kernel:0</c>.
/// </summary>
public sealed class TimeDistributedLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>TimeDistributed</c>.</summary>
    public const string ClassName = "TimeDistributed";

    /// <param name="name">Keras's layer name: <c>time_distributed</c>, <c>time_distributed_1</c>, …</param>
    /// <param name="timesteps">The steps of the input, each of the wrapped layer's input shape.</param>
    /// <param name="layer">The wrapped layer, described for one step; its variables place the weights.</param>
    public TimeDistributedLayer(string name, int timesteps, DenseLayer layer)
        : base(name, [Positive(timesteps), .. Checked(layer).InputShape], [timesteps, .. layer.OutputShape], layer.Variables.Select(v => new LayerVariable(v.Name, v.Shape, v.Offset, v.Trainable)).ToArray())
    {
        (Timesteps, Layer) = (timesteps, layer);
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The steps the layer is applied to.</summary>
    public int Timesteps { get; }

    /// <summary>The wrapped layer, as it sees one step (Keras's <c>layer</c>).</summary>
    public DenseLayer Layer { get; }

    /// <summary>
    /// Writes tf.keras 2.4's <c>TimeDistributed.get_config</c> entry: <c>layer</c>, the wrapped layer's
    /// <c>{"class_name", "config"}</c> (its name, <c>trainable</c>, <c>dtype</c> and its own entries).
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WrappedLayerConfig.Write(writer, Layer);
    }

    /// <summary>Compares the wrapped layer's class, and its configuration as that layer compares it.</summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
        => WrappedLayerConfig.Compare(config, this, Layer, expectedBy);

    /// <summary>
    /// The wrapped Dense's own lowering, which is already per step: ONNX's <c>MatMul</c> of the <c>(batch, timesteps, features)</c>
    /// input by the <c>(features, units)</c> kernel multiplies every step's row, then the bias and activation broadcast over the steps.
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs) => Layer.LowerToOnnx(graph, inputs);

    private static DenseLayer Checked(DenseLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer;
    }

    private static int Positive(int timesteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timesteps);
        return timesteps;
    }

    /// <summary>Keras 3's <c>Wrapper.get_config</c>: the base entries, then <c>layer</c>, the wrapped layer serialized with its own Keras 3 configuration.</summary>
    public override void WriteKeras3Config(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        System.Text.Json.Nodes.JsonObject config = new()
        {
            ["name"] = Name,
            ["trainable"] = true,
            ["dtype"] = Keras3Config.DTypePolicy(),
            ["layer"] = Keras3Config.Serialized(Layer, Keras3Config.Keras3Entries(Layer)),
        };
        Keras3Config.WriteEntries(writer, config);
    }

    /// <summary>Keras 3 keeps the wrapped layer's weights below its <c>layer</c> attribute: <c>layers/time_distributed/layer/vars/0</c>.</summary>
    public override string? Keras3VariableOwner(LayerVariable variable)
    {
        int index = Variables.ToList().IndexOf(variable);
        string? inner = index >= 0 ? Layer.Keras3VariableOwner(Layer.Variables[index]) : null;
        return inner is null ? "layer" : "layer/" + inner;
    }
}
