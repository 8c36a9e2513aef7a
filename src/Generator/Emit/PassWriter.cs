using System;
using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// Writes the straight-line forward and backward passes of a <see cref="NetworkPlan"/>, one step per layer,
/// each written by the layer's kind. Backward visits layers in reverse order, so every consumer of a node
/// has sent its gradient before the node itself propagates; the first contribution to a gradient buffer
/// overwrites it, later ones add to it.
/// </summary>
internal sealed class PassWriter
{
    public const string Scratch = "_gradientScratch";

    private readonly NetworkPlan _plan;
    private readonly ModelSpec _model;
    private readonly List<Action<CodeWriter>> _methods = new();
    private readonly Dictionary<string, int> _sharedBuffers = new(StringComparer.Ordinal);
    private HashSet<string> _written = new();

    public PassWriter(NetworkPlan plan)
    {
        _plan = plan;
        _model = plan.Model;
    }

    public NetworkPlan Plan => _plan;

    /// <summary>Values per sample of the scratch buffer that gradient contributions are summed through (0: none); known once both passes are written.</summary>
    public int ScratchSize { get; private set; }

    /// <summary>Buffers layers share by name (Maximum's unclaimed gradient), with their values per sample; known once both passes are written.</summary>
    public IEnumerable<KeyValuePair<string, int>> SharedBuffers => _sharedBuffers;

    public void WriteForward(CodeWriter w)
    {
        _methods.Clear();
        w.Line("/// <inheritdoc/>");
        using (w.Open($"protected override void Forward({Code.ReadOnlySpan} input, int batch)"))
        {
            w.Line($"{Code.ReadOnlySpan} parameters = ParameterArray;");
            if (_model.StateCount > 0) w.Line($"{Code.Span} state = NonTrainableParameterArray;");
            if (_model.Layers.Any(HasActivityRegularizer)) w.Line("ActivityPenalty = 0;");
            // Each layer's step starts with its description; one blank line sets the steps apart from the declarations.
            w.Line();
            for (int i = 0; i < _model.Layers.Count; i++)
            {
                LayerSpec layer = _model.Layers[i];
                w.Line("// " + ModelGenerator.Emitter.Describe(layer));
                LayerKinds.Of(layer).WriteForward(new LayerPass(this, w, i));
                if (HasActivityRegularizer(layer))
                    w.Line($"ActivityPenalty += {ActivityKernel}.Penalty(Architecture[{i}], {Slice(_plan.Value[i])}, batch);");
            }
            foreach (string copy in _plan.InputCopies)
            {
                w.Line();
                w.Line("// The output is the input itself, kept for Predict and the loss.");
                w.Line($"input.CopyTo({copy});");
            }
        }
        w.Line();
        foreach (Action<CodeWriter> method in _methods) method(w);
    }

    public void WriteBackward(CodeWriter w)
    {
        _methods.Clear();
        // The loss writes every output's gradient before the backward pass starts.
        _written = new HashSet<string>(_plan.Heads.Select(h => h.Gradient));
        w.Line("/// <inheritdoc/>");
        using (w.Open($"protected override void Backward({Code.ReadOnlySpan} input, int batch, bool fromLogits)"))
        {
            w.Line($"{Code.ReadOnlySpan} parameters = ParameterArray;");
            w.Line($"{Code.Span} gradients = GradientArray;");
            w.Line();
            for (int i = _model.Layers.Count - 1; i >= 0; i--)
            {
                LayerSpec layer = _model.Layers[i];
                LayerKind kind = LayerKinds.Of(layer);
                // Layers that neither hold parameters nor pass a gradient on to any have nothing to do, and a
                // layer that shares its input's buffers has its gradient there already.
                if (layer.ParameterCount == 0 && !layer.Inputs.Any(j => _plan.NeedsGradient[j])) continue;
                if (kind.AliasesInput) continue;
                w.Line("// " + ModelGenerator.Emitter.Describe(layer) + ", backward");
                if (HasActivityRegularizer(layer)) WriteActivityGradient(w, i);
                kind.WriteBackward(new LayerPass(this, w, i));
            }
        }
        w.Line();
        foreach (Action<CodeWriter> method in _methods) method(w);
    }

    private const string ActivityKernel = "global::Compiled.Kernels.ActivityRegularization";

    private static bool HasActivityRegularizer(LayerSpec layer) => layer.Rules.Any(r => r.Argument == "activity_regularizer");

    /// <summary>
    /// Adds an activity regularizer's gradient to the layer's output gradient, complete once every consumer (or the loss)
    /// has written it; through the softmax into the logits' gradient when the loss wrote that one instead.
    /// </summary>
    private void WriteActivityGradient(CodeWriter w, int i)
    {
        string? gradient = _plan.Gradient[i];
        if (gradient is null || !_written.Contains(gradient)) return;
        string call = $"{ActivityKernel}.AddGradient(Architecture[{i}], {Slice(_plan.Value[i])}, {Slice(gradient)}, batch);";
        if (FusedHead(i) is { LogitsGradient: { } logitsGradient } head)
        {
            w.Line($"if ({FromLogits(head)})");
            w.Line($"    {ActivityKernel}.AddGradientThroughSoftmax(Architecture[{i}], {Slice(_plan.Value[i])}, {Slice(logitsGradient)}, {_model.Layers[i].OutputFeatures}, batch);");
            w.Line("else");
            w.Line("    " + call);
        }
        else w.Line(call);
    }

    /// <summary>Where input <paramref name="k"/> of a layer is read from: another layer's buffer, or the model's input.</summary>
    internal string Source(LayerSpec layer, int k) => layer.Inputs.Count == 0 ? NetworkPlan.ModelInput : _plan.Value[layer.Inputs[k]];

    /// <summary>Marks a gradient buffer written; true the first time, when a contribution overwrites rather than adds.</summary>
    internal bool MarkWritten(string buffer) => _written.Add(buffer);

    internal string ScratchSlice(int size)
    {
        ScratchSize = Math.Max(ScratchSize, size);
        return $"BatchOf({Scratch}, batch * {size})";
    }

    internal string SharedSlice(string field, int size)
    {
        _sharedBuffers[field] = Math.Max(_sharedBuffers.TryGetValue(field, out int known) ? known : 0, size);
        return $"BatchOf({field}, batch * {size})";
    }

    internal void AddMethod(Action<CodeWriter> write) => _methods.Add(write);

    /// <summary>Whether the loss has written <paramref name="head"/>'s logits' gradient: the flag for one output, each output's own for several.</summary>
    internal string FromLogits(NetworkPlan.Head head)
        => _plan.Heads.Count == 1 ? "fromLogits" : $"HeadFromLogits({_plan.Heads.IndexOf(head)})";

    /// <summary>The output that layer <paramref name="layer"/> is, when the loss may start from its logits.</summary>
    internal NetworkPlan.Head? FusedHead(int layer) => _plan.Heads.FirstOrDefault(h => h.Layer == layer && h.HasLogits);

    // The model's input already holds exactly the batch; buffers are sized for the largest batch seen.
    internal string Slice(string buffer) => buffer == NetworkPlan.ModelInput ? buffer : $"BatchOf({buffer}, batch * {_plan.SizeOf(buffer)})";
}
