using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>How a Bidirectional layer merges its two runs, as <c>Compiled.MergeMode</c> numbers them.</summary>
internal enum MergeModeKind
{
    Concat,
    Sum,
    Mul,
    Ave,
}

/// <summary>A Bidirectional layer's merge and the recurrent layer it wraps, as read; both runs are copies of <paramref name="Layer"/>.</summary>
internal sealed record BidirectionalConfig(MergeModeKind MergeMode, LayerSpec Layer, int Width, int LayerUnits, bool ReturnSequences, bool LayerGoesBackwards)
    : RecurrentConfig(Width, ReturnSequences, false);

/// <summary>
/// <c>[Bidirectional] [LSTM(64)]</c>: Keras's <c>Bidirectional(LSTM(64), merge_mode='concat')</c>. The wrapper applies to the
/// layer attribute that follows it; the generated step runs the wrapped layer's code twice, a forward copy and a backward copy
/// (<c>go_backwards</c>) with their own weights and buffers, then merges the two outputs (<c>Bidirectional.Merge</c>), the
/// backward run's sequence turned back to input time order as Keras turns it. The copies' code goes into one method per
/// pass, its direction the argument, which <c>Bidirectional.RunDirections</c> calls for both copies at once on two threads:
/// a recurrent layer's steps follow one another, so its two copies are the work that can run side by side.
/// </summary>
internal sealed class BidirectionalLayerKind : LayerKind
{
    private const string Kernels = Code.Kernels;

    /// <summary>The two runs' outputs and their gradients, per direction.</summary>
    private static readonly string[] s_runBuffers = { "Output", "OutputGradient" };

    private static readonly string[] s_directions = { "Forward", "Backward" };

    /// <summary>The methods that run one copy's forward or backward pass, the direction their argument (<c>Bidirectional.RunDirections</c>).</summary>
    private static readonly string[] s_passMethods = { "ForwardPass", "BackwardPass" };

    /// <summary>The backward copy's input gradient while the forward copy writes the input's own, shared by every Bidirectional.</summary>
    public const string BackwardCopyInputGradient = "_bidirectionalBackwardCopyInputGradient";

    public BidirectionalLayerKind() : base("Bidirectional", "Compiled.BidirectionalAttribute")
    {
    }

    public override bool WrapsNextLayer => true;

    public override IEnumerable<string> FieldSuffixes
        => s_directions.SelectMany(d => s_runBuffers.Select(b => d + b)
            .Concat(LayerKinds.All.OfType<IRecurrentKind>().SelectMany(k => k.FieldSuffixes).Select(s => d + s))).Concat(s_passMethods).Distinct();

    public override IEnumerable<string> SharedFields => new[] { BackwardCopyInputGradient };

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (reader.Wrapped is not { } wrapped)
        {
            // The parser gives every wrapper the attribute it wraps, or reports it.
            reader.CompilerError();
            return null;
        }
        if (wrapped.Kind is not IRecurrentKind)
        {
            reader.Report(DiagnosticDescriptors.WrapperCannotWrap, wrapped.Reader.At(), KerasClass, "a recurrent layer", wrapped.Kind.KerasClass);
            return null;
        }
        int mode = reader.Named("MergeMode", 0);
        if (mode < 0 || mode > (int)MergeModeKind.Ave)
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("MergeMode"), KerasClass, reader.Name, "merge_mode", mode.ToString(),
                "Concat, Sum, Mul or Ave (Keras's merge_mode=None, the two outputs apart, is not supported)");
            return null;
        }
        LayerSpec? layer = wrapped.Kind.Read(wrapped.Reader, inputShapes);
        if (layer is null) return null;
        RecurrentConfig recurrent = (RecurrentConfig)layer.Config;
        if (2L * layer.ParameterCount + reader.ParameterOffset > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At(), $"Bidirectional '{reader.Name}' (two {layer.KerasClass} '{layer.Name}')",
                (2L * layer.ParameterCount + reader.ParameterOffset).ToString("N0"));
            return null;
        }
        MergeModeKind merge = (MergeModeKind)mode;
        int units = recurrent.Units, width = merge == MergeModeKind.Concat ? 2 * units : units;
        int[] output = recurrent.ReturnSequences ? new[] { layer.InputShape[0], width } : new[] { width };
        // Keras's weights: the forward copy's, then the backward copy's, each in its layer's order.
        IEnumerable<WeightSpec> Copy(string direction) => layer.Weights.Select(w => w with { Name = $"{direction}_{layer.Name}/{w.Name}" });
        BidirectionalConfig config = new(merge, layer, width, units, recurrent.ReturnSequences, recurrent.GoBackwards);
        return reader.Layer(this, layer.InputShape, output.ToEquatableArray(), config)
            with { Weights = Copy("forward").Concat(Copy("backward")).ToEquatableArray() };
    }

    public override string Details(LayerSpec layer)
    {
        BidirectionalConfig config = (BidirectionalConfig)layer.Config;
        return $", {config.Layer.KerasClass} '{config.Layer.Name}' ({config.LayerUnits} units{LayerKinds.Of(config.Layer).Details(config.Layer)}), merge_mode {Mode(config)}";
    }

    public override string DiagramType(LayerSpec layer) => $"{KerasClass} ({((BidirectionalConfig)layer.Config).Layer.KerasClass}, {Mode((BidirectionalConfig)layer.Config)})";

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer)
    {
        BidirectionalConfig config = (BidirectionalConfig)layer.Config;
        IRecurrentKind kind = (IRecurrentKind)LayerKinds.Of(config.Layer);
        int perSample = Shapes.Size(config.Layer.OutputShape);
        foreach (string direction in s_directions)
        {
            foreach ((string suffix, string length) in kind.DirectionWorkspaces(config.Layer, direction)) yield return (suffix, length);
            foreach (string buffer in s_runBuffers) yield return (direction + buffer, $"batch * {perSample}");
        }
    }

    public override void WriteForward(LayerPass pass)
    {
        BidirectionalConfig config = (BidirectionalConfig)pass.Layer.Config;
        (RecurrentDirection forward, RecurrentDirection backward) = Runs(pass, config, "Output");
        IRecurrentKind kind = (IRecurrentKind)LayerKinds.Of(config.Layer);
        string method = pass.Layer.BufferStem + s_passMethods[0];
        pass.W.Line($"// The forward copy of {config.Layer.Name} reads the sequence {Order(forward)}, the backward copy, with its own weights, {Order(backward)}:");
        pass.W.Line("// both at once when two threads are allowed.");
        pass.W.Line($"{Kernels}Bidirectional.RunDirections(this, {pass.Input(0)}, batch, static (model, x, rows, direction) => model.{method}(x, rows, direction));");
        pass.W.Line(config.ReturnSequences
            ? $"// Merged step by step ({Mode(config)}), the backward copy's sequence turned back to input order."
            : $"// The two last states merged ({Mode(config)}).");
        pass.W.Line($"{Kernels}Bidirectional.Merge({forward.Output}, {backward.Output}, {pass.Output}, batch, {Steps(pass.Layer, config)}, {config.LayerUnits}, {ModeArgument(config)});");
        CodeWriter copies = new();
        WriteCopies(copies, $"One copy of {pass.Layer.Name}'s forward pass: direction 0 the forward copy, 1 the backward copy.", method, $"{Code.ReadOnlySpan} parameters = ParameterArray;",
            pass.WithWriter(copies), forward, backward, kind.WriteDirectionForward, kind.WriteDirectionForward);
        pass.AddMethod(w => w.Raw(copies.ToString()).Line());
    }

    public override void WriteBackward(LayerPass pass)
    {
        BidirectionalConfig config = (BidirectionalConfig)pass.Layer.Config;
        string stem = pass.Layer.BufferStem;
        (RecurrentDirection forward, RecurrentDirection backward) = Runs(pass, config, "OutputGradient");
        IRecurrentKind kind = (IRecurrentKind)LayerKinds.Of(config.Layer);
        string method = stem + s_passMethods[1];
        pass.W.Line("// The merge's gradient into each copy's output, then back through both copies at once when two threads are allowed.");
        pass.W.Line($"{Kernels}Bidirectional.MergeBackward({pass.OutputGradient}, {stem}ForwardOutput, {stem}BackwardOutput, {forward.Output}, {backward.Output}, batch, {Steps(pass.Layer, config)}, {config.LayerUnits}, {ModeArgument(config)});");
        pass.W.Line($"{Kernels}Bidirectional.RunDirections(this, {pass.Input(0)}, batch, static (model, x, rows, direction) => model.{method}(x, rows, direction));");

        // The forward copy writes (or adds to) the input's gradient; the backward copy, running at the same time, writes
        // its own buffer, added after both are done: the same sum, in the same order, as one copy after the other.
        CodeWriter copies = new();
        LayerPass forwardCopy = pass.WithWriter(copies);
        LayerPass backwardCopy = forwardCopy;
        string? own = null;
        if (pass.NeedsInputGradient(0))
        {
            own = pass.SharedSlice(BackwardCopyInputGradient, Shapes.Size(pass.Layer.InputShape));
            backwardCopy = forwardCopy.WithOwnInputGradient(own);
        }
        WriteCopies(copies, $"One copy of {pass.Layer.Name}'s backward pass: direction 0 the forward copy, 1 the backward copy.", method,
            $"{Code.ReadOnlySpan} parameters = ParameterArray;\n{Code.Span} gradients = GradientArray;", forwardCopy, forward, backward,
            kind.WriteDirectionBackward, (_, run) => kind.WriteDirectionBackward(backwardCopy, run));
        if (own is not null)
        {
            (string target, _) = pass.InputGradient(0);
            pass.W.Line($"{Kernels}Merge.Accumulate({own}, {pass.Slice(target)});");
        }
        pass.AddMethod(w => w.Raw(copies.ToString()).Line());
    }

    /// <summary>The method that runs one copy's pass, its direction the argument.</summary>
    private static void WriteCopies(CodeWriter w, string summary, string method, string locals, LayerPass pass, RecurrentDirection forward, RecurrentDirection backward,
        System.Action<LayerPass, RecurrentDirection> writeForwardCopy, System.Action<LayerPass, RecurrentDirection> writeBackwardCopy)
    {
        w.Line($"/// <summary>{summary}</summary>");
        using (w.Open($"private void {method}({Code.ReadOnlySpan} input, int batch, int direction)"))
        {
            foreach (string line in locals.Split('\n')) w.Line(line);
            using (w.Open("if (direction == 0)")) writeForwardCopy(pass, forward);
            using (w.Open("else")) writeBackwardCopy(pass, backward);
        }
    }

    private static string Order(RecurrentDirection run) => run.GoBackwards ? "last step first" : "in order";

    public override string RuntimeDescription(LayerSpec layer)
    {
        BidirectionalConfig config = (BidirectionalConfig)layer.Config;
        IRecurrentKind kind = (IRecurrentKind)LayerKinds.Of(config.Layer);
        // The wrapped layer's description places the forward copy's weights; the backward copy's follow them.
        string wrapped = kind.RuntimeDescription(config.Layer with { ParameterOffset = layer.ParameterOffset });
        return Construct("BidirectionalLayer", layer, $"layer: {wrapped}", $"mergeMode: {ModeArgument(config)}");
    }

    /// <summary>The two runs: the forward copy reads as the wrapped layer says, the backward copy the other way.</summary>
    private static (RecurrentDirection Forward, RecurrentDirection Backward) Runs(LayerPass pass, BidirectionalConfig config, string buffer)
    {
        string stem = pass.Layer.BufferStem;
        int weights = config.Layer.Weights.Count;
        // The backward copy's dropout masks are salted apart from every layer's.
        return (new RecurrentDirection(config.Layer, stem + "Forward", 0, stem + "Forward" + buffer, config.LayerGoesBackwards, pass.Index.ToString()),
            new RecurrentDirection(config.Layer, stem + "Backward", weights, stem + "Backward" + buffer, !config.LayerGoesBackwards,
                (pass.Index + pass.Model.Layers.Count).ToString()));
    }

    /// <summary>How many steps the merged outputs hold: the sequence's, or the one last state.</summary>
    private static int Steps(LayerSpec layer, BidirectionalConfig config) => config.ReturnSequences ? layer.InputShape[0] : 1;

    private static string Mode(BidirectionalConfig config) => config.MergeMode.ToString().ToLowerInvariant();

    private static string ModeArgument(BidirectionalConfig config) => $"global::Compiled.MergeMode.{config.MergeMode}";
}
