using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>
/// What every recurrent kind (LSTM, GRU, SimpleRNN) reads and writes alike: its <c>units</c>, its element-wise
/// activations, its input dropout rate, its initializers, its <c>(timesteps, features)</c> input and whether its sizes
/// fit, each reported on the argument at fault with the kind's name; and the input dropout mask its forward pass draws.
/// </summary>
internal static class RecurrentArguments
{
    /// <summary>The <c>units</c> constructor argument, positive; null when reported.</summary>
    public static int? Units(LayerReader reader, string kerasClass)
    {
        if (reader.Attribute.ConstructorArguments.Length != 1 || reader.Attribute.ConstructorArguments[0].Value is not int units)
        {
            reader.CompilerError();
            return null;
        }
        if (units <= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("units", 0), $"{kerasClass} '{reader.Name}' units", units.ToString());
            return null;
        }
        return units;
    }

    /// <summary>
    /// An activation argument that must be element-wise, <paramref name="otherwise"/> when not given; null when reported
    /// (a softmax would mix the units of <paramref name="mixed"/>).
    /// </summary>
    public static ActivationKind? Elementwise(LayerReader reader, string kerasClass, string argument, string kerasName, ActivationKind otherwise, string mixed)
    {
        bool? read = reader.Activation(argument, -1, out ActivationKind value);
        if (read is false) return null;
        if (read is null) return otherwise;
        if (value != ActivationKind.Softmax) return value;
        reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At(argument), kerasClass, reader.Name, kerasName, "softmax",
            $"an element-wise function (tanh, sigmoid, hard_sigmoid, relu or linear): a softmax would mix the units of {mixed}");
        return null;
    }

    /// <summary>The <c>Dropout</c> rate, in <c>[0, 1)</c>; null when reported.</summary>
    public static double? Dropout(LayerReader reader, string kerasClass)
    {
        double dropout = reader.Named("Dropout", 0.0);
        if (dropout >= 0 && dropout < 1) return dropout;
        reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("Dropout"), kerasClass, reader.Name, "dropout", Rate(dropout), "from 0 up to, not including, 1");
        return null;
    }

    /// <summary>Whether the input is a sequence <c>(timesteps, features)</c>; reported on the attribute when it is not.</summary>
    public static bool IsSequence(LayerReader reader, string kerasClass, EquatableArray<int> input)
    {
        if (input.Count == 2) return true;
        reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At(), kerasClass, reader.Name, "sequences (None, timesteps, features)", Shapes.Format(input),
            "; add [Reshape(timesteps, features)] before it to give the values those 2 axes");
        return false;
    }

    /// <summary>
    /// The kernel's, the recurrent kernel's and, with <paramref name="useBias"/>, the bias's initializers (Keras's defaults
    /// glorot_uniform, orthogonal and zeros), every one read and reported; null when one was.
    /// </summary>
    public static (InitializerSpec Kernel, InitializerSpec Recurrent, InitializerSpec? Bias)? Initializers(LayerReader reader, bool useBias)
    {
        InitializerSpec? kernel = reader.Initializer("KernelInitializer", "glorot_uniform");
        InitializerSpec? recurrent = reader.Initializer("RecurrentInitializer", "orthogonal");
        InitializerSpec? bias = useBias ? reader.Initializer("BiasInitializer", "zeros") : null;
        if (kernel is null || recurrent is null || useBias && bias is null) return null;
        return (kernel, recurrent, bias);
    }

    /// <summary>
    /// Whether the layer's <paramref name="parameters"/>, after those of the layers before it, and its largest buffer per
    /// sample (<paramref name="perSample"/>) fit in an array; reported on <c>units</c> when they do not.
    /// </summary>
    public static bool Fits(LayerReader reader, string kerasClass, int steps, int features, int units, long parameters, long perSample)
    {
        if (parameters + reader.ParameterOffset <= int.MaxValue && perSample <= int.MaxValue) return true;
        reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At("units", 0), $"{kerasClass} '{reader.Name}' ({steps} steps of {features} features, {units} units)",
            System.Math.Max(parameters + reader.ParameterOffset, perSample).ToString("N0"));
        return false;
    }

    /// <summary>
    /// With a dropout rate, writes the drawing of the input dropout mask while training (one row of features per sample,
    /// shared by every time step, into <paramref name="mask"/>) and returns the <c>inputMask</c> argument of the input
    /// product; without one, writes nothing and returns "".
    /// </summary>
    public static string WriteInputDropoutMask(CodeWriter w, string mask, int features, double rate, string salt)
    {
        if (rate <= 0) return "";
        // Without a seed of its own, the mask comes from the model's training seed, salted by the layer's position, as Dropout's does.
        w.Line("// While training, one input dropout mask per sample, shared by every time step.");
        w.Line($"if (Training) {Code.Kernels}Dropout.Mask(BatchOf({mask}, batch * {features}), {Rate(rate)}f, TrainingSeed, {salt});");
        return $", inputMask: Training ? {mask} : null";
    }

    /// <summary>A rate as C# and the summary write it, round-trippable.</summary>
    public static string Rate(double rate) => rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
