using Compiled.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Layers;

/// <summary>
/// The GRU's build-time checks, the LSTM's with the same IDs: each mistake is one diagnostic, on the argument at fault,
/// naming the shapes or values; and every form of the layer generates code that compiles.
/// </summary>
public class GruDiagnosticTests
{
    [Theory]
    [InlineData("CMP033", "GRU 'gru' takes sequences (None, timesteps, features), but its input has shape (None, 8); add [Reshape(timesteps, features)] before it", """
        [Sequential(Input = 8)]
        [[|GRU(4)|]]
        public partial class FlatIntoGru;
        """)]
    [InlineData("CMP033", "GRU 'gru' takes sequences (None, timesteps, features), but its input has shape (None, 4, 4, 2)", """
        [Sequential(InputShape = new[] { 4, 4, 2 })]
        [[|GRU(4)|]]
        public partial class ImageIntoGru;
        """)]
    [InlineData("CMP033", "GRU 'gru_1' takes sequences (None, timesteps, features), but its input has shape (None, 4)", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU(4)]
        [[|GRU(2)|]]
        public partial class LastStepIntoGru;
        """)]
    [InlineData("CMP003", "GRU 'gru' units must be positive; got 0", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU([|0|])]
        public partial class NoUnits;
        """)]
    [InlineData("CMP003", "GRU 'gru' units must be positive; got -4", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU([|-4|], ResetAfter = false)]
        public partial class NegativeUnits;
        """)]
    [InlineData("CMP035", "GRU 'gru' activation is softmax; expected an element-wise function (tanh, sigmoid, hard_sigmoid, relu or linear)", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU(4, [|Activation = Activation.Softmax|])]
        public partial class SoftmaxCandidate;
        """)]
    [InlineData("CMP035", "GRU 'encoder' recurrent_activation is softmax", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU(4, Name = "encoder", [|RecurrentActivation = Activation.Softmax|])]
        public partial class SoftmaxGates;
        """)]
    [InlineData("CMP035", "GRU 'gru' dropout is 1; expected from 0 up to, not including, 1", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU(4, [|Dropout = 1.0|])]
        public partial class DropEveryInput;
        """)]
    [InlineData("CMP035", "GRU 'gru' dropout is -0.5", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU(4, [|Dropout = -0.5|])]
        public partial class NegativeDropout;
        """)]
    [InlineData("CMP004", "(Activation)9", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU(4, [|RecurrentActivation = (Activation)9|])]
        public partial class UnknownGates;
        """)]
    [InlineData("CMP005", "'glorot'", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [GRU(4, [|RecurrentInitializer = "glorot"|])]
        public partial class UnknownRecurrentInitializer;
        """)]
    [InlineData("CMP011", "GRU 'gru' (10 steps of 3 features, 100000 units)", """
        [Sequential(InputShape = new[] { 10, 3 })]
        [GRU([|100000|])]
        public partial class TooManyUnits;
        """)]
    [InlineData("CMP033", "GRU 'gru' takes sequences (None, timesteps, features), but its input has shape (None, 8)", """
        [Sequential(Input = 8)]
        [Bidirectional]
        [[|GRU(4)|]]
        public partial class FlatIntoBidirectionalGru;
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void Dense_on_a_returned_sequence_warns_naming_the_gru()
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Markup.Parse("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 })]
            [GRU(4, ReturnSequences = true)]
            [[|Dense(10)|]]
            public partial class TaggerByAccident;
            """);
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP036", diagnostic.Id);
        Assert.Contains("Dense 'dense' is applied at every step of the sequence (None, 5, 4) that GRU 'gru' returns, giving (None, 5, 10)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void Every_form_builds_with_no_diagnostic_and_its_summary_names_it()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 })]
            [GRU(4, ReturnSequences = true, Dropout = 0.2)]
            [GRU(6, ResetAfter = false, GoBackwards = true, ReturnSequences = true, UseBias = false, RecurrentActivation = Activation.HardSigmoid)]
            [Bidirectional(MergeMode = MergeMode.Ave)]
            [GRU(3, ResetAfter = false)]
            [Dense(3)]
            public partial class EveryGru;

            [Functional(nameof(Head))]
            public partial class FunctionalGru
            {
                [Input(7, 2)] public partial LayerInfo Sequence { get; }
                [Bidirectional(Input = nameof(Sequence))] [GRU(3, Name = "encoder")] public partial LayerInfo Encoder { get; }
                [Dense(2, Input = nameof(Encoder))] public partial LayerInfo Head { get; }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        string code = string.Join("\n", run.Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("gru_1 (GRU): (None, 5, 4) -> (None, 5, 6), 180 parameters, tanh, recurrent hard_sigmoid, reset_after=False, return_sequences, go_backwards", code, StringComparison.Ordinal);
        Assert.Contains("new global::Compiled.BidirectionalLayer(name: \"bidirectional\", layer: new global::Compiled.GRULayer(name: \"gru_2\"", code, StringComparison.Ordinal);
        Assert.Contains("global::Compiled.Kernels.Gru.ResetBackward(", code, StringComparison.Ordinal);
        Assert.Contains("global::Compiled.Kernels.Gru.CellBackward(", code, StringComparison.Ordinal);
    }
}
