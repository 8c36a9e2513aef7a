using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// Where every layer's values and gradients live in the generated class. A layer's output is a field, the
/// model's input span itself (a single-input model's input layer and a Sequential model's first input), or
/// another layer's buffer (Flatten and Reshape only relabel the shape of row-major data, so they alias).
/// </summary>
internal sealed class NetworkPlan
{
    /// <summary>The expression naming the model's input span inside Forward and Backward.</summary>
    public const string ModelInput = "input";

    public NetworkPlan(ModelSpec model)
    {
        Model = model;
        int count = model.Layers.Count;
        Value = new string[count];
        Gradient = new string?[count];
        PreActivation = new string?[count];
        NeedsGradient = new bool[count];
        Mask = new string?[count];
        for (int i = 0; i < count; i++)
        {
            LayerSpec layer = model.Layers[i];
            LayerKind kind = LayerKinds.Of(layer);
            NeedsGradient[i] = layer.ParameterCount > 0 || layer.Inputs.Any(j => NeedsGradient[j]);
            string stem = layer.BufferStem;
            if (kind.MaskArgument(layer) is not null)
            {
                // One value per step: the output's shape without its features.
                Mask[i] = stem + LayerKind.StepMaskSuffix;
                Workspaces.Add((Mask[i]!, $"batch * {Shapes.Size(layer.OutputShape) / layer.OutputFeatures}"));
            }
            else if (layer.InputMasked && kind.PassesMask(layer))
            {
                Mask[i] = Mask[layer.Inputs[0]];
            }
            foreach ((string suffix, string length) in kind.Workspaces(layer)) Workspaces.Add((stem + suffix, length));
            if (kind.IsInput && model.InputLayers.Count == 1)
            {
                Value[i] = ModelInput;
            }
            else if (kind.AliasesInput)
            {
                Value[i] = layer.Inputs.Count == 0 ? ModelInput : Value[layer.Inputs[0]];
                Gradient[i] = layer.Inputs.Count == 0 ? null : Gradient[layer.Inputs[0]];
                continue;
            }
            else if (layer.Activation != ActivationKind.Linear && !kind.AppliesActivation(layer.Activation))
            {
                // The layer's own activation: its result before it, and after it.
                PreActivation[i] = stem + "Output";
                Value[i] = stem + "Activation";
                Declare(PreActivation[i]!, layer.OutputShape, withGradient: true);
                Declare(Value[i], layer.OutputShape, NeedsGradient[i]);
                Gradient[i] = Value[i] + "Gradient";
                continue;
            }
            else
            {
                Value[i] = stem + "Output";
                Declare(Value[i], layer.OutputShape, NeedsGradient[i]);
            }
            if (NeedsGradient[i] && Value[i] != ModelInput) Gradient[i] = Value[i] + "Gradient";
        }

        foreach (int output in model.OutputLayers)
        {
            LayerSpec layer = model.Layers[output];
            if (Value[output] == ModelInput)
            {
                // An output that is the model's input itself (a model of reshapes only): Predict and the loss read the
                // output's buffer after Forward returns, when the input span is gone, so Forward copies it into a field.
                Value[output] = layer.BufferStem + "Output";
                Declare(Value[output], layer.OutputShape, withGradient: false);
                InputCopies.Add(Value[output]);
            }
            // The loss writes each output's gradient, even when no parameter depends on it.
            if (Gradient[output] is null)
            {
                Gradient[output] = Value[output] + "Gradient";
                Buffers.Add((Gradient[output]!, Shapes.Size(layer.OutputShape)));
            }
            (string? logits, string? logitsGradient, ActivationKind activation) = FusableLogits(output);
            Heads.Add(new Head(output, Value[output], Gradient[output]!, logits, logitsGradient, activation));
        }
    }

    /// <summary>
    /// The activations a loss may start from the input of (the runtime's <c>Loss.FusedActivation</c>): softmax for the
    /// categorical cross-entropies, sigmoid for binary cross-entropy. Which loss fuses is decided at compile time.
    /// </summary>
    private static readonly ActivationKind[] FusableActivations = { ActivationKind.Softmax, ActivationKind.Sigmoid };

    /// <summary>
    /// The logits of an output that ends in a fusable activation, and that activation, when a loss may start from them:
    /// only when nothing else reads the output or the logits, since the fused gradient skips the activation's backward pass.
    /// </summary>
    private (string? Logits, string? Gradient, ActivationKind Activation) FusableLogits(int output)
    {
        LayerSpec layer = Model.Layers[output];
        if (Consumers(output) > 0) return (null, null, ActivationKind.Linear);
        if (FusableActivations.Contains(layer.Activation) && PreActivation[output] is { } preActivation)
            return (preActivation, preActivation + "Gradient", layer.Activation);
        if (LayerKinds.Of(layer).ActivationOfInput(layer) is { } activation && FusableActivations.Contains(activation) && layer.Inputs.Count == 1)
        {
            int logits = layer.Inputs[0];
            // An output's gradient comes from its own loss too, which the fused gradient would overwrite.
            if (Consumers(logits) == 1 && !Model.OutputLayers.Contains(logits) && Gradient[logits] is { } gradient
                && Value[logits] != ModelInput && !LayerKinds.Of(Model.Layers[logits]).AliasesInput)
                return (Value[logits], gradient, activation);
        }
        return (null, null, ActivationKind.Linear);
    }

    private int Consumers(int layer) => Model.Layers.Sum(l => l.Inputs.Count(i => i == layer));

    public ModelSpec Model { get; }

    /// <summary>Per layer: the buffer holding its output.</summary>
    public string[] Value { get; }

    /// <summary>Per layer: the buffer holding the loss's gradient with respect to its output, when one is needed.</summary>
    public string?[] Gradient { get; }

    /// <summary>Per layer with an activation of its own: the buffer of its result before the activation.</summary>
    public string?[] PreActivation { get; }

    /// <summary>Per layer: the field holding the mask of padded steps its output carries (<see cref="LayerKind.StepMaskSuffix"/>), or null.</summary>
    public string?[] Mask { get; }

    /// <summary>Per layer: whether its output depends on trainable parameters, so the backward pass needs its gradient.</summary>
    public bool[] NeedsGradient { get; }

    /// <summary>Every field buffer, with its values per sample, in declaration order.</summary>
    public List<(string Field, int SampleSize)> Buffers { get; } = new();

    /// <summary>The layers' scratch buffers, with the expression of each one's length for <c>batch</c> samples.</summary>
    public List<(string Field, string Length)> Workspaces { get; } = new();

    /// <summary>The fields Forward copies the model's input into: outputs that are the input itself.</summary>
    public List<string> InputCopies { get; } = new();

    /// <summary>The model's outputs, in order.</summary>
    public List<Head> Heads { get; } = new();

    /// <summary>The first output layer, the only one of most models.</summary>
    public int Output => Heads[0].Layer;

    /// <summary>The input of the first output's final activation, when a loss can start from it; else null.</summary>
    public string? Logits => Heads[0].Logits;

    /// <summary>The gradient buffer of <see cref="Logits"/>.</summary>
    public string? LogitsGradient => Heads[0].LogitsGradient;

    /// <summary>Whether the first output's loss may start from its logits.</summary>
    public bool OutputHasLogits => Logits is not null;

    /// <summary>
    /// One output: its layer, its value and gradient buffers, and, when a loss may start from them, its logits and the
    /// final activation that turns them into the output (<c>Linear</c> when there are none).
    /// </summary>
    public sealed record Head(int Layer, string Value, string Gradient, string? Logits, string? LogitsGradient, ActivationKind FinalActivation)
    {
        /// <summary>Whether a loss may start from this output's logits.</summary>
        public bool HasLogits => Logits is not null;
    }

    /// <summary>Values per sample of a buffer, for slicing to the batch.</summary>
    public int SizeOf(string buffer)
    {
        if (buffer == ModelInput) return Shapes.Size(Model.InputShape);
        foreach ((string field, int sampleSize) in Buffers)
            if (field == buffer) return sampleSize;
        throw new InvalidOperationException($"The plan declares no buffer '{buffer}'.");
    }

    private void Declare(string field, EquatableArray<int> shape, bool withGradient)
    {
        Buffers.Add((field, Shapes.Size(shape)));
        if (withGradient) Buffers.Add((field + "Gradient", Shapes.Size(shape)));
    }
}
