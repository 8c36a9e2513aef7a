using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>A SimpleRNN's settings beyond what every recurrent layer has.</summary>
internal sealed record SimpleRNNConfig(int Units, ActivationKind Activation, bool UseBias, bool ReturnSequences, bool GoBackwards, double Dropout)
    : RecurrentConfig(Units, ReturnSequences, GoBackwards);

/// <summary>
/// <c>[SimpleRNN(units)]</c>: Keras's SimpleRNN over <c>(timesteps, features)</c>. The generated step computes the input
/// product of every time step at once (<c>Recurrent.ProjectInputs</c>) into the layer's time-major states, then loops
/// over the steps, each one product <c>h·recurrent_kernel</c> (packed once per pass, <c>Gemm.PackB</c>) added to the step's rows and the activation applied to them
/// in place (<c>SimpleRnn.Activate</c>); the backward pass runs the loop in reverse (<c>SimpleRnn.ActivateBackward</c>, then
/// <c>dz·recurrent_kernelᵀ</c> into the step before) and ends with one product per weight over all the steps
/// (<c>Recurrent.WeightGradients</c>).
/// </summary>
internal sealed class SimpleRNNLayerKind : LayerKind, IRecurrentKind
{
    private const string Kernels = Code.Kernels;

    /// <summary>
    /// The layer's time-major buffers, one row of the batch per step: the input in processing order, each step's state
    /// (its sum until activated) and each step's state gradient (its sum's gradient once turned back through the activation).
    /// </summary>
    private static readonly string[] s_workspaces = { "Inputs", "Hidden", "HiddenGradients" };

    /// <summary>The input dropout's mask, one row of features per sample, for layers with a dropout rate.</summary>
    private const string InputMask = "InputMask";

    /// <summary>
    /// recurrent_kernel packed for the product kernels once per pass (<c>Gemm.PackB</c>), rather than by each of the steps'
    /// products: as it is forward, transposed backward (both <c>(units, units)</c>, the same length), whatever the batch.
    /// </summary>
    private const string RecurrentKernelPanels = "RecurrentKernelPanels";

    public SimpleRNNLayerKind() : base("SimpleRNN", "Compiled.SimpleRNNAttribute")
    {
    }

    public override IEnumerable<string> FieldSuffixes => s_workspaces.Concat(new[] { InputMask, RecurrentKernelPanels });

    /// <summary>A mask of padded steps carries the state over them (<see cref="RecurrentMaskCode"/>).</summary>
    public override bool ConsumesMask => true;

    /// <summary>A returned sequence keeps its input's mask, as Keras's <c>compute_mask</c> with <c>return_sequences</c>.</summary>
    public override bool PassesMask(LayerSpec layer) => ((SimpleRNNConfig)layer.Config).ReturnSequences;

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (RecurrentArguments.Units(reader, KerasClass) is not int units) return null;
        if (RecurrentArguments.Elementwise(reader, KerasClass, "Activation", "activation", ActivationKind.Tanh, "the state") is not ActivationKind activation) return null;
        bool useBias = reader.Named("UseBias", true);
        bool returnSequences = reader.Named("ReturnSequences", false), goBackwards = reader.Named("GoBackwards", false);
        if (RecurrentArguments.Dropout(reader, KerasClass) is not double dropout) return null;
        if (RecurrentArguments.Initializers(reader, useBias) is not { } initializers) return null;
        (InitializerSpec kernelInitializer, InitializerSpec recurrentInitializer, InitializerSpec? biasInitializer) = initializers;

        EquatableArray<int> input = inputShapes[0];
        if (!RecurrentArguments.IsSequence(reader, KerasClass, input)) return null;
        int steps = input[0], features = input[1];
        long parameters = (long)units * (features + units + (useBias ? 1 : 0));
        // The largest buffer per sample: every step's state.
        long perSample = (long)steps * System.Math.Max(units, features);
        if (!RecurrentArguments.Fits(reader, KerasClass, steps, features, units, parameters, perSample)) return null;

        List<WeightSpec> weights = new()
        {
            // Keras's fans of a 2-D weight are its rows and its columns.
            new WeightSpec("kernel", new[] { features, units }.ToEquatableArray(), kernelInitializer, features, units),
            new WeightSpec("recurrent_kernel", new[] { units, units }.ToEquatableArray(), recurrentInitializer, units, units),
        };
        if (useBias) weights.Add(new WeightSpec("bias", new[] { units }.ToEquatableArray(), biasInitializer!, units, units));
        int[] output = returnSequences ? new[] { steps, units } : new[] { units };
        SimpleRNNConfig config = new(units, activation, useBias, returnSequences, goBackwards, dropout);
        return reader.Layer(this, input, output.ToEquatableArray(), config) with { Weights = weights.ToEquatableArray() };
    }

    public override string Details(LayerSpec layer)
    {
        SimpleRNNConfig config = (SimpleRNNConfig)layer.Config;
        return $", {ActivationCode.Name(config.Activation)}" + (config.Dropout > 0 ? $", dropout {Rate(config)}" : "")
               + (config.ReturnSequences ? ", return_sequences" : "") + (config.GoBackwards ? ", go_backwards" : "");
    }

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer) => DirectionWorkspaces(layer, "");

    public IEnumerable<(string Suffix, string Length)> DirectionWorkspaces(LayerSpec layer, string prefix)
    {
        SimpleRNNConfig config = (SimpleRNNConfig)layer.Config;
        int steps = layer.InputShape[0], features = layer.InputShape[1];
        foreach (string suffix in s_workspaces)
            yield return (prefix + suffix, $"batch * {steps * (suffix == "Inputs" ? features : config.Units)}");
        if (config.Dropout > 0) yield return (prefix + InputMask, $"batch * {features}");
        if (steps > 1) yield return (prefix + RecurrentKernelPanels, $"{Kernels}Gemm.PackedLength({config.Units}, {config.Units})");
    }

    public override void WriteForward(LayerPass pass)
        => WriteDirectionForward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.Output, ((SimpleRNNConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString())
            { Mask = pass.InputMask });

    public void WriteDirectionForward(LayerPass pass, RecurrentDirection direction)
    {
        SimpleRNNConfig config = (SimpleRNNConfig)direction.Layer.Config;
        CodeWriter w = pass.W;
        string stem = direction.Stem;
        int steps = direction.Layer.InputShape[0], features = direction.Layer.InputShape[1], units = config.Units;
        string bias = config.UseBias ? pass.Parameter(direction.FirstWeight + 2) : $"{Code.ReadOnlySpan}.Empty";
        string mask = RecurrentArguments.WriteInputDropoutMask(w, stem + InputMask, features, config.Dropout, direction.Salt);
        w.Line("// x·kernel + bias for every step at once; then step by step, h(step - 1)·recurrent_kernel added and the activation applied in place.");
        w.Line($"{Kernels}Recurrent.ProjectInputs({pass.Input(0)}, {pass.Parameter(direction.FirstWeight)}, {bias}, {stem}Inputs, {stem}Hidden, batch, {steps}, {features}, {units}, goBackwards: {Bool(direction.GoBackwards)}{mask});");
        if (steps > 1) w.Line($"{Kernels}Gemm.PackB({pass.Parameter(direction.FirstWeight + 1)}, {stem}{RecurrentKernelPanels}, {units}, {units});");
        using (w.Open($"for (int step = 0; step < {steps}; step++)"))
        {
            // A single step has no previous state to multiply.
            if (steps > 1) w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAddPacked({Step(stem + "Hidden", "step - 1", units)}, {stem}{RecurrentKernelPanels}, {Step(stem + "Hidden", "step", units)}, batch, {units}, {units});");
            w.Line($"{Kernels}SimpleRnn.Activate({stem}Hidden, step, batch, {units}, {Activation(config)});");
            RecurrentMaskCode.CarryStates(w, direction, ($"{stem}Hidden", units));
        }
        w.Line($"{Kernels}Recurrent.Outputs({stem}Hidden, {direction.Output}, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
        RecurrentMaskCode.ZeroMaskedOutputs(w, direction, direction.Output, units);
    }

    public override void WriteBackward(LayerPass pass)
        => WriteDirectionBackward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.OutputGradient, ((SimpleRNNConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString())
            { Mask = pass.InputMask });

    public void WriteDirectionBackward(LayerPass pass, RecurrentDirection direction)
    {
        SimpleRNNConfig config = (SimpleRNNConfig)direction.Layer.Config;
        CodeWriter w = pass.W;
        string stem = direction.Stem;
        int steps = direction.Layer.InputShape[0], features = direction.Layer.InputShape[1], units = config.Units;
        w.Line("// Back through time: each step's dh through the activation, and dz·recurrent_kernelᵀ into the step before; then one product per weight over every step.");
        RecurrentMaskCode.ZeroMaskedOutputs(w, direction, direction.Output, units);
        w.Line($"{Kernels}Recurrent.OutputGradients({direction.Output}, {stem}HiddenGradients, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
        if (steps > 1) w.Line($"{Kernels}Gemm.PackB({pass.Parameter(direction.FirstWeight + 1)}, {stem}{RecurrentKernelPanels}, {units}, {units}, transposed: true);");
        using (w.Open($"for (int step = {steps - 1}; step >= 0; step--)"))
        {
            RecurrentMaskCode.PassOverMaskedSteps(w, direction, $"{stem}HiddenGradients", units);
            w.Line($"{Kernels}SimpleRnn.ActivateBackward({stem}Hidden, {stem}HiddenGradients, step, batch, {units}, {Activation(config)});");
            if (steps > 1) w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAddPacked({Step(stem + "HiddenGradients", "step", units)}, {stem}{RecurrentKernelPanels}, {Step(stem + "HiddenGradients", "step - 1", units)}, batch, {units}, {units});");
        }
        string bias = config.UseBias ? pass.ParameterGradient(direction.FirstWeight + 2) : $"{Code.Span}.Empty";
        string head = $"{Kernels}Recurrent.WeightGradients({stem}Inputs, {stem}Hidden, {stem}HiddenGradients, {pass.Parameter(direction.FirstWeight)}, {pass.ParameterGradient(direction.FirstWeight)}, {pass.ParameterGradient(direction.FirstWeight + 1)}, {bias}, ";
        string mask = config.Dropout > 0 ? $", inputMask: {stem}{InputMask}" : "";
        pass.WriteWithInputGradient(head, $", batch, {steps}, {features}, {units}, {units}, goBackwards: {Bool(direction.GoBackwards)}{mask}");
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        SimpleRNNConfig config = (SimpleRNNConfig)layer.Config;
        List<string> arguments = new()
        {
            ShapeArgument("inputShape", layer.InputShape), $"units: {config.Units}", ActivationArgument("activation", config.Activation),
            BoolArgument("useBias", config.UseBias), BoolArgument("returnSequences", config.ReturnSequences), BoolArgument("goBackwards", config.GoBackwards),
            $"dropout: {Rate(config)}", $"parameterOffset: {layer.ParameterOffset}",
            $"kernelInitializer: {layer.Weights[0].Initializer.Expression}", $"recurrentInitializer: {layer.Weights[1].Initializer.Expression}",
        };
        if (config.UseBias) arguments.Add($"biasInitializer: {layer.Weights[2].Initializer.Expression}");
        return Construct("SimpleRNNLayer", layer, arguments.ToArray());
    }

    /// <summary>One step's rows of a time-major buffer of <paramref name="units"/> columns.</summary>
    private static string Step(string buffer, string step, int units) => $"{Kernels}Recurrent.Step({buffer}, {step}, batch, {units})";

    private static string Activation(SimpleRNNConfig config) => $"global::Compiled.Activation.{config.Activation}";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Rate(SimpleRNNConfig config) => RecurrentArguments.Rate(config.Dropout);
}
