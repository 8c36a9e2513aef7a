using Compiled.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Layers;

/// <summary>The Bidirectional wrapper's build-time checks: each mistake is one diagnostic, on the attribute or argument at fault.</summary>
public class BidirectionalDiagnosticTests
{
    [Theory]
    [InlineData("CMP060", "[Bidirectional] wraps the layer attribute that follows it, but no layer attribute follows it in Sequential model 'NothingToWrap'", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [LSTM(4, ReturnSequences = true)]
        [[|Bidirectional|]]
        public partial class NothingToWrap;
        """)]
    [InlineData("CMP061", "Bidirectional wraps a recurrent layer; Dense is not one", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [Bidirectional]
        [[|Dense(4)|]]
        public partial class WrappedDense;
        """)]
    [InlineData("CMP062", "[Bidirectional] follows [Bidirectional], which wraps the layer attribute after it; a wrapper wraps one layer, not another wrapper", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [Bidirectional]
        [[|Bidirectional(MergeMode = MergeMode.Sum)|]]
        [LSTM(4)]
        public partial class WrapperOfAWrapper;
        """)]
    [InlineData("CMP033", "LSTM 'lstm' takes sequences (None, timesteps, features), but its input has shape (None, 8)", """
        [Sequential(Input = 8)]
        [Bidirectional]
        [[|LSTM(4)|]]
        public partial class FlatIntoBidirectional;
        """)]
    [InlineData("CMP003", "LSTM 'encoder' units must be positive; got 0", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [Bidirectional]
        [LSTM([|0|], Name = "encoder")]
        public partial class NoUnitsWrapped;
        """)]
    [InlineData("CMP035", "Bidirectional 'bidirectional' merge_mode is 7; expected Concat, Sum, Mul or Ave (Keras's merge_mode=None, the two outputs apart, is not supported)", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [Bidirectional([|MergeMode = (MergeMode)7|])]
        [LSTM(4)]
        public partial class UnknownMerge;
        """)]
    public void Reports_the_error_at_the_offending_attribute(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void A_wrapper_alone_on_a_node_property_is_reported_on_it()
    {
        GeneratorRun run = SingleError.AssertAt("CMP060", "[Bidirectional] wraps the layer attribute that follows it, but no layer attribute follows it on node property 'Encoder'", """
            [Functional(nameof(Encoder))]
            public partial class LoneWrapper
            {
                [Input(5, 2)] public partial LayerInfo Sequence { get; }
                [[|Bidirectional(Input = nameof(Sequence))|]] public partial LayerInfo Encoder { get; }
            }
            """);
        Assert.Null(run.Exception);
    }

    [Fact]
    public void A_wrapped_layer_setting_input_is_told_to_set_it_on_the_wrapper()
    {
        GeneratorRun run = SingleError.AssertAt("CMP063", "LSTM 'lstm' is wrapped by [Bidirectional], which is what is applied to a node; set Input on [Bidirectional] instead", """
            [Functional(nameof(Encoder))]
            public partial class InputOnTheWrapped
            {
                [Input(5, 2)] public partial LayerInfo Sequence { get; }
                [Bidirectional]
                [LSTM(3, [|Input = nameof(Sequence)|])]
                public partial LayerInfo Encoder { get; }
            }
            """);
        Assert.Null(run.Exception);
    }

    [Fact]
    public void A_wrapper_in_a_functional_model_wrapping_a_dense_is_reported_on_the_dense()
    {
        GeneratorRun run = SingleError.AssertAt("CMP061", "Bidirectional wraps a recurrent layer; Dense is not one", """
            [Functional(nameof(Encoder))]
            public partial class DenseOnANode
            {
                [Input(5, 2)] public partial LayerInfo Sequence { get; }
                [Bidirectional(Input = nameof(Sequence))]
                [[|Dense(3)|]]
                public partial LayerInfo Encoder { get; }
            }
            """);
        Assert.Null(run.Exception);
    }

    [Fact]
    public void A_wrapped_lstm_and_its_wrapper_build_without_diagnostics_and_count_as_one_layer()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 100, 40 })]
            [Bidirectional(MergeMode = MergeMode.Concat)]
            [LSTM(64)]
            [Dense(10, Activation = Activation.Softmax)]
            public partial class SpeechNet;
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Contains("Bidirectional.Merge(", code, StringComparison.Ordinal);
        Assert.Contains("new global::Compiled.BidirectionalLayer(name: \"bidirectional\", layer: new global::Compiled.LSTMLayer(name: \"lstm\"", code, StringComparison.Ordinal);
    }
}
