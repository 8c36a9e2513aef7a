using System.Collections.Generic;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>The function a weightless activation layer applies.</summary>
internal sealed record ActivationLayerConfig(ActivationKind Function) : LayerConfig;

/// <summary>A weightless layer that applies one activation function element by element (softmax: over the last axis).</summary>
internal abstract class ActivationFunctionLayerKind : LayerKind
{
    protected ActivationFunctionLayerKind(string kerasClass, string attributeName) : base(kerasClass, attributeName)
    {
    }

    /// <summary>The function the attribute asks for, or null when it was reported as invalid.</summary>
    protected abstract ActivationKind? ReadFunction(LayerReader reader, EquatableArray<int> inputShape);

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        EquatableArray<int> inputShape = inputShapes[0];
        return ReadFunction(reader, inputShape) is { } function
            ? reader.Layer(this, inputShape, inputShape, new ActivationLayerConfig(function))
            : null;
    }

    public override string Details(LayerSpec layer) => ", " + ActivationCode.Name(Function(layer));

    public override ActivationKind? ActivationOfInput(LayerSpec layer) => Function(layer);

    public override void WriteForward(LayerPass pass)
        => pass.WriteActivationForward(Function(pass.Layer), pass.Input(0), pass.Output);

    public override void WriteBackward(LayerPass pass)
    {
        ActivationKind function = Function(pass.Layer);
        if (pass.FusedHead is { } head)
        {
            pass.W.Line($"// A loss fused with this {ActivationCode.Name(function)} has already written the gradient of its input.");
            pass.W.Line($"if (!{pass.FromLogits(head)})");
            pass.W.Line("    " + pass.ActivationBackward(function, pass.Output, pass.OutputGradient, pass.Slice(head.LogitsGradient!)));
            pass.MarkWritten(head.LogitsGradient!);
            return;
        }
        pass.Contribute(0, target => pass.ActivationBackward(function, pass.Output, pass.OutputGradient, target));
    }

    public override string RuntimeDescription(LayerSpec layer)
        => this is ActivationLayerKind
            ? Construct("ActivationLayer", layer, ShapeArgument("shape", layer.OutputShape), ActivationArgument("function", Function(layer)))
            : Construct(KerasClass + "Layer", layer, ShapeArgument("shape", layer.OutputShape));

    private static ActivationKind Function(LayerSpec layer) => ((ActivationLayerConfig)layer.Config).Function;
}

/// <summary><c>[Activation(Activation.Sigmoid)]</c>: Keras's <c>Activation('sigmoid')</c>.</summary>
internal sealed class ActivationLayerKind : ActivationFunctionLayerKind
{
    public ActivationLayerKind() : base("Activation", "Compiled.ActivationAttribute")
    {
    }

    /// <summary>Keras's Activation supports masking: it applies its function to every step and hands the mask on.</summary>
    public override bool ConsumesMask => true;

    public override bool PassesMask(LayerSpec layer) => true;

    protected override ActivationKind? ReadFunction(LayerReader reader, EquatableArray<int> inputShape)
        => reader.Activation("function", 0, out ActivationKind function) is true ? function : null;
}
