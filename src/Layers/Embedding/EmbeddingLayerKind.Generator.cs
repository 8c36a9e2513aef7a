using System.Collections.Generic;
using System.Globalization;
using Compiled.Generator.Diagnostics;
using Compiled.Generator.Emit;
using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>Embedding's vocabulary size, vector length, and whether index 0 masks the steps after it.</summary>
internal sealed record EmbeddingConfig(int InputDim, int OutputDim, bool MaskZero) : LayerConfig;

/// <summary>
/// <c>[Embedding(inputDim, outputDim)]</c>: Keras's Embedding, a gather of rows of <c>embeddings</c> <c>(input_dim, output_dim)</c>
/// by the token indices of a <c>(timesteps)</c> input, run by <c>Compiled.Kernels.Embedding</c>.
/// </summary>
internal sealed class EmbeddingLayerKind : LayerKind
{
    /// <summary>
    /// The largest vocabulary float inputs can address: float32 holds every whole number up to 2^24, and indices
    /// arrive in the model's float input.
    /// </summary>
    private const int LargestExactIndexCount = 1 << 24;

    public EmbeddingLayerKind() : base("Embedding", "Compiled.EmbeddingAttribute")
    {
    }

    public override LayerSpec? Read(LayerReader reader, IReadOnlyList<EquatableArray<int>> inputShapes)
    {
        if (reader.Attribute.ConstructorArguments.Length != 2
            || reader.Attribute.ConstructorArguments[0].Value is not int inputDim || reader.Attribute.ConstructorArguments[1].Value is not int outputDim)
        {
            reader.CompilerError();
            return null;
        }
        string name = reader.Name;
        if (inputDim <= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("inputDim", 0), $"Embedding '{name}' input_dim", inputDim.ToString());
            return null;
        }
        if (outputDim <= 0)
        {
            reader.Report(DiagnosticDescriptors.NonPositiveSize, reader.At("outputDim", 1), $"Embedding '{name}' output_dim", outputDim.ToString());
            return null;
        }
        if (inputDim > LargestExactIndexCount)
        {
            reader.Report(DiagnosticDescriptors.ValueOutOfRange, reader.At("inputDim", 0), KerasClass, name, "input_dim", inputDim.ToString("N0", CultureInfo.InvariantCulture),
                $"at most {LargestExactIndexCount.ToString("N0", CultureInfo.InvariantCulture)}: indices arrive as float32, which holds every whole number only up to 2^24");
            return null;
        }
        InitializerSpec? initializer = reader.Initializer("EmbeddingsInitializer", "uniform");
        if (initializer is null) return null;
        bool maskZero = reader.Named("MaskZero", false);

        EquatableArray<int> input = inputShapes[0];
        if (input.Count != 1)
        {
            // On the node it is applied to in a functional model (Input = ...), on the attribute in a chain.
            reader.Report(DiagnosticDescriptors.WrongInputRank, reader.At("Input"), KerasClass, name, "token indices (None, timesteps)", Shapes.Format(input),
                "; add [Flatten] before it to read every value as one sequence");
            return null;
        }
        if (reader.InputDependsOnWeights(0))
        {
            string source = reader.InputNames.Count > 0 ? $"its input '{reader.InputNames[0]}'" : "its input";
            reader.Report(DiagnosticDescriptors.IndicesFromWeights, reader.At("Input"), KerasClass, name, source);
            return null;
        }
        int steps = input[0];
        long weights = (long)inputDim * outputDim, outputSize = (long)steps * outputDim;
        if (reader.ParameterOffset + weights > int.MaxValue || outputSize > int.MaxValue)
        {
            reader.Report(DiagnosticDescriptors.SizeOverflow, reader.At("outputDim", 1), $"Embedding '{name}' ({inputDim} x {outputDim} embeddings, {steps} steps)",
                System.Math.Max(reader.ParameterOffset + weights, outputSize).ToString("N0"));
            return null;
        }
        // Keras's fans for a matrix: its rows and its columns.
        WeightSpec embeddings = new("embeddings", new[] { inputDim, outputDim }.ToEquatableArray(), initializer, inputDim, outputDim);
        return reader.Layer(this, input, new[] { steps, outputDim }.ToEquatableArray(), new EmbeddingConfig(inputDim, outputDim, maskZero)) with
        {
            Weights = new[] { embeddings }.ToEquatableArray(),
        };
    }

    public override string? MaskArgument(LayerSpec layer) => ((EmbeddingConfig)layer.Config).MaskZero ? "MaskZero" : null;

    public override string Details(LayerSpec layer)
    {
        EmbeddingConfig config = (EmbeddingConfig)layer.Config;
        return $", vocabulary {config.InputDim}{(config.MaskZero ? ", index 0 masked" : "")}";
    }

    public override void WriteForward(LayerPass pass)
    {
        pass.W.Line($"{Code.Kernels}Embedding.Forward({pass.Input(0)}, {pass.Parameter(0)}, {pass.Output}, {Sizes(pass.Layer)});");
        if (pass.OwnMask is { } mask)
            pass.W.Line($"{Code.Kernels}Embedding.MaskZero({pass.Input(0)}, {mask}, batch * {pass.Layer.InputShape[0]});");
    }

    public override void WriteBackward(LayerPass pass)
        // The indices get no gradient: the parser refuses an input computed from weights, so none is wanted.
        => pass.W.Line($"{Code.Kernels}Embedding.Backward({pass.Input(0)}, {pass.OutputGradient}, {pass.ParameterGradient(0)}, {Sizes(pass.Layer)});");

    public override string RuntimeDescription(LayerSpec layer)
    {
        EmbeddingConfig config = (EmbeddingConfig)layer.Config;
        return Construct("EmbeddingLayer", layer, ShapeArgument("inputShape", layer.InputShape), $"inputDim: {config.InputDim}", $"outputDim: {config.OutputDim}",
            BoolArgument("maskZero", config.MaskZero), $"parameterOffset: {layer.ParameterOffset}", $"embeddingsInitializer: {layer.Weights[0].Initializer.Expression}");
    }

    /// <summary>The kernels' sizes and the layer's name: <c>batch, 10, 200, 50, "embedding"</c>.</summary>
    private static string Sizes(LayerSpec layer)
    {
        EmbeddingConfig config = (EmbeddingConfig)layer.Config;
        return $"batch, {layer.InputShape[0]}, {config.InputDim}, {config.OutputDim}, {Code.Literal(layer.Name)}";
    }
}
