using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>An LSTM's settings beyond what every recurrent layer has; <paramref name="BiasInitializer"/> is the user's, before the forget gate's ones.</summary>
internal sealed record LSTMConfig(int Units, ActivationKind CellActivation, ActivationKind RecurrentActivation, bool UseBias, bool UnitForgetBias,
    bool ReturnSequences, bool GoBackwards, double Dropout, InitializerSpec? BiasInitializer) : RecurrentConfig(Units, ReturnSequences, GoBackwards);

/// <summary>
/// <c>[LSTM(units)]</c>: Keras's LSTM over <c>(timesteps, features)</c>. The generated step computes the input product of
/// every time step at once (<c>Lstm.ProjectInputs</c>), then loops over the steps, each one product <c>h·recurrent_kernel</c>
/// into the step's gates and one fused cell kernel (<c>Lstm.Cell</c>); the backward pass runs the loop in reverse
/// (<c>Lstm.CellBackward</c>, then <c>dz·recurrent_kernelᵀ</c> into the step before) and ends with one product per weight
/// over all the steps (<c>Lstm.WeightGradients</c>).
/// </summary>
internal sealed class LSTMLayerKind : LayerKind, IRecurrentKind
{
    private const string Kernels = Code.Kernels;

    /// <summary>The layer's time-major buffers, one row of the batch per step: see <c>Compiled.Kernels.Lstm</c>.</summary>
    private static readonly string[] s_workspaces = { "Inputs", "Gates", "Cells", "CellActivations", "Hidden", "GateGradients", "HiddenGradients", "CellGradient" };

    /// <summary>The input dropout's mask, one row of features per sample, for layers with a dropout rate.</summary>
    private const string InputMask = "InputMask";

    /// <summary>
    /// recurrent_kernel packed for the product kernels once per pass (<c>Gemm.PackB</c>), rather than by each of the
    /// steps' products: as it is forward, transposed backward. Sized for either, whatever the batch.
    /// </summary>
    private const string RecurrentKernelPanels = "RecurrentKernelPanels";

    /// <summary>Where a masked step's carried <c>dc</c> is kept across the cell backward, for layers whose input carries a mask.</summary>
    private const string CellGradientKept = "CellGradientKept";

    public LSTMLayerKind() : base("LSTM", "Compiled.LSTMAttribute")
    {
    }

    public override IEnumerable<string> FieldSuffixes => s_workspaces.Concat(new[] { InputMask, RecurrentKernelPanels, CellGradientKept });

    public override bool ConsumesMask => true;

    /// <summary>Keras's RNN passes its input's mask on with its sequence, and drops it with the last step only.</summary>
    public override bool PassesMask(LayerSpec layer) => ((LSTMConfig)layer.Config).ReturnSequences;

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (RecurrentArguments.Units(reader, KerasClass) is not int units) return null;
        ActivationKind? activation = RecurrentArguments.Elementwise(reader, KerasClass, "Activation", "activation", ActivationKind.Tanh, "a gate");
        ActivationKind? recurrentActivation = RecurrentArguments.Elementwise(reader, KerasClass, "RecurrentActivation", "recurrent_activation", ActivationKind.Sigmoid, "a gate");
        bool useBias = reader.Named("UseBias", true), unitForgetBias = reader.Named("UnitForgetBias", true);
        bool returnSequences = reader.Named("ReturnSequences", false), goBackwards = reader.Named("GoBackwards", false);
        if (RecurrentArguments.Dropout(reader, KerasClass) is not double dropout) return null;
        if (RecurrentArguments.Initializers(reader, useBias) is not { } initializers || activation is null || recurrentActivation is null) return null;
        (InitializerSpec kernelInitializer, InitializerSpec recurrentInitializer, InitializerSpec? biasInitializer) = initializers;

        EquatableArray<int> input = inputShapes[0];
        if (!RecurrentArguments.IsSequence(reader, KerasClass, input)) return null;
        int steps = input[0], features = input[1];
        long width = 4L * units;
        long parameters = width * (features + units + (useBias ? 1 : 0));
        // The largest buffer per sample: every step's gates.
        long perSample = steps * width;
        if (!RecurrentArguments.Fits(reader, KerasClass, steps, features, units, parameters, perSample)) return null;

        int gates = (int)width;
        List<WeightSpec> weights = new()
        {
            // Keras's fans of a 2-D weight are its rows and its columns.
            new WeightSpec("kernel", new[] { features, gates }.ToEquatableArray(), kernelInitializer, features, gates),
            new WeightSpec("recurrent_kernel", new[] { units, gates }.ToEquatableArray(), recurrentInitializer, units, gates),
        };
        if (useBias)
        {
            InitializerSpec bias = unitForgetBias
                ? new InitializerSpec(biasInitializer!.Description + " with forget gate ones", $"new global::Compiled.UnitForgetBias({biasInitializer.Expression})")
                : biasInitializer!;
            weights.Add(new WeightSpec("bias", new[] { gates }.ToEquatableArray(), bias, gates, gates));
        }
        int[] output = returnSequences ? new[] { steps, units } : new[] { units };
        LSTMConfig config = new(units, activation.Value, recurrentActivation.Value, useBias, unitForgetBias, returnSequences, goBackwards, dropout, biasInitializer);
        return reader.Layer(this, input, output.ToEquatableArray(), config) with { Weights = weights.ToEquatableArray() };
    }

    public override string Details(LayerSpec layer)
    {
        LSTMConfig config = (LSTMConfig)layer.Config;
        return $", {ActivationCode.Name(config.CellActivation)}, recurrent {ActivationCode.Name(config.RecurrentActivation)}"
               + (config.Dropout > 0 ? $", dropout {Rate(config)}" : "")
               + (config.ReturnSequences ? ", return_sequences" : "") + (config.GoBackwards ? ", go_backwards" : "");
    }

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer) => DirectionWorkspaces(layer, "");

    public IEnumerable<(string Suffix, string Length)> DirectionWorkspaces(LayerSpec layer, string prefix)
    {
        LSTMConfig config = (LSTMConfig)layer.Config;
        int steps = layer.InputShape[0], features = layer.InputShape[1], units = config.Units;
        foreach (string suffix in s_workspaces)
        {
            int perSample = suffix switch
            {
                "Inputs" => steps * features,
                "Gates" or "GateGradients" => steps * 4 * units,
                "CellGradient" => units,
                _ => steps * units,
            };
            yield return (prefix + suffix, $"batch * {perSample}");
        }
        if (config.Dropout > 0) yield return (prefix + InputMask, $"batch * {features}");
        if (steps > 1)
            yield return (prefix + RecurrentKernelPanels,
                $"global::System.Math.Max({Kernels}Gemm.PackedLength({units}, {4 * units}), {Kernels}Gemm.PackedLength({4 * units}, {units}))");
        if (layer.InputMasked) yield return (prefix + CellGradientKept, $"batch * {units}");
    }

    public override void WriteForward(LayerPass pass)
        => WriteDirectionForward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.Output, ((LSTMConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString())
            { Mask = pass.InputMask });

    public void WriteDirectionForward(LayerPass pass, RecurrentDirection direction)
    {
        LayerSpec layer = direction.Layer;
        LSTMConfig config = (LSTMConfig)layer.Config;
        CodeWriter w = pass.W;
        string stem = direction.Stem;
        int steps = layer.InputShape[0], features = layer.InputShape[1], units = config.Units, width = 4 * units;
        string bias = config.UseBias ? pass.Parameter(direction.FirstWeight + 2) : $"{Code.ReadOnlySpan}.Empty";
        string mask = RecurrentArguments.WriteInputDropoutMask(w, stem + InputMask, features, config.Dropout, direction.Salt);
        w.Line("// x·kernel + bias for every step at once; then step by step, h(step - 1)·recurrent_kernel into the step's gates, and the cell.");
        w.Line($"{Kernels}Lstm.ProjectInputs({pass.Input(0)}, {pass.Parameter(direction.FirstWeight)}, {bias}, {stem}Inputs, {stem}Gates, batch, {steps}, {features}, {units}, goBackwards: {Bool(direction.GoBackwards)}{mask});");
        if (steps > 1) w.Line($"{Kernels}Gemm.PackB({pass.Parameter(direction.FirstWeight + 1)}, {stem}{RecurrentKernelPanels}, {units}, {width});");
        using (w.Open($"for (int step = 0; step < {steps}; step++)"))
        {
            // A single step has no previous state to multiply.
            if (steps > 1) w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAddPacked({Kernels}Lstm.Step({stem}Hidden, step - 1, batch, {units}), {stem}{RecurrentKernelPanels}, {Kernels}Lstm.Step({stem}Gates, step, batch, {width}), batch, {units}, {width});");
            w.Line($"{Kernels}Lstm.Cell({stem}Gates, {stem}Cells, {stem}CellActivations, {stem}Hidden, step, batch, {units}, {Activations(config)});");
            RecurrentMaskCode.CarryStates(w, direction, ($"{stem}Cells", units), ($"{stem}Hidden", units));
        }
        w.Line($"{Kernels}Lstm.Outputs({stem}Hidden, {direction.Output}, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
        RecurrentMaskCode.ZeroMaskedOutputs(w, direction, direction.Output, units);
    }

    public override void WriteBackward(LayerPass pass)
        => WriteDirectionBackward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.OutputGradient, ((LSTMConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString())
            { Mask = pass.InputMask });

    public void WriteDirectionBackward(LayerPass pass, RecurrentDirection direction)
    {
        LayerSpec layer = direction.Layer;
        LSTMConfig config = (LSTMConfig)layer.Config;
        CodeWriter w = pass.W;
        string stem = direction.Stem;
        int steps = layer.InputShape[0], features = layer.InputShape[1], units = config.Units, width = 4 * units;
        w.Line("// Back through time: each step's gate gradients, and dz·recurrent_kernelᵀ into the step before; then one product per weight over every step.");
        RecurrentMaskCode.ZeroMaskedOutputs(w, direction, direction.Output, units);
        w.Line($"{Kernels}Lstm.OutputGradients({direction.Output}, {stem}HiddenGradients, {stem}CellGradient, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
        if (steps > 1) w.Line($"{Kernels}Gemm.PackB({pass.Parameter(direction.FirstWeight + 1)}, {stem}{RecurrentKernelPanels}, {width}, {units}, transposed: true);");
        using (w.Open($"for (int step = {steps - 1}; step >= 0; step--)"))
        {
            RecurrentMaskCode.KeepCarriedGradient(w, direction, $"{stem}CellGradient", stem + CellGradientKept, units, restore: false);
            w.Line($"{Kernels}Lstm.CellBackward({stem}Gates, {stem}Cells, {stem}CellActivations, {stem}HiddenGradients, {stem}CellGradient, {stem}GateGradients, step, batch, {units}, {Activations(config)});");
            RecurrentMaskCode.KeepCarriedGradient(w, direction, $"{stem}CellGradient", stem + CellGradientKept, units, restore: true);
            RecurrentMaskCode.SkipMaskedSteps(w, direction, $"{stem}HiddenGradients", $"{stem}GateGradients", units, width);
            if (steps > 1) w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAddPacked({Kernels}Lstm.Step({stem}GateGradients, step, batch, {width}), {stem}{RecurrentKernelPanels}, {Kernels}Lstm.Step({stem}HiddenGradients, step - 1, batch, {units}), batch, {width}, {units});");
        }
        string bias = config.UseBias ? pass.ParameterGradient(direction.FirstWeight + 2) : $"{Code.Span}.Empty";
        string head = $"{Kernels}Lstm.WeightGradients({stem}Inputs, {stem}Hidden, {stem}GateGradients, {pass.Parameter(direction.FirstWeight)}, {pass.ParameterGradient(direction.FirstWeight)}, {pass.ParameterGradient(direction.FirstWeight + 1)}, {bias}, ";
        string mask = config.Dropout > 0 ? $", inputMask: {stem}{InputMask}" : "";
        pass.WriteWithInputGradient(head, $", batch, {steps}, {features}, {units}, goBackwards: {Bool(direction.GoBackwards)}{mask}");
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        LSTMConfig config = (LSTMConfig)layer.Config;
        List<string> arguments = new()
        {
            ShapeArgument("inputShape", layer.InputShape), $"units: {config.Units}", ActivationArgument("activation", config.CellActivation),
            ActivationArgument("recurrentActivation", config.RecurrentActivation), BoolArgument("useBias", config.UseBias),
            BoolArgument("unitForgetBias", config.UnitForgetBias), BoolArgument("returnSequences", config.ReturnSequences),
            BoolArgument("goBackwards", config.GoBackwards), $"dropout: {Rate(config)}", $"parameterOffset: {layer.ParameterOffset}",
            $"kernelInitializer: {layer.Weights[0].Initializer.Expression}", $"recurrentInitializer: {layer.Weights[1].Initializer.Expression}",
        };
        if (config.BiasInitializer is { } bias) arguments.Add($"biasInitializer: {bias.Expression}");
        return Construct("LSTMLayer", layer, arguments.ToArray());
    }

    private static string Activations(LSTMConfig config)
        => $"global::Compiled.Activation.{config.CellActivation}, global::Compiled.Activation.{config.RecurrentActivation}";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Rate(LSTMConfig config) => RecurrentArguments.Rate(config.Dropout);
}
