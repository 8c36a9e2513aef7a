using System;
using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>Dense's settings beyond what every layer has.</summary>
internal sealed record DenseConfig(int Units, bool UseBias) : LayerConfig;

/// <summary>
/// <c>[Dense(units)]</c>: <c>output = activation(input · kernel + bias)</c> on the last axis, kernel
/// <c>(inputs, units)</c>, bias <c>(units)</c>. Small layers run unrolled code for one sample (<see cref="UnrolledDense"/>).
/// </summary>
internal sealed class DenseLayerKind : LayerKind
{
    public DenseLayerKind() : base("Dense", "Compiled.DenseAttribute")
    {
    }

    public override string? WeightsViewType => "Compiled.DenseWeights";

    /// <summary>Dense works on the last axis, so on a sequence it is TimeDistributed(Dense).</summary>
    public override bool AppliesToEachStep => true;

    public override string WeightsViewContents => "the kernel and bias";

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (reader.Attribute.ConstructorArguments.Length != 1 || reader.Attribute.ConstructorArguments[0].Value is not int units)
        {
            reader.CompilerError();
            return null;
        }
        string name = reader.Name;
        if (units <= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("units", 0), $"Dense '{name}' units", units.ToString());
            return null;
        }
        if (reader.Activation("Activation", -1, out ActivationKind activation) is false) return null;
        bool useBias = reader.Named("UseBias", true);
        InitializerSpec? kernel = reader.Initializer("KernelInitializer", "glorot_uniform");
        InitializerSpec? bias = useBias ? reader.Initializer("BiasInitializer", "zeros") : null;
        if (kernel is null || useBias && bias is null) return null;

        EquatableArray<int> inputShape = inputShapes[0];
        int features = inputShape[inputShape.Count - 1];
        long parameters = (long)features * units + (useBias ? units : 0);
        int[] output = inputShape.Take(inputShape.Count - 1).Concat(new[] { units }).ToArray();
        long outputSize = output.Aggregate(1L, (p, d) => p * d);
        long offset = reader.ParameterOffset;
        if (parameters > int.MaxValue || offset + parameters > int.MaxValue || outputSize > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At("units", 0),
                $"Dense '{name}' ({features} inputs, {units} units)", Math.Max(offset + parameters, outputSize).ToString("N0"));
            return null;
        }
        // Keras applies Dense to the last axis at every position; after a convolution that is rarely what was meant.
        if (inputShape.Count >= 3)
            reader.Report(DiagnosticDescriptors.DenseOverPositions, reader.At(), name, Shapes.Format(inputShape), Shapes.Format(output));
        // Likewise at every step of a recurrent layer's returned sequence, where its last step was usually meant (a
        // prediction per step is Keras's behaviour too, which is why this only warns).
        else if (reader.InputLayers.Count == 1 && reader.InputLayers[0] is { Config: RecurrentConfig { ReturnSequences: true } } recurrent)
            reader.Report(DiagnosticDescriptors.DenseOverSteps, reader.At(), name, Shapes.Format(inputShape), recurrent.KerasClass, recurrent.Name, Shapes.Format(output));
        List<WeightSpec> weights = new() { new WeightSpec("kernel", new[] { features, units }.ToEquatableArray(), kernel, features, units) };
        if (useBias) weights.Add(new WeightSpec("bias", new[] { units }.ToEquatableArray(), bias!, units, units));
        return reader.Layer(this, inputShape, output.ToEquatableArray(), new DenseConfig(units, useBias)) with
        {
            Activation = activation,
            Weights = weights.ToEquatableArray(),
        };
    }

    public override void WriteForward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        DenseConfig config = (DenseConfig)layer.Config;
        CodeWriter w = pass.W;
        string bias = config.UseBias ? pass.Parameter(1) : $"{Code.ReadOnlySpan}.Empty";
        string product = pass.PreActivation ?? pass.Output;
        string call = $"{Code.Kernels}Dense.Forward({pass.Input(0)}, {pass.Parameter(0)}, {bias}, {product}, {pass.Rows}, {layer.InputFeatures}, {config.Units});";
        if (!UnrolledDense.Applies(layer))
        {
            w.Line(call);
            pass.WriteOutputActivationForward();
            return;
        }
        // One sample through a small layer runs unrolled code (see UnrolledDense for the measurements).
        bool fusedRelu = pass.PreActivation is not null && layer.Activation == ActivationKind.Relu;
        pass.AddMethod(methods => UnrolledDense.WriteMethod(methods, layer, fusedRelu));
        w.Line("if (batch == 1)");
        w.Line($"    {UnrolledDense.MethodName(layer)}({pass.Input(0)}, parameters, {product}{(fusedRelu ? ", " + pass.Output : "")});");
        if (fusedRelu)
        {
            using (w.Open("else"))
            {
                w.Line(call);
                pass.WriteOutputActivationForward();
            }
        }
        else
        {
            w.Line("else");
            w.Line("    " + call);
            pass.WriteOutputActivationForward();
        }
    }

    public override void WriteBackward(LayerPass pass)
    {
        LayerSpec layer = pass.Layer;
        DenseConfig config = (DenseConfig)layer.Config;
        string productGradient = pass.WriteOutputActivationBackward();
        string bias = config.UseBias ? pass.ParameterGradient(1) : $"{Code.Span}.Empty";
        string head = $"{Code.Kernels}Dense.Backward({pass.Input(0)}, {pass.Parameter(0)}, {productGradient}, {pass.ParameterGradient(0)}, {bias}, ";
        // The product's input gradient can add onto what is there: no scratch pass for a node that feeds several layers.
        pass.WriteWithInputGradient(head, $", {pass.Rows}, {layer.InputFeatures}, {config.Units}");
    }

    public override string RuntimeDescription(LayerSpec layer)
    {
        DenseConfig config = (DenseConfig)layer.Config;
        List<string> arguments = new()
        {
            ShapeArgument("inputShape", layer.InputShape), $"units: {config.Units}", ActivationArgument("activation", layer.Activation),
            BoolArgument("useBias", config.UseBias), $"parameterOffset: {layer.ParameterOffset}", $"kernelInitializer: {layer.Weights[0].Initializer.Expression}",
        };
        if (config.UseBias) arguments.Add($"biasInitializer: {layer.Weights[1].Initializer.Expression}");
        return Construct("DenseLayer", layer, arguments.ToArray());
    }

    public override (string Expression, string Documentation)? WeightsView(LayerSpec layer)
    {
        DenseConfig config = (DenseConfig)layer.Config;
        return ($"new(ParameterArray, {layer.ParameterOffset}, {layer.InputFeatures}, {config.Units}, useBias: {(config.UseBias ? "true" : "false")})",
            $"The weights of {ModelGenerator.Emitter.Describe(layer)}: kernel ({layer.InputFeatures}, {config.Units}){(config.UseBias ? $", bias ({config.Units})" : "")}.");
    }
}
