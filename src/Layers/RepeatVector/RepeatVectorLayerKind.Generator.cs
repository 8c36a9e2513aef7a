using System.Collections.Generic;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>RepeatVector's number of copies.</summary>
internal sealed record RepeatVectorConfig(int N) : LayerConfig;

/// <summary><c>[RepeatVector(n)]</c>: Keras's <c>RepeatVector(n)</c>, <c>(features)</c> to <c>(n, features)</c>, run by <c>Compiled.Kernels.RepeatVector</c>.</summary>
internal sealed class RepeatVectorLayerKind : LayerKind
{
    public RepeatVectorLayerKind() : base("RepeatVector", "Compiled.RepeatVectorAttribute")
    {
    }

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (reader.Attribute.ConstructorArguments.Length != 1 || reader.Attribute.ConstructorArguments[0].Value is not int n)
        {
            reader.CompilerError();
            return null;
        }
        string name = reader.Name;
        if (n <= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("n", 0), $"RepeatVector '{name}' n", n.ToString());
            return null;
        }
        EquatableArray<int> input = inputShapes[0];
        if (input.Count != 1)
        {
            // On the node it is applied to in a functional model (Input = ...), on the attribute in a chain.
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At("Input"), KerasClass, name, "vectors (None, features)", Shapes.Format(input),
                "; add [Flatten] before it to repeat each sample's values as one vector");
            return null;
        }
        long size = (long)n * input[0];
        if (size > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At("n", 0), $"RepeatVector '{name}' ({n} copies of {input[0]} features)", size.ToString("N0"));
            return null;
        }
        return reader.Layer(this, input, new[] { n, input[0] }.ToEquatableArray(), new RepeatVectorConfig(n));
    }

    public override string Details(LayerSpec layer) => $", {((RepeatVectorConfig)layer.Config).N} copies";

    public override void WriteForward(LayerPass pass)
        => pass.W.Line($"{Code.Kernels}RepeatVector.Forward({pass.Input(0)}, {pass.Output}, {Sizes(pass.Layer)});");

    public override void WriteBackward(LayerPass pass)
    {
        string sizes = Sizes(pass.Layer);
        pass.Contribute(0, target => $"{Code.Kernels}RepeatVector.Backward({pass.Slice(pass.OutputGradient)}, {target}, {sizes});",
            accumulate: target => $"{Code.Kernels}RepeatVector.Backward({pass.Slice(pass.OutputGradient)}, {target}, {sizes}, accumulate: true);");
    }

    public override string RuntimeDescription(LayerSpec layer)
        => Construct("RepeatVectorLayer", layer, ShapeArgument("inputShape", layer.InputShape), $"n: {((RepeatVectorConfig)layer.Config).N}");

    private static string Sizes(LayerSpec layer) => $"batch, {((RepeatVectorConfig)layer.Config).N}, {layer.InputShape[0]}";
}
