using System.Collections.Generic;
using System.Linq;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Layers;

/// <summary><c>[Input(4)]</c>: Keras's <c>Input(shape=(4,))</c>, an input node of a functional model.</summary>
internal sealed class InputLayerKind : LayerKind
{
    public InputLayerKind() : base("InputLayer", "Compiled.InputAttribute")
    {
    }

    public override NodeInputs Inputs => NodeInputs.None;

    public override bool IsInput => true;

    public override string RuntimeDescription(LayerSpec layer) => Construct("InputLayer", layer, ShapeArgument("shape", layer.OutputShape));

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        AttributeData attribute = reader.Attribute;
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0] is not { Kind: TypedConstantKind.Array } array)
        {
            reader.CompilerError();
            return null;
        }
        int[] dims = array.IsNull ? new int[0] : array.Values.Select(v => v.Value is int d ? d : 0).ToArray();
        // Written as Input(4, 0) each dimension is an argument of its own and the error goes on the wrong one;
        // written as one array, on that array.
        LocationInfo? AtDimension(int k) => reader.At("shape", reader.CountArguments() == dims.Length ? k : 0);
        int nonPositive = System.Array.FindIndex(dims, d => d <= 0);
        if (dims.Length == 0 || nonPositive >= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, AtDimension(System.Math.Max(nonPositive, 0)), $"Every dimension of Input '{reader.Name}'", dims.Length == 0 ? "an empty shape" : "(" + string.Join(", ", dims) + ")");
            return null;
        }
        long size = 1;
        for (int k = 0; k < dims.Length; k++)
        {
            size *= dims[k];
            if (size <= int.MaxValue) continue;
            double whole = dims.Aggregate(1.0, (p, d) => p * d);
            reader.Report(DiagnosticDescriptors.SizeOverflow, AtDimension(k), $"Input '{reader.Name}' {Shapes.Format(dims)}", whole.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }
        EquatableArray<int> shape = dims.ToEquatableArray();
        return reader.Layer(this, shape, shape, LayerConfig.None);
    }

    public override void WriteForward(LayerPass pass)
    {
        if (pass.Output == NetworkPlan.ModelInput) return;
        // Each sample holds the inputs one after another; the layers want each input contiguous.
        ModelSpec model = pass.Model;
        int offset = model.InputLayers.TakeWhile(i => i != pass.Index).Sum(i => Shapes.Size(model.Layers[i].OutputShape));
        pass.W.Line($"{Code.Kernels}Concatenation.Read(input, {pass.Output}, batch, {Shapes.Size(pass.Layer.OutputShape)}, {Shapes.Size(model.InputShape)}, {offset});");
    }

    public override void WriteBackward(LayerPass pass)
    {
        // Never called: an input has neither parameters nor inputs to pass a gradient to.
    }
}
