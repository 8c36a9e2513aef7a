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
/// each step is one product <c>h·recurrent_kernel</c> and one fused cell (<c>Gru.Cell</c>); without it the reset gate
/// multiplies the state before its product, so a step is the z and r columns' product, the gates, the h columns' product
/// of <c>r ⊙ h</c>, and the candidate. The backward pass runs the loop in reverse and ends with one product per weight over
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

    public GRULayerKind() : base("GRU", "Compiled.GRUAttribute")
    {
    }

    public override IEnumerable<string> FieldSuffixes => s_workspaces.Concat(new[] { InputMask });

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        bool resetAfter = reader.Named("ResetAfter", true);
        if (RecurrentArguments.Read(this, reader, inputShapes, gates: 3, biasRows: resetAfter ? 2 : 1) is not { } arguments) return null;
        int units = arguments.Units, features = arguments.Features, gates = 3 * units;
        List<WeightSpec> weights = new()
        {
            // Keras's fans of a 2-D weight are its rows and its columns.
            new WeightSpec("kernel", new[] { features, gates }.ToEquatableArray(), arguments.KernelInitializer, features, gates),
            new WeightSpec("recurrent_kernel", new[] { units, gates }.ToEquatableArray(), arguments.RecurrentInitializer, units, gates),
        };
        if (arguments.BiasInitializer is { } bias)
        {
            // With reset_after the bias is (2, 3·units), the input bias then the recurrent bias, whose fans are 2 and 3·units.
            weights.Add(resetAfter
                ? new WeightSpec("bias", new[] { 2, gates }.ToEquatableArray(), bias, 2, gates)
                : new WeightSpec("bias", new[] { gates }.ToEquatableArray(), bias, gates, gates));
        }
        int[] output = arguments.ReturnSequences ? new[] { arguments.Steps, units } : new[] { units };
        GRUConfig config = new(units, arguments.Activation, arguments.RecurrentActivation, arguments.UseBias, resetAfter, arguments.ReturnSequences,
            arguments.GoBackwards, arguments.Dropout, arguments.BiasInitializer);
        return reader.Layer(this, inputShapes[0], output.ToEquatableArray(), config) with { Weights = weights.ToEquatableArray() };
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
    }

    public override void WriteForward(LayerPass pass)
        => WriteDirectionForward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.Output, ((GRUConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString()));

    public void WriteDirectionForward(LayerPass pass, RecurrentDirection direction)
    {
        LayerSpec layer = direction.Layer;
        GRUConfig config = (GRUConfig)layer.Config;
        CodeWriter w = pass.W;
        string stem = direction.Stem;
        int steps = layer.InputShape[0], features = layer.InputShape[1], units = config.Units, width = 3 * units;
        string bias = config.UseBias ? pass.Parameter(direction.FirstWeight + 2) : $"{Code.ReadOnlySpan}.Empty";
        string recurrentKernel = pass.Parameter(direction.FirstWeight + 1);
        string mask = "";
        if (config.Dropout > 0)
        {
            // Without a seed of its own, the mask comes from the model's training seed, salted by the layer's position, as Dropout's does.
            w.Line("// While training, one input dropout mask per sample, shared by every time step.");
            w.Line($"if (Training) {Kernels}Dropout.Mask(new {Code.Span}({stem}{InputMask}, 0, batch * {features}), {Rate(config)}f, TrainingSeed, {direction.Salt});");
            mask = $", inputMask: Training ? {stem}{InputMask} : null";
        }
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
        using (w.Open($"for (int step = 0; step < {steps}; step++)"))
        {
            if (config.ResetAfter)
            {
                w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAdd({Kernels}Gru.Step({stem}Hidden, step - 1, batch, {units}), {recurrentKernel}, {Kernels}Gru.Step({stem}Recurrent, step, batch, {width}), batch, {units}, {width});");
                w.Line($"{Kernels}Gru.Cell({stem}Gates, {stem}Recurrent, {stem}Hidden, {sizes}, {activations});");
            }
            else
            {
                w.Line($"if (step > 0) {Kernels}Gru.AddUpdateResetProducts({stem}Hidden, {recurrentKernel}, {stem}Gates, {sizes});");
                w.Line($"{Kernels}Gru.ResetGates({stem}Gates, {stem}Hidden, {stem}ResetHidden, {sizes}, {activations});");
                w.Line($"if (step > 0) {Kernels}Gru.AddCandidateProduct({stem}ResetHidden, {recurrentKernel}, {stem}Gates, {sizes});");
                w.Line($"{Kernels}Gru.Candidate({stem}Gates, {stem}Hidden, {sizes}, {activations});");
            }
        }
        w.Line($"{Kernels}Gru.Outputs({stem}Hidden, {direction.Output}, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
    }

    public override void WriteBackward(LayerPass pass)
        => WriteDirectionBackward(pass, new RecurrentDirection(pass.Layer, pass.Layer.BufferStem, 0, pass.OutputGradient, ((GRUConfig)pass.Layer.Config).GoBackwards, pass.Index.ToString()));

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
        w.Line($"{Kernels}Gru.OutputGradients({direction.Output}, {stem}HiddenGradients, batch, {steps}, {units}, returnSequences: {Bool(config.ReturnSequences)});");
        using (w.Open($"for (int step = {steps - 1}; step >= 0; step--)"))
        {
            if (config.ResetAfter)
            {
                w.Line($"{Kernels}Gru.CellBackward({stem}Gates, {stem}Recurrent, {stem}Hidden, {stem}HiddenGradients, {stem}GateGradients, {stem}RecurrentGradients, {sizes}, {activations});");
                w.Line($"if (step > 0) {Kernels}Gemm.MultiplyAddTransposedB({Kernels}Gru.Step({stem}RecurrentGradients, step, batch, {width}), {recurrentKernel}, {Kernels}Gru.Step({stem}HiddenGradients, step - 1, batch, {units}), batch, {width}, {units});");
            }
            else
            {
                w.Line($"{Kernels}Gru.CandidateBackward({stem}Gates, {stem}Hidden, {stem}HiddenGradients, {stem}GateGradients, {sizes}, {activations});");
                w.Line($"if (step > 0) {Kernels}Gru.ResetBackward({stem}Gates, {stem}Hidden, {recurrentKernel}, {stem}ResetGradient, {stem}GateGradients, {stem}HiddenGradients, {sizes}, {activations});");
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

    private static string Activations(GRUConfig config)
        => $"global::Compiled.Activation.{config.CellActivation}, global::Compiled.Activation.{config.RecurrentActivation}";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Rate(GRUConfig config) => RecurrentArguments.Rate(config.Dropout);
}
