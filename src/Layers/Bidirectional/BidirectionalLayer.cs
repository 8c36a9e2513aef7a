using System.Text.Json;

namespace Compiled;

/// <summary>
/// A Bidirectional layer as the generator saw it, Keras's <c>Bidirectional(layer, merge_mode='concat')</c>: a forward copy
/// of <see cref="Layer"/> and a backward copy (<c>go_backwards</c> flipped), each with its own weights, their outputs merged
/// (<see cref="MergeMode"/>), the backward copy's sequence turned back to input time order. Its variables are the forward
/// copy's, named in Keras's <c>forward_lstm</c> scope (<c>bidirectional/forward_lstm/lstm_cell/kernel:0</c>), then the
/// backward copy's (<c>backward_lstm</c>), one after the other in <see cref="Model.Parameters"/>.
/// </summary>
public sealed class BidirectionalLayer : LayerInfo
{
    /// <summary>Keras's class name, <c>Bidirectional</c>.</summary>
    public const string ClassName = "Bidirectional";

    /// <param name="name">Keras's layer name: <c>bidirectional</c>, <c>bidirectional_1</c>, …</param>
    /// <param name="layer">The wrapped recurrent layer, whose variables place the forward copy's weights; the backward copy's follow them.</param>
    /// <param name="mergeMode">How the two copies' outputs are combined.</param>
    public BidirectionalLayer(string name, RecurrentLayer layer, MergeMode mergeMode)
        : base(name, Checked(layer).InputShape, OutputShapeOf(layer, mergeMode), VariablesOf(layer))
    {
        (Layer, MergeMode) = (layer, mergeMode);
    }

    /// <inheritdoc/>
    public override string KerasClass => ClassName;

    /// <summary>The wrapped layer, as the forward copy computes it (Keras's <c>layer</c>).</summary>
    public RecurrentLayer Layer { get; }

    /// <summary>How the two copies' outputs are combined, Keras's <c>merge_mode</c>.</summary>
    public MergeMode MergeMode { get; }

    /// <summary>The forward copy's variables, in the wrapped layer's order.</summary>
    public IReadOnlyList<LayerVariable> ForwardVariables => Variables.Take(Layer.Variables.Count).ToArray();

    /// <summary>The backward copy's variables, in the wrapped layer's order.</summary>
    public IReadOnlyList<LayerVariable> BackwardVariables => Variables.Skip(Layer.Variables.Count).ToArray();

    /// <summary>
    /// Writes tf.keras 2.4's <c>Bidirectional.get_config</c> entries: <c>layer</c>, the wrapped layer's
    /// <c>{"class_name", "config"}</c> (its name, <c>trainable</c>, <c>dtype</c> and its own entries), then <c>merge_mode</c>.
    /// </summary>
    public override void WriteKerasConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WrappedLayerConfig.Write(writer, Layer);
        writer.WriteString("merge_mode", KerasMergeMode(MergeMode));
    }

    /// <summary>
    /// Writes Keras 3's <c>Bidirectional.get_config</c>: the base entries, <c>merge_mode</c>, then <c>layer</c> and
    /// <c>backward_layer</c>, Keras 3's two copies serialized (<c>forward_lstm</c>, and <c>backward_lstm</c> with
    /// <c>go_backwards</c> flipped), each in the wrapped kind's own Keras 3 configuration.
    /// </summary>
    public override void WriteKeras3Config(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        System.Text.Json.Nodes.JsonObject config = new()
        {
            ["name"] = Name,
            ["trainable"] = true,
            ["dtype"] = Keras3Config.DTypePolicy(),
            ["merge_mode"] = KerasMergeMode(MergeMode),
            ["layer"] = Copy("forward", Layer.GoBackwards),
            ["backward_layer"] = Copy("backward", !Layer.GoBackwards),
        };
        Keras3Config.WriteEntries(writer, config);
    }

    private System.Text.Json.Nodes.JsonObject Copy(string direction, bool goBackwards)
    {
        System.Text.Json.Nodes.JsonObject config = Keras3Config.Keras3Entries(Layer);
        config["name"] = $"{direction}_{Layer.Name}";
        config["go_backwards"] = goBackwards;
        return Keras3Config.Serialized(Layer, config);
    }

    /// <summary>Keras 3 keeps the copies' weights below its <c>forward_layer</c> and <c>backward_layer</c>: <c>layers/bidirectional/forward_layer/cell/vars/0</c>.</summary>
    public override string? Keras3VariableOwner(LayerVariable variable)
    {
        int index = Variables.ToList().IndexOf(variable);
        if (index < 0) return null;
        int count = Layer.Variables.Count;
        string copy = index < count ? "forward_layer" : "backward_layer";
        return Layer.Keras3VariableOwner(Layer.Variables[index % count]) is string inner ? $"{copy}/{inner}" : copy;
    }

    /// <summary>
    /// Compares <c>merge_mode</c> (Keras's <c>None</c> is refused: Compiled's Bidirectional always merges), the wrapped
    /// layer's class, and its configuration as that layer compares it.
    /// </summary>
    public override string? CompareKerasConfig(JsonElement config, string expectedBy)
    {
        if (KerasJson.Has(config, "merge_mode", out JsonElement merge))
        {
            string expected = KerasMergeMode(MergeMode);
            if (merge.ValueKind == JsonValueKind.Null)
                return $"the file's Bidirectional has merge_mode None (the two outputs apart), which Compiled does not support; {expectedBy} expects '{expected}'";
            if (merge.ValueKind != JsonValueKind.String || merge.GetString() != expected)
                return $"the file's Bidirectional has merge_mode {(merge.ValueKind == JsonValueKind.String ? $"'{merge.GetString()}'" : merge.GetRawText())}; {expectedBy} expects '{expected}'";
        }
        return WrappedLayerConfig.Compare(config, this, Layer, expectedBy);
    }

    /// <summary>
    /// The wrapped kind's ONNX operator (<c>LSTM</c>, <c>GRU</c>, <c>RNN</c>) with <c>direction="bidirectional"</c> (<c>W</c>, <c>R</c> and <c>B</c> stacked forward then backward),
    /// which gives the backward direction's outputs in input time order as Keras's merge takes them; then with
    /// <c>return_sequences</c> all of <c>Y</c> <c>(timesteps, 2, batch, units)</c>, else each direction's last state
    /// (the forward one's last step and the backward one's first), merged:
    /// the directions side by side on the last axis (<c>concat</c>), or their sum, product or mean.
    /// </summary>
    public override string LowerToOnnx(OnnxGraph graph, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        if (Layer.GoBackwards)
            throw new NotSupportedException($"Bidirectional '{Name}' wraps {Layer.KerasClass} '{Layer.Name}' with go_backwards, which ONNX's bidirectional {Layer.OnnxOperator} does not express.");
        string sequence = graph.AddNode("Transpose", Name + "/to_time_major", [inputs[0]], OnnxAttribute.FromInts("perm", 1, 0, 2));
        (List<string> operands, List<OnnxAttribute> attributes) = Layer.OnnxOperands(graph, Name, ForwardVariables, BackwardVariables);
        attributes.Add(OnnxAttribute.FromString("direction", "bidirectional"));
        // Y, (timesteps, 2, batch, units): the backward direction's step t is its output for input step t, so its last state is at step 0.
        string states = graph.AddNode(Layer.OnnxOperator, $"{Name}/{Layer.OnnxOperator.ToLowerInvariant()}", [sequence, .. operands], [.. attributes]);
        string directions = Layer.ReturnSequences
            ? graph.AddNode("Transpose", Name + "/to_batch_major", [states], OnnxAttribute.FromInts("perm", 2, 0, 1, 3))
            : graph.AddNode("Concat", Name + "/last_states", [LastState(graph, states, 0), LastState(graph, states, 1)], OnnxAttribute.FromInt("axis", 1));
        int axis = Layer.ReturnSequences ? 2 : 1;
        if (MergeMode == MergeMode.Concat)
        {
            long[] shape = Layer.ReturnSequences ? [0, 0, -1] : [0, -1];
            return graph.AddNode("Reshape", Name + "/output", [directions, graph.AddInt64Initializer(Name + "/merged_shape", shape, shape.Length)]);
        }
        string Direction(int d) => graph.AddNode("Gather", $"{Name}/{(d == 0 ? "forward" : "backward")}", [directions, graph.AddInt64Initializer($"{Name}/direction_{d}", [d])],
            OnnxAttribute.FromInt("axis", axis));
        string forward = Direction(0), backward = Direction(1);
        return MergeMode switch
        {
            MergeMode.Sum => graph.AddNode("Add", Name + "/output", [forward, backward]),
            MergeMode.Mul => graph.AddNode("Mul", Name + "/output", [forward, backward]),
            _ => graph.AddNode("Mul", Name + "/output", [graph.AddNode("Add", Name + "/sum", [forward, backward]), graph.AddFloatInitializer(Name + "/half", [0.5f])]),
        };
    }

    /// <summary>Direction <paramref name="direction"/>'s last state from <c>Y</c>, as <c>(batch, 1, units)</c>.</summary>
    private string LastState(OnnxGraph graph, string states, int direction)
    {
        string which = direction == 0 ? "forward" : "backward";
        string step = graph.AddNode("Gather", $"{Name}/{which}_last_step", [states, graph.AddInt64Initializer($"{Name}/{which}_last_index", [direction == 0 ? -1 : 0])],
            OnnxAttribute.FromInt("axis", 0));
        string state = graph.AddNode("Gather", $"{Name}/{which}_state", [step, graph.AddInt64Initializer($"{Name}/{which}_direction", [direction])], OnnxAttribute.FromInt("axis", 0));
        return graph.AddNode("Unsqueeze", $"{Name}/{which}_last_state", [state, graph.AddInt64Initializer($"{Name}/{which}_axis", [1], 1)]);
    }

    /// <summary>Keras's name of a merge mode: <c>concat</c>, <c>sum</c>, <c>mul</c>, <c>ave</c>.</summary>
    public static string KerasMergeMode(MergeMode mode) => mode switch
    {
        MergeMode.Concat => "concat",
        MergeMode.Sum => "sum",
        MergeMode.Mul => "mul",
        MergeMode.Ave => "ave",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Bidirectional merges by Concat, Sum, Mul or Ave."),
    };

    private static RecurrentLayer Checked(RecurrentLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer;
    }

    private static int[] OutputShapeOf(RecurrentLayer layer, MergeMode mode)
    {
        int width = mode == MergeMode.Concat ? 2 * layer.Units : mode is MergeMode.Sum or MergeMode.Mul or MergeMode.Ave ? layer.Units
            : throw new ArgumentOutOfRangeException(nameof(mode), mode, "Bidirectional merges by Concat, Sum, Mul or Ave.");
        return layer.ReturnSequences ? [layer.InputShape[0], width] : [width];
    }

    /// <summary>The forward copy's variables where the wrapped layer places them, then the backward copy's after them, in Keras's scopes.</summary>
    private static LayerVariable[] VariablesOf(RecurrentLayer layer)
    {
        int length = layer.Variables.Sum(v => v.Length);
        LayerVariable Copy(LayerVariable v, string direction, int shift)
            => new(v.Name, v.Shape, v.Offset + shift, v.Trainable) { Scope = $"{direction}_{layer.Name}" + (v.Scope is string scope ? "/" + scope : "") };
        return [.. layer.Variables.Select(v => Copy(v, "forward", 0)), .. layer.Variables.Select(v => Copy(v, "backward", length))];
    }
}
