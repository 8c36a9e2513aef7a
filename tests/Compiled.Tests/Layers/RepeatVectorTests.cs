using Compiled.Tests.Functional;
using Compiled.Tests.Generator;

namespace Compiled.Tests.Layers;

/// <summary>
/// RepeatVector: its gradient (the copies' gradients summed) against float64 finite differences, alone and in a graph where
/// it adds onto a gradient another consumer wrote first; the kernels' copies and in-order sums; its build-time checks.
/// </summary>
public class RepeatVectorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Gradients_through_the_repeats_match_finite_differences(int batch)
    {
        var model = new RepeatVectorNet(seed: 2);
        var reference = new ImageReference(4)
            .Dense(5, RepeatVectorNet.Layers.Dense.ParameterOffset).Tanh()
            .RepeatVector(3)
            .Convolution(2, [2], [1], [1], "valid", RepeatVectorNet.Layers.Conv1d.ParameterOffset).Sigmoid()
            .Flatten()
            .Dense(3, RepeatVectorNet.Layers.Dense1.ParameterOffset).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void In_a_graph_the_repeats_gradient_adds_onto_the_one_another_consumer_wrote_and_embedded_tokens_train_beside_features(int batch)
    {
        var model = new TokensAndFeaturesNet(seed: 3);
        // Each sample: five token indices, repeats among them, then three features.
        var random = new SeededRandom(8);
        float[] x = Enumerable.Range(0, batch).SelectMany(_ =>
            Enumerable.Range(0, 5).Select(t => (float)(t == 4 ? 0 : random.NextInt(6))).Concat(Enumerable.Range(0, 3).Select(_ => (float)random.NextGaussian()))).ToArray();
        FunctionalEdgeCaseTests.CheckMultiOutputGradients(model, Loss.CategoricalCrossentropy, batch, clip: new(), x);
    }

    [Fact]
    public void Forward_repeats_each_samples_vector()
    {
        float[] y = new float[2 * 3 * 2];
        Compiled.Kernels.RepeatVector.Forward([1, 2, 3, 4], y, batch: 2, n: 3, features: 2);
        Assert.Equal([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4], y);
    }

    [Fact]
    public void Backward_sums_the_steps_in_order_and_adds_onto_dx_when_asked()
    {
        const int Batch = 3, N = 7, Features = 19;
        var random = new SeededRandom(4);
        float[] dy = Enumerable.Range(0, Batch * N * Features).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] expected = new float[Batch * Features];
        for (int b = 0; b < Batch; b++)
            for (int f = 0; f < Features; f++)
            {
                float sum = dy[(b * N) * Features + f];
                for (int k = 1; k < N; k++) sum += dy[(b * N + k) * Features + f];
                expected[b * Features + f] = sum;
            }

        float[] dx = Enumerable.Repeat(5f, Batch * Features).ToArray();
        Compiled.Kernels.RepeatVector.Backward(dy, dx, Batch, N, Features);
        Assert.Equal(expected, dx);

        Compiled.Kernels.RepeatVector.Backward(dy, dx, Batch, N, Features, accumulate: true);
        for (int i = 0; i < dx.Length; i++) Assert.Equal(2 * expected[i], dx[i], 5);
    }

    [Theory]
    [InlineData("CMP003", "RepeatVector 'repeat_vector' n must be positive; got 0", """
        [Sequential(Input = 4)]
        [RepeatVector([|0|])]
        public partial class NoCopies;
        """)]
    [InlineData("CMP033", "RepeatVector 'repeat_vector' takes vectors (None, features), but its input has shape (None, 4, 3); add [Flatten] before it", """
        [Sequential(InputShape = new[] { 4, 3 })]
        [[|RepeatVector(2)|]]
        public partial class RepeatASequence;
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void In_a_graph_the_wrong_rank_is_reported_on_the_input_it_names()
    {
        GeneratorRun run = SingleError.AssertAt("CMP033", "RepeatVector 'copies' takes vectors (None, features), but its input has shape (None, 4, 3)", """
            [Functional(nameof(Copies))]
            public partial class RepeatAGrid
            {
                [Input(4, 3)] public partial LayerInfo Grid { get; }
                [RepeatVector(2, [|Input = nameof(Grid)|])] public partial LayerInfo Copies { get; }
            }
            """);
        Assert.DoesNotContain(run.CompilationErrors, e => e.Id == "CS9248");
    }

    [Fact]
    public void The_output_shape_is_n_steps_of_the_features()
    {
        var model = new RepeatVectorNet(seed: 1);
        Assert.Equal([3, 5], model.Architecture.Single(l => l is RepeatVectorLayer).OutputShape);
        Assert.Contains("(None, 3, 5)", model.SummaryText);
    }
}
