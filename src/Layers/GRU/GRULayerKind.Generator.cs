using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>A GRU's settings beyond what every recurrent layer has; <paramref name="BiasInitializer"/> is null without a bias.</summary>
internal sealed record GRUConfig(int Units, ActivationKind CellActivation, ActivationKind RecurrentActivation, bool UseBias, bool ResetAfter,
    bool ReturnSequences, bool GoBackwards, double Dropout, InitializerSpec? BiasInitializer) : RecurrentConfig(Units, ReturnSequences, GoBackwards);

/// <summary>
/// <c>[GRU(units)]</c>: Keras's GRU over <c>(timesteps, features)</c>. The generated step computes the input product of every
/// time step at once (<c>Gru.ProjectInputs</c>), then loops over the steps. With <c>reset_after</c> (tf.keras 2's default)
/// each step is one product <c>h·recurrent_kernel</c> (packed once per pass, <c>Gemm.PackB</c>) and one fused cell
/// (<c>Gru.Cell</c>); without it the reset gate
/// multiplies the state before its product, so a step is the z and r columns' product, the gates, the h columns' product
/// of <c>r ⊙ h</c>, and the candidate, each block packed once per pass (<c>Gru.PackRecurrentBlocks</c>). The backward pass runs the loop in reverse and ends with one product per weight over
/// all the steps (<c>Gru.WeightGradients</c>).
/// </summary>
internal sealed class GRULayerKind : LayerKind, IRecurrentKind
{
    private const string Kernels = Code.Kernels;

    /// <summary>The layer's time-major buffers, one row of the batch per step, some for one form only: see <c>Compiled.Kernels.Gru</c>.</summary>
    private static readonly string[] s_workspaces =
        { "Inputs", "Gates", "Recurrent", "ResetHidden", "Hidden", "GateGradients", "RecurrentGradients", "ResetGradient", "HiddenGradients" };

    /// <summary>The input dropout's mask, one row of features per sample, for layers with a dropout rate.</summary>
    private const string InputMask = "InputMask";

    /// <summary>
    /// recurrent_kernel packed for the product kernels once per pass, rather than by each of the steps' products: as it is
    /// forward, transposed backward, sized for either whatever the batch. With <c>reset_after</c> the whole kernel
    /// (<c>Gemm.PackB</c>); without it its two column blocks, z and r then h, which the steps multiply by apart
    /// (<c>Gru.PackRecurrentBlocks</c>).
    /// </summary>
    private const string RecurrentKernelPanels = "RecurrentKernelPanels";

    public GRULayerKind() : base("GRU", "Compiled.GRUAttribute")
    {
    }

    public override IEnumerable<string> FieldSuffixes => s_workspaces.Concat(new[] { InputMask, RecurrentKernelPanels });

    /// <summary>A mask of padded steps carries the state over them (<see cref="RecurrentMaskCode"/>).</summary>
    public override bool ConsumesMask => true;

    /// <summary>A returned sequence keeps its input's mask, as Keras's <c>compute_mask</c> with <c>return_sequences</c>.</summary>
    public override bool PassesMask(LayerSpec layer) => ((GRUConfig)layer.Config).ReturnSequences;

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (RecurrentArguments.Units(reader, KerasClass) is not int units) return null;
        ActivationKind? activation = RecurrentArguments.Elementwise(reader, KerasClass, "Activation", "activation", ActivationKind.Tanh, "a gate");
        ActivationKind? recurrentActivation = RecurrentArguments.Elementwise(reader, KerasClass, "RecurrentActivation", "recurrent_activation", ActivationKind.Sigmoid, "a gate");
        bool useBias = reader.Named("UseBias", true), resetAfter = reader.Named("ResetAfter", true);
        bool returnSequences = reader.Named("ReturnSequences", false), goBackwards = reader.Named("GoBackwards", false);
        if (RecurrentArguments.Dropout(reader, KerasClass) is not double dropout) return null;
        if (RecurrentArguments.Initializers(reader, useBias) is not { } initializers || activation is null || recurrentActivation is null) return null;
        (InitializerSpec kernelInitializer, InitializerSpec recurrentInitializer, InitializerSpec? biasInitializer) = initializers;

        EquatableArray<int> input = inputShapes[0];
        if (!RecurrentArguments.IsSequence(reader, KerasClass, input)) return null;
        int steps = input[0], features = input[1];
        long width = 3L * units;
        long parameters = width * (features + units + (useBias ? (resetAfter ? 2 : 1) : 0));
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
        if (biasInitializer is { } bias)
        {
            // With reset_after the bias is (2, 3·units), the input bias then the recurrent bias, whose fans are 2 and 3·units.
            weights.Add(resetAfter
                ? new WeightSpec("bias", new[] { 2, gates }.ToEquatableArray(), bias, 2, gates)
                : new WeightSpec("bias", new[] { gates }.ToEquatableArray(), bias, gates, gates));
        }
        int[] output = returnSequences ? new[] { steps, units } : new[] { units };
        GRUConfig config = new(units, activation.Value, recurrentActivation.Value, useBias, resetAfter, returnSequences, goBackwards, dropout, biasInitializer);
        return reader.Layer(this, input, output.ToEquatableArray(), config) with { Weights = weights.ToEquatableArray() };
    }

    public override string Details(LayerSpec layer)
    {
        GRUConfig config = (GRUConfig)layer.Config;
        return $", {ActivationCode.Name(config.CellActivation)}, recurrent {ActivationCode.Name(config.RecurrentActivation)}"
               + (config.ResetAfter ? "" : ", reset_after=False")
               + (config.Dropout > 0 ? $", dropout {Rate(config)}" : "")
               + (config.ReturnSequences ? ", return_sequences" : "") + (config.GoBackwards ? ", go_backwards" : "");
    }

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer) => DirectionWorkspaces(layer, "");

    public IEnumerable<(string Suffix, string Length)> DirectionWorkspaces(LayerSpec layer, string prefix)
    {
        GRUConfig config = (GRUConfig)layer.Config;
        int steps = layer.InputShape[0], features = layer.InputShape[1], units = config.Units;
        foreach (string suffix in s_workspaces)
        {
            int? perSample = suffix switch
            {
                "Inputs" => steps * features,
                "Gates" or "GateGradients" => steps * 3 * units,
                "Recurrent" or "RecurrentGradients" => config.ResetAfter ? steps * 3 * units : null,
                "ResetHidden" => config.ResetAfter ? null : steps * units,
                "ResetGradient" => config.ResetAfter ? null : units,
                _ => steps * units,
            };
            if (perSample is int length) yield return (prefix + suffix, $"batch * {length}");
        }
        if (config.Dropout > 0) yield return (prefix + InputMask, $"batch * {features}");
        if (steps > 1)
            yield return (prefix + RecurrentKernelPanels, config.ResetAfter
                ? $"global::System.Math.Max({Kernels}Gemm.PackedLength({units}, {3 * units}), {Kernels}Gemm.PackedLength({3 * units}, {units}))"
                : $"{Kernels}Gru.PackedBlocksLength({units})");
    }

    public override void WriteForward(LayerPass pass)
        => WriteDirectionForward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.Output, ((GRUConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString())
            { Mask = pass.InputMask });

    public void WriteDirectionForward(LayerPass pass, RecurrentDirection direction)
    {
        LayerSpec layer = direction.Layer;
        GRUConfig config = (GRUConfig)layer.Config;
        CodeWriter w = pass.W;
        string stem = direction.Stem;
        int steps = layer.InputShape[0], features = layer.InputShape[1], units = config.Units, width = 3 * units;
        string bias = config.UseBias ? pass.Parameter(direction.FirstWeight + 2) : $"{Code.ReadOnlySpan}.Empty";
        string recurrentKernel = pass.Parameter(direction.FirstWeight + 1);
        string mask = RecurrentArguments.WriteInputDropoutMask(w, stem + InputMask, features, config.Dropout, direction.Salt);
        string recurrent = config.ResetAfter ? stem + "Recurrent" : $"{Code.Span}.Empty";
        string sizes = $"step, batch, {units}";
        string activations = Activations(config);
        if (config.ResetAfter)
        {
            w.Line(config.UseBias
                ? "// x·kernel + input bias for every step at once, the recurrent bias in every step's recurrent rows; then step by step,"
                : "// x·kernel for every step at once, zeros in every step's recurrent rows; then step by step,");
            w.Line("// h(step - 1)·recurrent_kernel added to them, and the cell, whose reset gate multiplies that product.");
        }
        else
        {
            w.Line($"// x·kernel{(config.UseBias ? " + bias" : "")} for every step at once; then step by step, h(step - 1)·recurrent_kernel's z and r columns, the gates,");
            w.Line("// (r ⊙ h(step - 1))·its h columns, and the candidate and state.");
        }
        w.Line($"{Kernels}Gru.ProjectInputs({pass.Input(0)}, {pass.Parameter(direction.FirstWeight)}, {bias}, {stem}Inputs, {stem}Gates, {recurrent}, batch, {steps}, {features}, {units}, resetAfter: {Bool(config.ResetAfter)}, goBackwards: {Bool(direction.GoBackwards)}{mask});");
        // A single step has no previous state to multiply.
        bool packed = steps > 1;
        if (packed) w.Line(config.ResetAfter
            ? $"{Kernels}Gemm.PackB({recurrentKernel}, {stem}{RecurrentKernelPanels}, {units}, {width});"
            : $"{Kernels}Gru.PackRecurrentBlocks({recurrentKernel}, {stem}{RecurrentKernelPanels}, {units});");
        using (w.Open($"for (int step = 0; step < {steps}; step++)"))
        {
            if (config.ResetAfter)
            {
                if (packed) w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAddPacked({Step(stem + "Hidden", "step - 1", units)}, {stem}{RecurrentKernelPanels}, {Step(stem + "Recurrent", "step", width)}, batch, {units}, {width});");
                w.Line($"{Kernels}Gru.Cell({stem}Gates, {stem}Recurrent, {stem}Hidden, {sizes}, {activations});");
            }
            else
            {
                if (packed) w.Line($"if (step > 0) {Kernels}Gru.AddUpdateResetProducts({stem}Hidden, {stem}{RecurrentKernelPanels}, {stem}Gates, {sizes});");
                w.Line($"{Kernels}Gru.ResetGates({stem}Gates, {stem}Hidden, {stem}ResetHidden, {sizes}, {activations});");
                if (packed) w.Line($"if (step > 0) {Kernels}Gru.AddCandidateProduct({stem}ResetHidden, {stem}{RecurrentKernelPanels}, {stem}Gates, {sizes});");
                w.Line($"{Kernels}Gru.Candidate({stem}Gates, {stem}Hidden, {sizes}, {activations});");
            }
            RecurrentMaskCode.CarryStates(w, direction, ($"{stem}Hidden", units));
        }
        w.Line($"{Kernels}Recurrent.Outputs({stem}Hidden, {direction.Output}, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
        RecurrentMaskCode.ZeroMaskedOutputs(w, direction, direction.Output, units);
    }

    public override void WriteBackward(LayerPass pass)
        => WriteDirectionBackward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.OutputGradient, ((GRUConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString())
            { Mask = pass.InputMask });

    public void WriteDirectionBackward(LayerPass pass, RecurrentDirection direction)
    {
        LayerSpec layer = direction.Layer;
        GRUConfig config = (GRUConfig)layer.Config;
        CodeWriter w = pass.W;
        string stem = direction.Stem;
        int steps = layer.InputShape[0], features = layer.InputShape[1], units = config.Units, width = 3 * units;
        string recurrentKernel = pass.Parameter(direction.FirstWeight + 1);
        string sizes = $"step, batch, {units}";
        string activations = Activations(config);
        w.Line(config.ResetAfter
            ? "// Back through time: each step's gate gradients, and dRecurrent·recurrent_kernelᵀ into the step before; then one product per weight over every step."
            : "// Back through time: each step's candidate and update gradients, then the reset gate's through both recurrent products; then one product per weight over every step.");
        RecurrentMaskCode.ZeroMaskedOutputs(w, direction, direction.Output, units);
        w.Line($"{Kernels}Recurrent.OutputGradients({direction.Output}, {stem}HiddenGradients, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
        bool packed = steps > 1;
        if (packed) w.Line(config.ResetAfter
            ? $"{Kernels}Gemm.PackB({recurrentKernel}, {stem}{RecurrentKernelPanels}, {width}, {units}, transposed: true);"
            : $"{Kernels}Gru.PackRecurrentBlocks({recurrentKernel}, {stem}{RecurrentKernelPanels}, {units}, transposed: true);");
        using (w.Open($"for (int step = {steps - 1}; step >= 0; step--)"))
        {
            RecurrentMaskCode.PassOverMaskedSteps(w, direction, $"{stem}HiddenGradients", units);
            if (config.ResetAfter)
            {
                w.Line($"{Kernels}Gru.CellBackward({stem}Gates, {stem}Recurrent, {stem}Hidden, {stem}HiddenGradients, {stem}GateGradients, {stem}RecurrentGradients, {sizes}, {activations});");
                if (packed) w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAddPacked({Step(stem + "RecurrentGradients", "step", width)}, {stem}{RecurrentKernelPanels}, {Step(stem + "HiddenGradients", "step - 1", units)}, batch, {width}, {units});");
            }
            else
            {
                w.Line($"{Kernels}Gru.CandidateBackward({stem}Gates, {stem}Hidden, {stem}HiddenGradients, {stem}GateGradients, {sizes}, {activations});");
                if (packed) w.Line($"if (step > 0) {Kernels}Gru.ResetBackward({stem}Gates, {stem}Hidden, {stem}{RecurrentKernelPanels}, {stem}ResetGradient, {stem}GateGradients, {stem}HiddenGradients, {sizes}, {activations});");
            }
        }
        string bias = config.UseBias ? pass.ParameterGradient(direction.FirstWeight + 2) : $"{Code.Span}.Empty";
        string resetHidden = config.ResetAfter ? $"{Code.ReadOnlySpan}.Empty" : stem + "ResetHidden";
        string recurrentGradients = config.ResetAfter ? stem + "RecurrentGradients" : $"{Code.ReadOnlySpan}.Empty";
        string head = $"{Kernels}Gru.WeightGradients({stem}Inputs, {stem}Hidden, {resetHidden}, {stem}GateGradients, {recurrentGradients}, {pass.Parameter(direction.FirstWeight)}, "
                      + $"{pass.ParameterGradient(direction.FirstWeight)}, {pass.ParameterGradient(direction.FirstWeight + 1)}, {bias}, ";
        string mask = config.Dropout > 0 ? $", inputMask: {stem}{InputMask}" : "";
        pass.WriteWithInputGradient(head, $", batch, {steps}, {features}, {units}, resetAfter: {Bool(config.ResetAfter)}, goBackwards: {Bool(direction.GoBackwards)}{mask}");
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        GRUConfig config = (GRUConfig)layer.Config;
        List<string> arguments = new()
        {
            ShapeArgument("inputShape", layer.InputShape), $"units: {config.Units}", ActivationArgument("activation", config.CellActivation),
            ActivationArgument("recurrentActivation", config.RecurrentActivation), BoolArgument("useBias", config.UseBias),
            BoolArgument("resetAfter", config.ResetAfter), BoolArgument("returnSequences", config.ReturnSequences),
            BoolArgument("goBackwards", config.GoBackwards), $"dropout: {Rate(config)}", $"parameterOffset: {layer.ParameterOffset}",
            $"kernelInitializer: {layer.Weights[0].Initializer.Expression}", $"recurrentInitializer: {layer.Weights[1].Initializer.Expression}",
        };
        if (config.BiasInitializer is { } bias) arguments.Add($"biasInitializer: {bias.Expression}");
        return Construct("GRULayer", layer, arguments.ToArray());
    }

    /// <summary>One step's rows of a time-major buffer of <paramref name="width"/> columns.</summary>
    private static string Step(string buffer, string step, int width) => $"{Kernels}Recurrent.Step({buffer}, {step}, batch, {width})";

    private static string Activations(GRUConfig config)
        => $"global::Compiled.Activation.{config.CellActivation}, global::Compiled.Activation.{config.RecurrentActivation}";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Rate(GRUConfig config) => RecurrentArguments.Rate(config.Dropout);
}
