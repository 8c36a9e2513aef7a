using System.Collections.Generic;
using System.Linq;
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
        for (int i = 0; i < count; i++)
        {
            LayerSpec layer = model.Layers[i];
            NeedsGradient[i] = layer.Kind == LayerKind.Dense || layer.Inputs.Any(j => NeedsGradient[j]);
            string stem = layer.BufferStem;
            switch (layer.Kind)
            {
                case LayerKind.Input when model.InputLayers.Count == 1:
                    Value[i] = ModelInput;
                    break;
                case LayerKind.Reshape:
                    Value[i] = layer.Inputs.Count == 0 ? ModelInput : Value[layer.Inputs[0]];
                    Gradient[i] = layer.Inputs.Count == 0 ? null : Gradient[layer.Inputs[0]];
                    continue;
                case LayerKind.Dense when layer.Activation != ActivationKind.Linear:
                    PreActivation[i] = stem + "Output";
                    Value[i] = stem + "Activation";
                    Declare(PreActivation[i]!, layer.OutputShape, withGradient: true);
                    Declare(Value[i], layer.OutputShape, NeedsGradient[i]);
                    Gradient[i] = Value[i] + "Gradient";
                    continue;
                default:
                    Value[i] = stem + "Output";
                    Declare(Value[i], layer.OutputShape, NeedsGradient[i]);
                    break;
            }
            if (NeedsGradient[i] && Value[i] != ModelInput) Gradient[i] = Value[i] + "Gradient";
        }

        Output = model.OutputLayers[0];
        LayerSpec output = model.Layers[Output];
        // The loss writes the output's gradient even when no parameter depends on it.
        if (Gradient[Output] is null)
        {
            Gradient[Output] = Value[Output] + "Gradient";
            Buffers.Add((Gradient[Output]!, Shapes.Size(output.OutputShape)));
        }
        int? logitsLayer = output.Kind == LayerKind.Activation && output.Activation == ActivationKind.Softmax && output.Inputs.Count == 1 ? output.Inputs[0] : null;
        if (output.Kind == LayerKind.Dense && output.Activation == ActivationKind.Softmax)
        {
            Logits = PreActivation[Output];
            LogitsGradient = Logits + "Gradient";
        }
        else if (logitsLayer is { } l && Gradient[l] is { } gradient && Value[l] != ModelInput)
        {
            Logits = Value[l];
            LogitsGradient = gradient;
        }
    }

    public ModelSpec Model { get; }

    /// <summary>Per layer: the buffer holding its output.</summary>
    public string[] Value { get; }

    /// <summary>Per layer: the buffer holding the loss's gradient with respect to its output, when one is needed.</summary>
    public string?[] Gradient { get; }

    /// <summary>Per Dense layer with an activation: the buffer of the product before the activation.</summary>
    public string?[] PreActivation { get; }

    /// <summary>Per layer: whether its output depends on trainable parameters, so the backward pass needs its gradient.</summary>
    public bool[] NeedsGradient { get; }

    /// <summary>Every field buffer, with its values per sample, in declaration order.</summary>
    public List<(string Field, int SampleSize)> Buffers { get; } = new();

    /// <summary>The output layer.</summary>
    public int Output { get; }

    /// <summary>The input of a final softmax, when cross-entropy can start from it; else null.</summary>
    public string? Logits { get; }

    /// <summary>The gradient buffer of <see cref="Logits"/>.</summary>
    public string? LogitsGradient { get; }

    public bool OutputIsSoftmax => Logits is not null;

    /// <summary>Values per sample of a buffer, for slicing to the batch.</summary>
    public int SizeOf(string buffer)
        => buffer == ModelInput ? Shapes.Size(Model.InputShape) : Buffers.First(b => b.Field == buffer).SampleSize;

    private void Declare(string field, EquatableArray<int> shape, bool withGradient)
    {
        Buffers.Add((field, Shapes.Size(shape)));
        if (withGradient) Buffers.Add((field + "Gradient", Shapes.Size(shape)));
    }
}
