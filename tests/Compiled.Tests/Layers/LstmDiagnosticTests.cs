using Compiled.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Layers;

/// <summary>The LSTM's build-time checks: each mistake is one diagnostic, on the argument at fault, naming the shapes or values.</summary>
public class LstmDiagnosticTests
{
    [Theory]
    [InlineData("CMP033", "LSTM 'lstm' takes sequences (None, timesteps, features), but its input has shape (None, 8); add [Reshape(timesteps, features)] before it", """
        [Sequential(Input = 8)]
        [[|LSTM(4)|]]
        public partial class FlatIntoLstm;
        """)]
    [InlineData("CMP033", "LSTM 'lstm' takes sequences (None, timesteps, features), but its input has shape (None, 4, 4, 2)", """
        [Sequential(InputShape = new[] { 4, 4, 2 })]
        [[|LSTM(4)|]]
        public partial class ImageIntoLstm;
        """)]
    [InlineData("CMP033", "LSTM 'lstm_1' takes sequences (None, timesteps, features), but its input has shape (None, 4)", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM(4)]
        [[|LSTM(2)|]]
        public partial class LastStepIntoLstm;
        """)]
    [InlineData("CMP003", "LSTM 'lstm' units must be positive; got 0", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM([|0|])]
        public partial class NoUnits;
        """)]
    [InlineData("CMP003", "LSTM 'lstm' units must be positive; got -4", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM([|-4|], ReturnSequences = true)]
        public partial class NegativeUnits;
        """)]
    [InlineData("CMP035", "LSTM 'lstm' activation is softmax; expected an element-wise function (tanh, sigmoid, hard_sigmoid, relu or linear)", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM(4, [|Activation = Activation.Softmax|])]
        public partial class SoftmaxCell;
        """)]
    [InlineData("CMP035", "LSTM 'encoder' recurrent_activation is softmax", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM(4, Name = "encoder", [|RecurrentActivation = Activation.Softmax|])]
        public partial class SoftmaxGates;
        """)]
    [InlineData("CMP035", "LSTM 'lstm' dropout is 1; expected from 0 up to, not including, 1", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM(4, [|Dropout = 1.0|])]
        public partial class DropEveryInput;
        """)]
    [InlineData("CMP004", "(Activation)9", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM(4, [|RecurrentActivation = (Activation)9|])]
        public partial class UnknownGates;
        """)]
    [InlineData("CMP005", "'glorot'", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM(4, [|RecurrentInitializer = "glorot"|])]
        public partial class UnknownRecurrentInitializer;
        """)]
    [InlineData("CMP011", "LSTM 'lstm' (10 steps of 3 features, 100000 units)", """
        [Sequential(InputShape = new[] { 10, 3 })]
        [LSTM([|100000|])]
        public partial class TooManyUnits;
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void An_lstm_in_a_functional_model_fed_a_flat_node_is_reported_on_its_attribute()
    {
        GeneratorRun run = SingleError.AssertAt("CMP033", "LSTM 'encoder' takes sequences (None, timesteps, features), but its input has shape (None, 5)", """
            [Functional(nameof(Encoder))]
            public partial class FlatFunctional
            {
                [Input(5)] public partial LayerInfo Features { get; }
                [[|LSTM(3, Input = nameof(Features))|]] public partial LayerInfo Encoder { get; }
            }
            """);
        Assert.Null(run.Exception);
    }

    [Theory]
    [InlineData("""
        [Sequential(InputShape = new[] { 5, 3 })]
        [LSTM(4, ReturnSequences = true)]
        [[|Dense(10)|]]
        public partial class TaggerByAccident;
        """, "Dense 'dense' is applied at every step of the sequence (None, 5, 4) that LSTM 'lstm' returns, giving (None, 5, 10); to map only the last step, set ReturnSequences = false on 'lstm'")]
    [InlineData("""
        [Functional(nameof(Head))]
        public partial class FunctionalTagger
        {
            [Input(7, 2)] public partial LayerInfo Sequence { get; }
            [LSTM(3, ReturnSequences = true, Input = nameof(Sequence))] public partial LayerInfo Encoder { get; }
            [[|Dense(2, Input = nameof(Encoder))|]] public partial LayerInfo Head { get; }
        }
        """, "Dense 'head' is applied at every step of the sequence (None, 7, 3) that LSTM 'encoder' returns, giving (None, 7, 2); to map only the last step, set ReturnSequences = false on 'encoder'")]
    public void Dense_on_a_returned_sequence_warns_and_still_builds(string markup, string message)
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Markup.Parse("using Compiled;\n\n" + markup);
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP036", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Single(run.Sources);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void Dense_after_the_last_step_or_a_flattened_sequence_is_quiet()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 })]
            [LSTM(4, ReturnSequences = true)]
            [LSTM(4)]
            [Dense(3)]
            public partial class Classifier;

            [Sequential(InputShape = new[] { 5, 3 })]
            [LSTM(4, ReturnSequences = true)]
            [Flatten]
            [Dense(3)]
            public partial class FlattenedSequence;
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
    }
}
