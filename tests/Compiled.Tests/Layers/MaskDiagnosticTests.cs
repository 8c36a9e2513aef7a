using Compiled.Tests.Generator;

namespace Compiled.Tests.Layers;

/// <summary>
/// Masks at build time: a mask reaches its consumers through the layers that pass it on (Dropout, Activation, a recurrent
/// layer returning sequences, TimeDistributed), and one that reaches a layer that would ignore it, or the model's output,
/// is one error on the layer that makes it.
/// </summary>
public class MaskDiagnosticTests
{
    [Theory]
    [InlineData("CMP050", "Embedding 'embedding' sets MaskZero, so its output carries a mask of padded steps, but the Flatten after LSTM 'lstm' cannot consume a mask", """
        [Sequential(Input = 6)]
        [Embedding(10, 4, [|MaskZero = true|])]
        [LSTM(3, ReturnSequences = true)]
        [Flatten]
        [Dense(2)]
        public partial class MaskThroughSequenceIntoFlatten;
        """)]
    [InlineData("CMP050", "but the Conv1D after Dropout 'dropout' cannot consume a mask", """
        [Sequential(Input = 6)]
        [Embedding(10, 4, [|MaskZero = true|])]
        [Dropout(0.5)]
        [Conv1D(2, 3)]
        public partial class MaskThroughDropoutIntoConvolution;
        """)]
    [InlineData("CMP050", "but the model's output (Keras's loss would weight its steps by the mask) cannot consume a mask", """
        [Sequential(Input = 6)]
        [Embedding(10, 4, [|MaskZero = true|])]
        [Bidirectional]
        [LSTM(3, ReturnSequences = true)]
        public partial class MaskedSequenceAsOutput;
        """)]
    [InlineData("CMP052", "Masking 'masking' gives its output a mask of the steps whose features all equal its mask_value, but the GlobalAveragePooling1D after it cannot consume a mask", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [[|Masking|]]
        [GlobalAveragePooling1D]
        [Dense(2)]
        public partial class MaskingIntoPooling;
        """)]
    [InlineData("CMP052", "but the model's output (Keras's loss would weight its steps by the mask) cannot consume a mask", """
        [Sequential(InputShape = new[] { 6, 3 })]
        [[|Masking(-1)|]]
        [TimeDistributed]
        [Dense(2)]
        public partial class TimeDistributedMaskAsOutput;
        """)]
    [InlineData("CMP033", "Masking 'masking' takes sequences (None, timesteps, features), but its input has shape (None, 8)", """
        [Sequential(Input = 8)]
        [[|Masking|]]
        [Dense(2)]
        public partial class FlatMasking;
        """)]
    public void Reports_the_error_at_the_mask_s_maker(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void A_functional_mask_reaching_a_merge_through_a_dropout_is_reported_on_its_maker()
    {
        GeneratorRun run = SingleError.AssertAt("CMP052", "Masking 'masked' gives its output a mask of the steps whose features all equal its mask_value, but Add 'sum' cannot consume a mask", """
            [Functional(nameof(Out))]
            public partial class MaskIntoMerge
            {
                [Input(5, 2)] public partial LayerInfo Sequence { get; }
                [[|Masking(Input = nameof(Sequence))|]] public partial LayerInfo Masked { get; }
                [Dropout(0.1, Input = nameof(Masked))] public partial LayerInfo Dropped { get; }
                [Add(nameof(Dropped), nameof(Sequence))] public partial LayerInfo Sum { get; }
                [LSTM(2, Input = nameof(Sum))] public partial LayerInfo Out { get; }
            }
            """);
        Assert.DoesNotContain(run.CompilationErrors, e => e.Id == "CS9248");
    }

    [Fact]
    public void A_mask_stopped_by_an_lstm_returning_its_last_step_builds_cleanly_and_costs_nothing_without_one()
    {
        GeneratorRun masked = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(Input = 6)]
            [Embedding(10, 4, MaskZero = true)]
            [Dropout(0.2)]
            [LSTM(3, ReturnSequences = true)]
            [Activation(Activation.Tanh)]
            [LSTM(3)]
            [Dense(2, Activation = Activation.Softmax)]
            public partial class Masked;
            """);
        Assert.Null(masked.Exception);
        Assert.Empty(masked.Diagnostics);
        Assert.Empty(masked.CompilationErrors);
        string code = Assert.Single(masked.Sources).SourceText.ToString();
        Assert.Contains("Embedding.MaskZero(input, _embeddingStepMask, batch * 6);", code, StringComparison.Ordinal);
        Assert.Contains("RecurrentMask.CarryStates(_embeddingStepMask, _lstm1Hidden, step, batch, 6, 3, goBackwards: false);", code, StringComparison.Ordinal);

        // The same network without the mask: no mask field and no mask kernel.
        GeneratorRun plain = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(Input = 6)]
            [Embedding(10, 4)]
            [Dropout(0.2)]
            [LSTM(3, ReturnSequences = true)]
            [Activation(Activation.Tanh)]
            [LSTM(3)]
            [Dense(2, Activation = Activation.Softmax)]
            public partial class Plain;
            """);
        Assert.Empty(plain.Diagnostics);
        string plainCode = Assert.Single(plain.Sources).SourceText.ToString();
        Assert.DoesNotContain("Mask(", plainCode.Replace("Dropout.Mask(", ""), StringComparison.Ordinal);
        Assert.DoesNotContain("StepMask", plainCode, StringComparison.Ordinal);
        Assert.DoesNotContain("CellGradientKept", plainCode, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_member_named_like_the_mask_field_is_reported()
    {
        GeneratorRun run = SingleError.AssertAt("CMP013", "the generator's member '_maskingStepMask' would clash", """
            [Sequential(InputShape = new[] { 6, 3 })]
            [[|Masking|]]
            [LSTM(2)]
            public partial class ClashingMask
            {
                private int _maskingStepMask;
            }
            """);
        Assert.Null(run.Exception);
    }
}
