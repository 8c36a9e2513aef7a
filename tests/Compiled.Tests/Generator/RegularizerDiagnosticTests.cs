using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Generator;

/// <summary>
/// Regularizer and constraint arguments are read at build time: each mistake is one error (CMP070–CMP074) on the
/// argument at fault, naming the layer, the argument and Keras's signature; every valid form builds.
/// </summary>
public class RegularizerDiagnosticTests
{
    [Theory]
    [InlineData("CMP070", "'l3(0.01)' is not a Keras regularizer (Dense 'dense' kernel_regularizer); write one of l1(l1), l2(l2), l1_l2(l1, l2), L1L2(l1, l2), as in Python", """
        [Sequential(Input = 4)]
        [Dense(2, [|KernelRegularizer = "l3(0.01)"|])]
        public partial class UnknownRegularizer;
        """)]
    [InlineData("CMP070", "'' is not a Keras regularizer (Conv2D 'conv2d' bias_regularizer)", """
        [Sequential(InputShape = new[] { 4, 4, 1 })]
        [Conv2D(2, 3, [|BiasRegularizer = ""|])]
        public partial class EmptyRegularizer;
        """)]
    [InlineData("CMP071", "'max_norm(2' is not a Keras constraint (LSTM 'lstm' recurrent_constraint); write one of max_norm(max_value, axis), non_neg(), unit_norm(axis), min_max_norm(min_value, max_value, rate, axis)", """
        [Sequential(InputShape = new[] { 3, 2 })]
        [LSTM(2, [|RecurrentConstraint = "max_norm(2"|])]
        public partial class UnclosedConstraint;
        """)]
    [InlineData("CMP071", "'l2(0.01)' is not a Keras constraint (Embedding 'embedding' embeddings_constraint)", """
        [Sequential(Input = 3)]
        [Embedding(10, 4, [|EmbeddingsConstraint = "l2(0.01)"|])]
        public partial class RegularizerAsConstraint;
        """)]
    [InlineData("CMP072", "Dense 'dense' kernel_regularizer = \"l1_l2(l1=0.01, l3=0.01)\": l1_l2 has no argument 'l3'; Keras's signature is l1_l2(l1, l2)", """
        [Sequential(Input = 4)]
        [Dense(2, [|KernelRegularizer = "l1_l2(l1=0.01, l3=0.01)"|])]
        public partial class UnknownKeyword;
        """)]
    [InlineData("CMP072", "Dense 'dense' kernel_regularizer = \"l2(-0.5)\": l2 must be a finite number, 0 or more", """
        [Sequential(Input = 4)]
        [Dense(2, [|KernelRegularizer = "l2(-0.5)"|])]
        public partial class NegativeFactor;
        """)]
    [InlineData("CMP072", "GRU 'gru' recurrent_regularizer = \"l2(x)\": l2 'x' is not a number", """
        [Sequential(InputShape = new[] { 3, 2 })]
        [GRU(2, [|RecurrentRegularizer = "l2(x)"|])]
        public partial class NotANumber;
        """)]
    [InlineData("CMP072", "Dense 'dense' kernel_regularizer = \"l2(0.1, 0.2)\": l2 takes 1 argument; got 2", """
        [Sequential(Input = 4)]
        [Dense(2, [|KernelRegularizer = "l2(0.1, 0.2)"|])]
        public partial class TooManyArguments;
        """)]
    [InlineData("CMP072", "Dense 'dense' kernel_constraint = \"max_norm(axis=0, axis=1)\": axis is given twice", """
        [Sequential(Input = 4)]
        [Dense(2, [|KernelConstraint = "max_norm(axis=0, axis=1)"|])]
        public partial class AxisTwice;
        """)]
    [InlineData("CMP072", "Conv1D 'conv1d' kernel_constraint = \"unit_norm(axis=[0, x])\": axis '[0, x]' is not an integer or a list of integers", """
        [Sequential(InputShape = new[] { 5, 2 })]
        [Conv1D(2, 2, [|KernelConstraint = "unit_norm(axis=[0, x])"|])]
        public partial class BadAxis;
        """)]
    [InlineData("CMP072", "min_value 2 is above max_value 1; Keras's signature is min_max_norm(min_value, max_value, rate, axis)", """
        [Sequential(Input = 4)]
        [Dense(2, [|BiasConstraint = "min_max_norm(min_value=2)"|])]
        public partial class MinAboveMax;
        """)]
    [InlineData("CMP072", "the positional argument '0' follows a named one", """
        [Sequential(Input = 4)]
        [Dense(2, [|KernelConstraint = "max_norm(max_value=3, 0)"|])]
        public partial class PositionalAfterNamed;
        """)]
    [InlineData("CMP073", "Dense 'dense' kernel_constraint takes its norm over axis 2, outside the kernel of shape (4, 2), which has 2 axes", """
        [Sequential(Input = 4)]
        [Dense(2, [|KernelConstraint = "max_norm(2, axis=2)"|])]
        public partial class AxisOutsideKernel;
        """)]
    [InlineData("CMP073", "Conv2D 'conv2d' bias_constraint takes its norm over axis -2, outside the bias of shape (2,), which has 1 axes", """
        [Sequential(InputShape = new[] { 4, 4, 1 })]
        [Conv2D(2, 3, [|BiasConstraint = "unit_norm(axis=-2)"|])]
        public partial class AxisOutsideBias;
        """)]
    [InlineData("CMP074", "LSTM 'lstm' sets KernelRegularizer inside [Bidirectional], which does not apply it yet", """
        [Sequential(InputShape = new[] { 3, 2 })]
        [Bidirectional]
        [LSTM(2, [|KernelRegularizer = "l2"|])]
        public partial class WrappedRegularizer;
        """)]
    [InlineData("CMP074", "Dense 'dense' sets KernelConstraint inside [TimeDistributed]", """
        [Sequential(InputShape = new[] { 3, 2 })]
        [TimeDistributed]
        [Dense(2, [|KernelConstraint = "non_neg()"|])]
        public partial class WrappedConstraint;
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void A_wrapped_layer_in_a_functional_model_is_refused_too()
        => SingleError.AssertAt("CMP074", "GRU 'encoder' sets RecurrentConstraint inside [Bidirectional]", """
            [Functional(nameof(Head))]
            public partial class WrappedInFunctional
            {
                [Input(3, 2)] public partial LayerInfo Sequence { get; }
                [Bidirectional(Input = nameof(Sequence))] [GRU(2, Name = "encoder", [|RecurrentConstraint = "non_neg"|])] public partial LayerInfo Encoder { get; }
                [Dense(2, Input = nameof(Encoder))] public partial LayerInfo Head { get; }
            }
            """);

    [Fact]
    public void Every_form_builds_with_no_diagnostic()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 6, 3 })]
            [Conv1D(4, 2, KernelRegularizer = "l2", BiasRegularizer = "l1", KernelConstraint = "max_norm(max_value=3, axis=[0, 1])", BiasConstraint = "non_neg")]
            [SimpleRNN(3, ReturnSequences = true, RecurrentRegularizer = "L1L2(l1=0.001)", RecurrentConstraint = "unit_norm(-1)")]
            [GRU(3, KernelRegularizer = " l1_l2 ( l1 = 1e-3 , l2 = 0 ) ", KernelConstraint = "MinMaxNorm(0.1, 2.0, 0.5, 0)")]
            [Dense(2, KernelRegularizer = "L2(0.0001)", BiasConstraint = "UnitNorm()")]
            public partial class EveryRule;

            [Functional(nameof(Head))]
            public partial class FunctionalRules
            {
                [Input(5)] public partial LayerInfo Indices { get; }
                [Embedding(20, 4, Input = nameof(Indices), EmbeddingsRegularizer = "l2(1e-4)")] public partial LayerInfo Vectors { get; }
                [LSTM(3, Input = nameof(Vectors), KernelConstraint = "min_max_norm()")] public partial LayerInfo Encoder { get; }
                [Dense(2, Input = nameof(Encoder), KernelRegularizer = "l1_l2(0.01, 0.02)")] public partial LayerInfo Head { get; }
            }
            """);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        string generated = string.Join("\n", run.Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("[\"kernel_regularizer\"] = global::Compiled.Regularizer.L1L2(0.001f, 0f)", generated);
        Assert.Contains("[\"recurrent_constraint\"] = global::Compiled.Constraint.UnitNorm(new int[] { -1 })", generated);
        Assert.Contains("[\"kernel_constraint\"] = global::Compiled.Constraint.MinMaxNorm(0.1f, 2f, 0.5f, new int[] { 0 })", generated);
        Assert.Contains("[\"kernel_regularizer\"] = global::Compiled.Regularizer.L1L2(0.01f, 0.02f)", generated);
        Assert.Contains("[\"embeddings_regularizer\"] = global::Compiled.Regularizer.L2Only(0.0001f)", generated);
    }
}
