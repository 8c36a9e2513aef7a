using System;
using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>A convolution's settings beyond what every layer has: its filters, bias, padding and the window on each spatial axis.</summary>
internal sealed record ConvolutionConfig(int Filters, bool UseBias, PaddingKind Padding, EquatableArray<WindowAxis> Axes) : LayerConfig;

/// <summary>
/// Keras's convolutions, channels_last: Conv2D over (height, width) and Conv1D over (steps), both run by
/// <c>Compiled.Kernels.Convolution</c> (Conv1D as an image one row high). The kernel is Keras's
/// <c>(kernel..., channels, filters)</c>, which is exactly the matrix the im2col product needs.
/// </summary>
internal abstract class ConvolutionLayerKind : LayerKind
{
    private readonly int _rank;

    protected ConvolutionLayerKind(string kerasClass, string attributeName, int rank) : base(kerasClass, attributeName) => _rank = rank;

    /// <summary>What the input must look like, for messages: <c>images (None, height, width, channels)</c>.</summary>
    protected abstract string InputForm { get; }

    public override IEnumerable<string> FieldSuffixes => new[] { "Geometry", "Workspace" };

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        EquatableArray<int> input = inputShapes[0];
        string name = reader.Name;
        if (reader.Attribute.ConstructorArguments.Length < 2 || reader.Attribute.ConstructorArguments[0].Value is not int filters)
        {
            reader.CompilerError();
            return null;
        }
        if (filters <= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("filters", 0), $"{KerasClass} '{name}' filters", filters.ToString());
            return null;
        }
        int[]? kernel = Windows.ReadSizes(reader, "kernelSize", 1, _rank, 1, "kernel_size");
        int[]? strides = Windows.ReadSizes(reader, "Strides", -1, _rank, 1, "strides");
        int[]? dilation = Windows.ReadSizes(reader, "DilationRate", -1, _rank, 1, "dilation_rate");
        PaddingKind? padding = Windows.ReadPadding(reader, causalAllowed: _rank == 1);
        if (reader.Activation("Activation", -1, out ActivationKind activation) is false) return null;
        bool useBias = reader.Named("UseBias", true);
        InitializerSpec? kernelInitializer = reader.Initializer("KernelInitializer", "glorot_uniform");
        InitializerSpec? biasInitializer = useBias ? reader.Initializer("BiasInitializer", "zeros") : null;
        if (kernel is null || strides is null || dilation is null || padding is null || kernelInitializer is null || useBias && biasInitializer is null) return null;
        // Keras refuses the combination (TensorFlow's convolutions do not implement it), so a file with it would not load there.
        if (strides.Any(v => v > 1) && dilation.Any(v => v > 1))
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("DilationRate"), KerasClass, name, "dilation_rate", Windows.Format(dilation),
                $"1 while strides are {Windows.Format(strides)}: Keras does not combine strides above 1 with dilation above 1");
            return null;
        }
        if (input.Count != _rank + 1)
        {
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At(), KerasClass, name, InputForm, Shapes.Format(input),
                input.Count < _rank + 1 ? $"; add [Reshape(...)] before it to give the values {_rank + 1} axes" : "");
            return null;
        }

        List<WindowAxis> axes = new();
        for (int a = 0; a < _rank; a++)
        {
            WindowAxis? axis = Windows.Axis(input[a], kernel[a], strides[a], dilation[a], padding.Value);
            if (axis is null)
            {
                long span = (long)(kernel[a] - 1) * dilation[a] + 1;
                reader.Report(DiagnosticDescriptors.WindowTooLarge, reader.At("kernelSize", 1), KerasClass, name, Windows.Format(kernel), Shapes.Format(input),
                    $"with padding 'valid' the window spans {span} positions on axis {a + 1}, which has {input[a]}; use Padding.Same or a smaller kernel_size or dilation_rate");
                return null;
            }
            axes.Add(axis);
        }
        int channels = input[_rank];
        long receptive = kernel.Aggregate(1L, (p, k) => p * k);
        long weights = receptive * channels * filters;
        long outputSize = axes.Aggregate((long)filters, (p, axis) => p * axis.Output);
        long offset = reader.ParameterOffset;
        if (weights + filters + offset > int.MaxValue || outputSize > int.MaxValue || receptive * channels > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At("filters", 0), $"{KerasClass} '{name}' ({Windows.Format(kernel)} window, {channels} channels, {filters} filters)",
                Math.Max(weights + filters + offset, outputSize).ToString("N0"));
            return null;
        }
        int[] kernelShape = kernel.Concat(new[] { channels, filters }).ToArray();
        List<WeightSpec> variables = new()
        {
            // Keras's fans for a convolution kernel: the receptive field times the input or output channels.
            new WeightSpec("kernel", kernelShape.ToEquatableArray(), kernelInitializer, (int)(receptive * channels), (int)Math.Min(receptive * filters, int.MaxValue)),
        };
        if (useBias) variables.Add(new WeightSpec("bias", new[] { filters }.ToEquatableArray(), biasInitializer!, filters, filters));
        int[] output = axes.Select(axis => axis.Output).Concat(new[] { filters }).ToArray();
        return reader.Layer(this, input, output.ToEquatableArray(), new ConvolutionConfig(filters, useBias, padding.Value, axes.ToEquatableArray())) with
        {
            Activation = activation,
            Weights = variables.ToEquatableArray(),
        };
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        ConvolutionConfig config = (ConvolutionConfig)layer.Config;
        List<string> arguments = new()
        {
            ShapeArgument("inputShape", layer.InputShape), ShapeArgument("outputShape", layer.OutputShape), $"filters: {config.Filters}",
            ShapeArgument("kernelSize", config.Axes.Select(a => a.Kernel)), ShapeArgument("strides", config.Axes.Select(a => a.Stride)),
            $"padding: global::Compiled.Padding.{config.Padding}", ShapeArgument("dilationRate", config.Axes.Select(a => a.Dilation)),
            ActivationArgument("activation", layer.Activation), BoolArgument("useBias", config.UseBias), $"parameterOffset: {layer.ParameterOffset}",
            $"kernelInitializer: {layer.Weights[0].Initializer.Expression}",
        };
        if (config.UseBias) arguments.Add($"biasInitializer: {layer.Weights[1].Initializer.Expression}");
        return Construct(KerasClass + "Layer", layer, arguments.ToArray());
    }

    public override string Details(LayerSpec layer)
    {
        ConvolutionConfig config = (ConvolutionConfig)layer.Config;
        string window = Windows.Format(config.Axes.Select(a => a.Kernel));
        string strides = Windows.Format(config.Axes.Select(a => a.Stride));
        string dilation = config.Axes.Any(a => a.Dilation != 1) ? ", dilation " + Windows.Format(config.Axes.Select(a => a.Dilation)) : "";
        return $", {window} window, strides {strides}{dilation}, {config.Padding.ToString().ToLowerInvariant()}";
    }

    public override IEnumerable<(string Suffix, string Length)> Workspaces(LayerSpec layer)
    {
        yield return ("Workspace", $"{Code.Kernels}Convolution.WorkspaceSize({layer.BufferStem}Geometry, batch)");
    }

    /// <summary>The element-wise activations, which the convolution applies to each chunk of its outputs in cache.</summary>
    public override bool AppliesActivation(ActivationKind activation)
        => activation is ActivationKind.Relu or ActivationKind.Sigmoid or ActivationKind.Tanh;

    public override void WriteForward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        ConvolutionConfig config = (ConvolutionConfig)layer.Config;
        pass.AddMethod(w => WriteGeometry(w, layer));
        string bias = config.UseBias ? pass.Parameter(1) : $"{Code.ReadOnlySpan}.Empty";
        string result = pass.PreActivation ?? pass.Output;
        string activation = AppliesActivation(layer.Activation) ? ", " + ActivationArgument("activation", layer.Activation) : "";
        pass.W.Line($"{Code.Kernels}Convolution.Forward({pass.Input(0)}, {pass.Parameter(0)}, {bias}, {result}, {layer.BufferStem}Workspace, batch, {layer.BufferStem}Geometry{activation});");
        pass.WriteOutputActivationForward();
    }

    public override void WriteBackward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        ConvolutionConfig config = (ConvolutionConfig)layer.Config;
        string resultGradient = pass.WriteOutputActivationBackward();
        string bias = config.UseBias ? pass.ParameterGradient(1) : $"{Code.Span}.Empty";
        // An activation the kernel applied is undone by the kernel too, overwriting the output's gradient in place.
        string gradient = AppliesActivation(layer.Activation)
            ? $"{pass.Output}, {resultGradient}, global::Compiled.Activation.{layer.Activation}"
            : resultGradient;
        string head = $"{Code.Kernels}Convolution.Backward({pass.Input(0)}, {pass.Parameter(0)}, {gradient}, {pass.ParameterGradient(0)}, {bias}, ";
        pass.WriteWithInputGradient(head, $", {layer.BufferStem}Workspace, batch, {layer.BufferStem}Geometry");
    }

    /// <summary>The layer's sizes, fixed at build time: Conv1D's single axis is the width of an image one row high.</summary>
    private void WriteGeometry(CodeWriter w, LayerSpec layer)
    {
        ConvolutionConfig config = (ConvolutionConfig)layer.Config;
        WindowAxis row = _rank == 2 ? config.Axes[0] : new WindowAxis(1, 1, 1, 1, 0, 1);
        WindowAxis column = config.Axes[_rank - 1];
        w.Line($"/// <summary>{layer.Name}'s sizes: {Shapes.Format(layer.InputShape)} -> {Shapes.Format(layer.OutputShape)}{Details(layer)}.</summary>");
        w.Line($"private static readonly global::Compiled.Kernels.ConvolutionGeometry {layer.BufferStem}Geometry = new(");
        w.Line($"    height: {row.Input}, width: {column.Input}, channels: {layer.InputFeatures},");
        w.Line($"    kernelHeight: {row.Kernel}, kernelWidth: {column.Kernel}, filters: {config.Filters},");
        w.Line($"    strideHeight: {row.Stride}, strideWidth: {column.Stride}, dilationHeight: {row.Dilation}, dilationWidth: {column.Dilation},");
        w.Line($"    padTop: {row.PadBefore}, padLeft: {column.PadBefore}, outputHeight: {row.Output}, outputWidth: {column.Output});");
        w.Line();
    }
}

/// <summary><c>[Conv2D(filters, kernelSize)]</c>: Keras's <c>Conv2D</c> over images <c>(height, width, channels)</c>.</summary>
internal sealed class Conv2DLayerKind : ConvolutionLayerKind
{
    public Conv2DLayerKind() : base("Conv2D", "Compiled.Conv2DAttribute", rank: 2)
    {
    }

    protected override string InputForm => "images (None, height, width, channels)";
}
