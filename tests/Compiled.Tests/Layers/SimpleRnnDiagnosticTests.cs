using Compiled.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Layers;

/// <summary>
/// The SimpleRNN's build-time checks, with the IDs the LSTM uses for the same mistakes: each one diagnostic, on the
/// argument at fault, naming the shapes or values; and the shapes it does allow build without a word.
/// </summary>
public class SimpleRnnDiagnosticTests
{
    [Theory]
    [InlineData("CMP033", "SimpleRNN 'simple_rnn' takes sequences (None, timesteps, features), but its input has shape (None, 8); add [Reshape(timesteps, features)] before it", """
        [Sequential(Input = 8)]
        [[|SimpleRNN(4)|]]
        public partial class FlatIntoSimpleRnn;
        """)]
    [InlineData("CMP033", "SimpleRNN 'simple_rnn_1' takes sequences (None, timesteps, features), but its input has shape (None, 4)", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [SimpleRNN(4)]
        [[|SimpleRNN(2)|]]
        public partial class LastStepIntoSimpleRnn;
        """)]
    [InlineData("CMP003", "SimpleRNN 'simple_rnn' units must be positive; got 0", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [SimpleRNN([|0|])]
        public partial class NoUnits;
        """)]
    [InlineData("CMP035", "SimpleRNN 'simple_rnn' activation is softmax; expected an element-wise function (tanh, sigmoid, hard_sigmoid, relu or linear)", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [SimpleRNN(4, [|Activation = Activation.Softmax|])]
        public partial class SoftmaxState;
        """)]
    [InlineData("CMP035", "SimpleRNN 'encoder' dropout is 1; expected from 0 up to, not including, 1", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [SimpleRNN(4, Name = "encoder", [|Dropout = 1.0|])]
        public partial class DropEveryInput;
        """)]
    [InlineData("CMP004", "(Activation)9", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [SimpleRNN(4, [|Activation = (Activation)9|])]
        public partial class UnknownActivation;
        """)]
    [InlineData("CMP005", "'glorot'", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [SimpleRNN(4, [|RecurrentInitializer = "glorot"|])]
        public partial class UnknownRecurrentInitializer;
        """)]
    [InlineData("CMP011", "SimpleRNN 'simple_rnn' (10 steps of 3 features, 100000 units)", """
        [Sequential(InputShape = new[] { 10, 3 })]
        [SimpleRNN([|100000|])]
        public partial class TooManyUnits;
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void Dense_on_a_returned_sequence_warns_naming_the_simple_rnn()
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Markup.Parse("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 })]
            [SimpleRNN(4, ReturnSequences = true)]
            [[|Dense(10)|]]
            public partial class TaggerByAccident;
            """);
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP036", diagnostic.Id);
        Assert.Contains("sequence (None, 5, 4) that SimpleRNN 'simple_rnn' returns, giving (None, 5, 10)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void A_flattened_sequence_a_stack_and_a_bidirectional_simple_rnn_build_quietly()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 1, 1 })]
            [SimpleRNN(50, Dropout = 0.2, ReturnSequences = true)]
            [Flatten]
            [Dense(1)]
            public partial class KerasFlattenRnn;

            [Sequential(InputShape = new[] { 5, 3 })]
            [SimpleRNN(4, ReturnSequences = true, GoBackwards = true)]
            [Bidirectional(MergeMode = MergeMode.Ave)]
            [SimpleRNN(4, UseBias = false, Activation = Activation.Relu)]
            [Dense(3)]
            public partial class Stacked;
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains(run.Sources, s => s.HintName.Contains("KerasFlattenRnn", StringComparison.Ordinal));
        Assert.Contains(run.Sources, s => s.HintName.Contains("Stacked", StringComparison.Ordinal));
    }
}
