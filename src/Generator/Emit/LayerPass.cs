using System;
using System.Linq;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// What a layer kind writes its step of a pass with: its buffers, its inputs' buffers, its parameters'
/// slices, and the bookkeeping of gradient contributions (the first overwrites, later ones add).
/// </summary>
internal sealed class LayerPass
{
    private readonly PassWriter _passes;

    /// <summary>Input 0's gradient buffer when a wrapper gives the pass one of its own (<see cref="WithOwnInputGradient"/>), else null.</summary>
    private readonly string? _ownInputGradient;

    public LayerPass(PassWriter passes, CodeWriter writer, int index)
        : this(passes, writer, index, passes.Plan.Model.Layers[index], null)
    {
    }

    private LayerPass(PassWriter passes, CodeWriter writer, int index, LayerSpec layer, string? ownInputGradient)
    {
        _passes = passes;
        W = writer;
        Index = index;
        Layer = layer;
        _ownInputGradient = ownInputGradient;
    }

    /// <summary>
    /// The same node's pass, written as <paramref name="layer"/>: a wrapper (TimeDistributed) lets the kind it wraps write its
    /// code with the node's buffers, the wrapped layer given the node's inputs, shapes and parameter offset.
    /// </summary>
    public LayerPass As(LayerSpec layer) => new(_passes, W, Index, layer, _ownInputGradient);

    /// <summary>The same layer's pass, written to <paramref name="writer"/> (a method of its own, see <see cref="AddMethod"/>).</summary>
    public LayerPass WithWriter(CodeWriter writer) => new(_passes, writer, Index, Layer, _ownInputGradient);

    /// <summary>
    /// The same pass, but input 0's gradient is overwritten into <paramref name="buffer"/> instead of the input's gradient
    /// buffer: a wrapper whose two copies run at once (Bidirectional) gives one of them a buffer of its own, and adds it
    /// to the input's gradient once both are done.
    /// </summary>
    public LayerPass WithOwnInputGradient(string buffer) => new(_passes, W, Index, Layer, buffer);

    /// <summary>Where the code goes.</summary>
    public CodeWriter W { get; }

    /// <summary>The layer's position in the model.</summary>
    public int Index { get; }

    public LayerSpec Layer { get; }

    public NetworkPlan Plan => _passes.Plan;

    public ModelSpec Model => _passes.Plan.Model;

    /// <summary>The buffer of the layer's output (after its activation, when it applies one).</summary>
    public string Output => Plan.Value[Index];

    /// <summary>The buffer of the layer's result before its activation; null when it applies none.</summary>
    public string? PreActivation => Plan.PreActivation[Index];

    /// <summary>The buffer of the loss's gradient with respect to the output.</summary>
    public string OutputGradient => Plan.Gradient[Index]!;

    /// <summary>The buffer input <paramref name="k"/> is read from.</summary>
    public string Input(int k) => _passes.Source(Layer, k);

    /// <summary>
    /// The field holding the mask of padded steps the layer's input carries, <c>(batch, steps)</c> in input time order, when
    /// the layer honours one (<see cref="LayerSpec.InputMasked"/>); null otherwise, so that models without masks emit nothing of them.
    /// </summary>
    public string? InputMask => Layer.InputMasked && Layer.Inputs.Count > 0 ? Plan.Mask[Layer.Inputs[0]] : null;

    /// <summary>The field of the mask the layer makes (<see cref="LayerKind.MaskArgument"/>), which its forward pass writes; null when it makes none.</summary>
    public string? OwnMask => LayerKinds.Of(Layer).MaskArgument(Layer) is null ? null : Plan.Mask[Index];

    /// <summary>Whether input <paramref name="k"/> needs a gradient (it depends on trainable parameters).</summary>
    public bool NeedsInputGradient(int k) => k < Layer.Inputs.Count && Plan.NeedsGradient[Layer.Inputs[k]];

    /// <summary>The rows of the last axis the batch holds: <c>batch</c>, or <c>batch * 5</c> for samples of shape (5, 8).</summary>
    public string Rows
    {
        get
        {
            int rows = Shapes.RowsPerSample(Layer.OutputShape);
            return rows == 1 ? "batch" : $"batch * {rows}";
        }
    }

    /// <summary>Weight <paramref name="weight"/>'s values: <c>parameters.Slice(0, 64)</c>.</summary>
    public string Parameter(int weight) => $"parameters.Slice({Layer.OffsetOf(weight)}, {Layer.Weights[weight].Size})";

    /// <summary>Weight <paramref name="weight"/>'s gradient: <c>gradients.Slice(0, 64)</c>.</summary>
    public string ParameterGradient(int weight) => $"gradients.Slice({Layer.OffsetOf(weight)}, {Layer.Weights[weight].Size})";

    /// <summary>The batch's part of a buffer, as a span.</summary>
    public string Slice(string buffer) => _passes.Slice(buffer);

    /// <summary>The batch's part of a buffer of the layer's output size, as a span.</summary>
    public string SliceOfOutputSize(string buffer)
        => buffer == NetworkPlan.ModelInput ? buffer : $"BatchOf({buffer}, batch * {Shapes.Size(Layer.OutputShape)})";

    /// <summary>The first <c>batch * size</c> values of the shared scratch buffer that contributions are summed through.</summary>
    public string ScratchSlice(int size) => _passes.ScratchSlice(size);

    /// <summary>The first <c>batch * size</c> values of a buffer the layers of one kind share, named <paramref name="field"/>.</summary>
    public string SharedSlice(string field, int size) => _passes.SharedSlice(field, size);

    /// <summary>A method written after the pass (Forward or Backward): Dense's unrolled one-sample code, Bidirectional's two copies.</summary>
    public void AddMethod(Action<CodeWriter> write) => _passes.AddMethod(write);

    /// <summary>The output this layer is, when the loss may start from its logits; else null.</summary>
    public NetworkPlan.Head? FusedHead => _passes.FusedHead(Index);

    /// <summary>The expression saying whether the loss has written <paramref name="head"/>'s logits' gradient.</summary>
    public string FromLogits(NetworkPlan.Head head) => _passes.FromLogits(head);

    /// <summary>Marks a gradient buffer as written by this step; true when it was not yet, so the step overwrote it.</summary>
    public bool MarkWritten(string buffer) => _passes.MarkWritten(buffer);

    /// <summary>
    /// The gradient buffer of input <paramref name="k"/>, for a kernel that can either overwrite it or add to it,
    /// and whether it must add (another consumer wrote first).
    /// </summary>
    public (string Target, bool Accumulate) InputGradient(int k)
    {
        if (k == 0 && _ownInputGradient is { } own) return (own, false);
        string target = Plan.Gradient[Layer.Inputs[k]]!;
        return (target, !_passes.MarkWritten(target));
    }

    /// <summary>
    /// Writes a kernel call that takes input 0's gradient between <paramref name="head"/> and <paramref name="tail"/>:
    /// <c>Span.Empty</c> when the input needs none, else its gradient buffer, with <c>accumulate: true</c> when another
    /// consumer has written it first (the kernel then adds rather than overwrites).
    /// </summary>
    public void WriteWithInputGradient(string head, string tail)
    {
        if (!NeedsInputGradient(0))
        {
            W.Line($"{head}{Code.Span}.Empty{tail});");
            return;
        }
        (string target, bool accumulate) = InputGradient(0);
        W.Line($"{head}{target}{tail}{(accumulate ? ", accumulate: true" : "")});");
    }

    /// <summary>
    /// Sends one contribution to input <paramref name="k"/>'s gradient: written in place the first time,
    /// added to it afterwards (through the scratch buffer, unless <paramref name="accumulate"/> adds directly).
    /// </summary>
    public void Contribute(int k, Func<string, string> write, Func<string, string>? accumulate = null)
    {
        if (k == 0 && _ownInputGradient is { } own)
        {
            foreach (string line in write($"BatchOf({own}, batch * {Shapes.Size(Layer.InputShape)})").Split('\n')) W.Line(line);
            return;
        }
        string target = Plan.Gradient[Layer.Inputs[k]]!;
        if (_passes.MarkWritten(target))
        {
            foreach (string line in write(Slice(target)).Split('\n')) W.Line(line);
            return;
        }
        if (accumulate is not null)
        {
            W.Line(accumulate(Slice(target)));
            return;
        }
        int size = Plan.SizeOf(target);
        string scratch = ScratchSlice(size);
        foreach (string line in write(scratch).Split('\n')) W.Line(line);
        W.Line($"{Code.Kernels}Merge.Accumulate({scratch}, {Slice(target)});");
    }

    /// <summary><c>y = f(x)</c> over the layer's output.</summary>
    public void WriteActivationForward(ActivationKind function, string x, string y)
    {
        if (function == ActivationKind.Softmax)
            W.Line($"{Code.Kernels}Softmax.Forward({x}, {y}, {Rows}, {Layer.OutputFeatures});");
        else
            W.Line($"{Code.Kernels}{ActivationCode.KernelClass(function)}.Forward({SliceOfOutputSize(x)}, {y});");
    }

    /// <summary>The call that writes <c>dx</c> from <c>y = f(x)</c> and <c>dy</c>.</summary>
    public string ActivationBackward(ActivationKind function, string y, string dy, string dx)
    {
        if (function == ActivationKind.Softmax)
            return $"{Code.Kernels}Softmax.Backward({y}, {dy}, {dx}, {Rows}, {Layer.OutputFeatures});";
        if (function == ActivationKind.Linear)
            return $"{Code.Kernels}Linear.Backward({SliceOfOutputSize(dy)}, {dx});";
        return $"{Code.Kernels}{ActivationCode.KernelClass(function)}.Backward({SliceOfOutputSize(y)}, {SliceOfOutputSize(dy)}, {dx});";
    }

    /// <summary>The layer's own activation (its <c>activation</c> argument) from its pre-activation buffer into its output, if it has one.</summary>
    public void WriteOutputActivationForward()
    {
        if (PreActivation is { } pre) WriteActivationForward(Layer.Activation, pre, Output);
    }

    /// <summary>
    /// Writes the gradient through the layer's own activation, if it has one, and returns the buffer holding the
    /// gradient of its result before the activation. The final activation of an output whose loss starts from its
    /// logits is skipped: the loss has written that gradient already.
    /// </summary>
    public string WriteOutputActivationBackward()
    {
        if (PreActivation is not { } pre) return OutputGradient;
        string productGradient = pre + "Gradient";
        string call = ActivationBackward(Layer.Activation, Output, OutputGradient, Slice(productGradient));
        if (FusedHead is { } fused)
        {
            W.Line($"// A loss fused with this {ActivationCode.Name(Layer.Activation)} has already written the gradient of its input.");
            W.Line($"if (!{FromLogits(fused)})");
            W.Line("    " + call);
        }
        else
        {
            W.Line(call);
        }
        return productGradient;
    }
}
