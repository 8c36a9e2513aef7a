using Compiled.Kernels;
using Compiled.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Layers;

/// <summary>
/// Embedding: its gradient against float64 finite differences, the kernels' gather and in-order scatter-add, the error an
/// index outside the vocabulary or not a whole number raises, the same bits for any thread count, and its build-time checks.
/// </summary>
public class EmbeddingTests
{
    /// <summary>Six indices per sample: each sample repeats some (3 and 0 in the first) and the samples share others, so a row sums several steps' gradients.</summary>
    private static readonly float[] s_tokens = [3, 0, 5, 3, 0, 0, 6, 3, 1, 1, 2, 0, 4, 6, 6, 5, 3, 2];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Gradients_of_the_embeddings_match_finite_differences_with_repeated_indices(int batch)
    {
        var model = new EmbeddingNet(seed: 1);
        var reference = new ImageReference(6)
            .Embedding(7, 3, EmbeddingNet.Layers.Embedding.ParameterOffset)
            .Convolution(4, [2], [1], [1], "valid", EmbeddingNet.Layers.Conv1d.ParameterOffset).Tanh()
            .Flatten()
            .Dense(3, EmbeddingNet.Layers.Dense.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch, s_tokens[..(batch * 6)]);
    }

    [Fact]
    public void Forward_copies_the_row_each_index_names()
    {
        float[] embeddings = Enumerable.Range(0, 4 * 3).Select(i => i * 0.5f).ToArray();
        float[] y = new float[2 * 3 * 3];
        Embedding.Forward([2, 0, 2, 3, 1, 0], embeddings, y, batch: 2, steps: 3, inputDim: 4, outputDim: 3, "embedding");
        Assert.Equal([3, 3.5f, 4, 0, 0.5f, 1, 3, 3.5f, 4, 4.5f, 5, 5.5f, 1.5f, 2, 2.5f, 0, 0.5f, 1], y);
    }

    [Fact]
    public void Backward_adds_each_steps_gradient_into_its_row_in_step_order_and_clears_the_rows_no_step_read()
    {
        const int InputDim = 5, OutputDim = 19, Batch = 3, Steps = 4;
        var random = new SeededRandom(3);
        float[] x = [4, 1, 4, 4, 0, 1, 1, 4, 4, 0, 2, 2];
        float[] dy = Enumerable.Range(0, Batch * Steps * OutputDim).Select(_ => (float)random.NextGaussian()).ToArray();
        // A gradient buffer that held something before: the kernel overwrites it.
        float[] dEmbeddings = Enumerable.Repeat(7f, InputDim * OutputDim).ToArray();
        Embedding.Backward(x, dy, dEmbeddings, Batch, Steps, InputDim, OutputDim, "embedding");

        float[] expected = new float[InputDim * OutputDim];
        for (int p = 0; p < Batch * Steps; p++)
            for (int d = 0; d < OutputDim; d++)
                expected[(int)x[p] * OutputDim + d] += dy[p * OutputDim + d];
        Assert.Equal(expected, dEmbeddings);
        Assert.All(dEmbeddings.AsSpan(3 * OutputDim, OutputDim).ToArray(), g => Assert.Equal(0f, g));
    }

    [Theory]
    [InlineData(7f, "index 7")]
    [InlineData(-1f, "index -1")]
    [InlineData(2.5f, "index 2.5")]
    [InlineData(float.NaN, "index NaN")]
    [InlineData(3e9f, "index 3E+09")]
    public void An_index_outside_the_vocabulary_or_not_whole_is_refused_naming_the_layer_position_value_and_range(float index, string got)
    {
        var model = new EmbeddingNet(seed: 1);
        float[] x = [.. s_tokens[..12]];
        x[6 + 2] = index;
        string message = $"Embedding 'embedding' got {got} at sample 1, step 2; expected a whole number from 0 to 6 (input_dim 7).";

        var predicting = Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(x));
        Assert.StartsWith(message, predicting.Message, StringComparison.Ordinal);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1));
        float[] before = model.Parameters.ToArray();
        var training = Assert.Throws<ArgumentOutOfRangeException>(() => model.TrainOnBatch(x, new float[2 * 3]));
        Assert.StartsWith(message, training.Message, StringComparison.Ordinal);
        // The forward pass stopped the step before any update.
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void Whole_numbers_written_as_floats_are_indices_as_keras_casts_them()
    {
        var model = new EmbeddingNet(seed: 4);
        float[] x = [3f, -0f, 5.0f, 3f, 0f, 6f];
        float[] y = model.Predict(x);
        Assert.Equal(model.Predict([3, 0, 5, 3, 0, 6]), y);
        Assert.All(y, p => Assert.InRange(p, 0f, 1f));
    }

    [Theory]
    [InlineData("CMP003", "Embedding 'embedding' input_dim must be positive; got 0", """
        [Sequential(Input = 10)]
        [Embedding([|0|], 8)]
        public partial class EmptyVocabulary;
        """)]
    [InlineData("CMP003", "Embedding 'embedding' output_dim must be positive; got -2", """
        [Sequential(Input = 10)]
        [Embedding(100, [|-2|])]
        public partial class NegativeWidth;
        """)]
    [InlineData("CMP035", "Embedding 'embedding' input_dim is 20,000,000; expected at most 16,777,216: indices arrive as float32", """
        [Sequential(Input = 10)]
        [Embedding([|20000000|], 8)]
        public partial class VocabularyPastFloatPrecision;
        """)]
    [InlineData("CMP033", "Embedding 'embedding' takes token indices (None, timesteps), but its input has shape (None, 4, 3); add [Flatten] before it", """
        [Sequential(InputShape = new[] { 4, 3 })]
        [[|Embedding(10, 8)|]]
        public partial class GridOfIndices;
        """)]
    [InlineData("CMP051", "Embedding 'embedding' reads token indices, but its input is computed from trainable weights", """
        [Sequential(Input = 10)]
        [Dense(10)]
        [[|Embedding(10, 8)|]]
        public partial class IndicesFromDense;
        """)]
    [InlineData("CMP050", "Embedding 'embedding' sets MaskZero, so its output carries a mask of padded steps, but the Conv1D after it cannot consume a mask; remove MaskZero", """
        [Sequential(Input = 10)]
        [Embedding(100, 8, [|MaskZero = true|])]
        [Conv1D(4, 3)]
        public partial class MaskIntoConvolution;
        """)]
    [InlineData("CMP050", "but the model's output (Keras's loss would weight its steps by the mask) cannot consume a mask", """
        [Sequential(Input = 10)]
        [Embedding(100, 8, [|MaskZero = true|])]
        public partial class MaskIntoLoss;
        """)]
    [InlineData("CMP005", "'glorious' names no static member of 'UnknownInitializer' and no Keras initializer", """
        [Sequential(Input = 10)]
        [Embedding(100, 8, [|EmbeddingsInitializer = "glorious"|])]
        public partial class UnknownInitializer;
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Theory]
    [InlineData("CMP051", "Embedding 'tokens' reads token indices, but its input 'Folded' is computed from trainable weights", """
        [Functional(nameof(Tokens))]
        public partial class IndicesThroughReshape
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(6, Input = nameof(Features))] public partial DenseWeights Hidden { get; }
            [Reshape(6, Input = nameof(Hidden))] public partial LayerInfo Folded { get; }
            [Embedding(10, 2, [|Input = nameof(Folded)|])] public partial LayerInfo Tokens { get; }
        }
        """)]
    [InlineData("CMP050", "Embedding 'embedded' sets MaskZero, so its output carries a mask of padded steps, but Flatten 'flat' cannot consume a mask", """
        [Functional(nameof(Out))]
        public partial class MaskIntoFlatten
        {
            [Input(5)] public partial LayerInfo Tokens { get; }
            [Embedding(20, 3, [|MaskZero = true|], Input = nameof(Tokens))] public partial LayerInfo Embedded { get; }
            [Flatten(Input = nameof(Embedded))] public partial LayerInfo Flat { get; }
            [Dense(2, Input = nameof(Flat))] public partial DenseWeights Out { get; }
        }
        """)]
    public void Reports_the_error_in_a_graph_at_the_offending_argument(string id, string messagePart, string markup)
    {
        GeneratorRun run = SingleError.AssertAt(id, messagePart, markup);
        // The generator's error stands alone: no compiler error about unimplemented node properties beside it.
        Assert.DoesNotContain(run.CompilationErrors, e => e.Id == "CS9248");
    }

    [Fact]
    public void Indices_read_through_a_reshape_of_the_input_with_mask_zero_off_build_cleanly()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 2, 5 })]
            [Flatten]
            [Embedding(100, 8, MaskZero = false, EmbeddingsInitializer = "random_uniform")]
            [GlobalAveragePooling1D]
            [Dense(2)]
            public partial class Tokens;
            """);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void The_default_initializer_is_keras_uniform_between_minus_and_plus_0_05()
    {
        var model = new EmbeddingNet(seed: 9);
        var layer = (EmbeddingLayer)model.Architecture.Single(l => l is EmbeddingLayer);
        var uniform = Assert.IsType<RandomUniform>(layer.EmbeddingsInitializer);
        Assert.Equal((-0.05, 0.05), (uniform.Minval, uniform.Maxval));
        float[] embeddings = model.WeightsOf(layer.Embeddings).ToArray();
        Assert.All(embeddings, v => Assert.InRange(v, -0.05f, 0.05f));
        Assert.True(embeddings.Max() - embeddings.Min() > 0.05f, "the values spread over the range");
        Assert.Equal(["embeddings (7, 3) at 0"], layer.Variables.Select(v => v.ToString()));
    }
}
