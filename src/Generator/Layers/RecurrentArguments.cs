using System.Collections.Generic;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>
/// What every recurrent kind's attribute says the same way (Keras's RNN and cell arguments: <c>units</c>, the two
/// activations, <c>use_bias</c>, the three initializers, <c>dropout</c>, <c>return_sequences</c>, <c>go_backwards</c>)
/// and its input's <paramref name="Steps"/> and <paramref name="Features"/>, read with one diagnostic on the argument at
/// fault. <paramref name="BiasInitializer"/> is null without a bias.
/// </summary>
internal sealed record RecurrentArguments(int Units, ActivationKind Activation, ActivationKind RecurrentActivation, bool UseBias, bool ReturnSequences,
    bool GoBackwards, double Dropout, InitializerSpec KernelInitializer, InitializerSpec RecurrentInitializer, InitializerSpec? BiasInitializer,
    int Steps, int Features)
{
    /// <summary>
    /// Reads the arguments of a layer of <paramref name="kind"/> whose weights are <paramref name="gates"/> blocks of units
    /// wide, with <paramref name="biasRows"/> rows of bias when it has one; null when a diagnostic was reported (a
    /// non-positive or overflowing size, a softmax or unknown activation, a rate outside [0, 1), an unknown
    /// initializer, an input that is not a sequence).
    /// </summary>
    public static RecurrentArguments? Read(LayerKind kind, LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes, int gates, int biasRows)
    {
        if (reader.Attribute.ConstructorArguments.Length != 1 || reader.Attribute.ConstructorArguments[0].Value is not int units)
        {
            reader.CompilerError();
            return null;
        }
        string name = reader.Name, kerasClass = kind.KerasClass;
        if (units <= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("units", 0), $"{kerasClass} '{name}' units", units.ToString());
            return null;
        }
        ActivationKind? activation = ReadElementwise(kerasClass, reader, "Activation", "activation", ActivationKind.Tanh);
        ActivationKind? recurrentActivation = ReadElementwise(kerasClass, reader, "RecurrentActivation", "recurrent_activation", ActivationKind.Sigmoid);
        bool useBias = reader.Named("UseBias", true);
        bool returnSequences = reader.Named("ReturnSequences", false), goBackwards = reader.Named("GoBackwards", false);
        double dropout = reader.Named("Dropout", 0.0);
        if (!(dropout >= 0 && dropout < 1))
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("Dropout"), kerasClass, name, "dropout", Rate(dropout), "from 0 up to, not including, 1");
            return null;
        }
        InitializerSpec? kernelInitializer = reader.Initializer("KernelInitializer", "glorot_uniform");
        InitializerSpec? recurrentInitializer = reader.Initializer("RecurrentInitializer", "orthogonal");
        InitializerSpec? biasInitializer = useBias ? reader.Initializer("BiasInitializer", "zeros") : null;
        if (activation is null || recurrentActivation is null || kernelInitializer is null || recurrentInitializer is null || useBias && biasInitializer is null)
            return null;

        EquatableArray<int> input = inputShapes[0];
        if (input.Count != 2)
        {
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At(), kerasClass, name, "sequences (None, timesteps, features)", Shapes.Format(input),
                "; add [Reshape(timesteps, features)] before it to give the values those 2 axes");
            return null;
        }
        int steps = input[0], features = input[1];
        long width = (long)gates * units;
        long parameters = width * (features + units + (useBias ? biasRows : 0));
        // The largest buffer per sample: every step's gates.
        long perSample = steps * width;
        if (parameters + reader.ParameterOffset > int.MaxValue || perSample > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At("units", 0), $"{kerasClass} '{name}' ({steps} steps of {features} features, {units} units)",
                System.Math.Max(parameters + reader.ParameterOffset, perSample).ToString("N0"));
            return null;
        }
        return new RecurrentArguments(units, activation.Value, recurrentActivation.Value, useBias, returnSequences, goBackwards, dropout,
            kernelInitializer, recurrentInitializer, biasInitializer, steps, features);
    }

    /// <summary>A rate as C# and Python write it back: the shortest round-tripping form.</summary>
    public static string Rate(double rate) => rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An activation argument that must be element-wise (the gates are not a distribution); null when reported.</summary>
    private static ActivationKind? ReadElementwise(string kerasClass, LayerReader reader, string argument, string kerasName, ActivationKind otherwise)
    {
        bool? read = reader.Activation(argument, -1, out ActivationKind value);
        if (read is false) return null;
        if (read is null) return otherwise;
        if (value == ActivationKind.Softmax)
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At(argument), kerasClass, reader.Name, kerasName, "softmax",
                "an element-wise function (tanh, sigmoid, hard_sigmoid, relu or linear): a softmax would mix the units of a gate");
            return null;
        }
        return value;
    }
}
