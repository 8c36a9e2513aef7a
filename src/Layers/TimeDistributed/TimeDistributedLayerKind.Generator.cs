using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>A TimeDistributed layer's wrapped layer, as read for one step.</summary>
internal sealed record TimeDistributedConfig(LayerSpec Layer) : LayerConfig;

/// <summary>
/// <c>[TimeDistributed] [Dense(8)]</c>: Keras's <c>TimeDistributed(Dense(8))</c>. The wrapper applies to the layer attribute
/// that follows it, which it reads for one step; a kind that <see cref="LayerKind.AppliesToEachStep"/> computes each step
/// of the whole sequence from that step alone, so the wrapped kind writes its own code over all the steps at once
/// (Dense: one product of <c>batch·timesteps</c> rows), through the node's buffers. The node's weights and activation
/// are the wrapped layer's, so the plan gives it the wrapped layer's buffers.
/// </summary>
internal sealed class TimeDistributedLayerKind : LayerKind
{
    public TimeDistributedLayerKind() : base("TimeDistributed", "Compiled.TimeDistributedAttribute")
    {
    }

    public override bool WrapsNextLayer => true;

    /// <summary>Keras's TimeDistributed hands its input's mask on; the wrapped layer computes each step alike, masked or not.</summary>
    public override bool ConsumesMask => true;

    public override bool PassesMask(LayerSpec layer) => true;

    public override IEnumerable<string> FieldSuffixes => LayerKinds.All.Where(k => k.AppliesToEachStep).SelectMany(k => k.FieldSuffixes).Distinct();

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (reader.Wrapped is not { } wrapped)
        {
            // The parser gives every wrapper the attribute it wraps, or reports it.
            reader.CompilerError();
            return null;
        }
        if (!wrapped.Kind.AppliesToEachStep)
        {
            reader.Report(DiagnosticDescriptors.WrapperCannotWrap, wrapped.Reader.At(), KerasClass, "a layer it can apply to each step alone (Dense)", wrapped.Kind.KerasClass);
            return null;
        }
        EquatableArray<int> input = inputShapes[0];
        if (input.Count < 2)
        {
            reader.Report(DiagnosticDescriptors.TimeDistributedNeedsSteps, reader.At(), KerasClass, reader.Name, wrapped.Kind.KerasClass, Shapes.Format(input));
            return null;
        }
        int steps = input[0];
        LayerSpec? layer = wrapped.Kind.Read(new StepReader(wrapped.Reader), new[] { input.Skip(1).ToEquatableArray() });
        if (layer is null) return null;
        long outputSize = (long)steps * Shapes.Size(layer.OutputShape);
        if (outputSize > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At(), $"TimeDistributed '{reader.Name}' ({steps} steps of {layer.KerasClass} '{layer.Name}')", outputSize.ToString("N0"));
            return null;
        }
        EquatableArray<int> output = new[] { steps }.Concat(layer.OutputShape).ToEquatableArray();
        return reader.Layer(this, input, output, new TimeDistributedConfig(layer)) with { Weights = layer.Weights, Activation = layer.Activation };
    }

    public override string Details(LayerSpec layer)
    {
        LayerSpec wrapped = Wrapped(layer);
        return $", {wrapped.KerasClass} '{wrapped.Name}' at each step{LayerKinds.Of(wrapped).Details(wrapped)}";
    }

    public override string DiagramType(LayerSpec layer) => $"{KerasClass} ({Wrapped(layer).KerasClass}{(layer.Activation != ActivationKind.Linear ? ", " + ActivationCode.Name(layer.Activation) : "")})";

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer) => LayerKinds.Of(Wrapped(layer)).Workspaces(OverSteps(layer));

    public override bool AppliesActivation(ActivationKind activation) => false;

    public override void WriteForward(LayerPass pass) => LayerKinds.Of(Wrapped(pass.Layer)).WriteForward(pass.As(OverSteps(pass.Layer)));

    public override void WriteBackward(LayerPass pass) => LayerKinds.Of(Wrapped(pass.Layer)).WriteBackward(pass.As(OverSteps(pass.Layer)));

    public override string RuntimeDescription(LayerSpec layer)
    {
        LayerSpec wrapped = Wrapped(layer);
        string description = LayerKinds.Of(wrapped).RuntimeDescription(wrapped with { ParameterOffset = layer.ParameterOffset, StateOffset = layer.StateOffset });
        return Construct("TimeDistributedLayer", layer, $"timesteps: {layer.InputShape[0]}", $"layer: {description}");
    }

    private static LayerSpec Wrapped(LayerSpec layer) => ((TimeDistributedConfig)layer.Config).Layer;

    /// <summary>The wrapped layer applied to the whole sequence: the node's shapes, inputs and offsets, the wrapped layer's settings.</summary>
    private static LayerSpec OverSteps(LayerSpec layer)
        => Wrapped(layer) with
        {
            InputShape = layer.InputShape,
            OutputShape = layer.OutputShape,
            Inputs = layer.Inputs,
            ParameterOffset = layer.ParameterOffset,
            StateOffset = layer.StateOffset,
            Property = layer.Property,
        };
}
