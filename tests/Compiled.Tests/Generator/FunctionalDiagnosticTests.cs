using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Generator;

/// <summary>
/// Every diagnostic of functional models: ID, the key content of the message (the shapes involved), the
/// exact span, and no compiler error beside it (the node properties still get bodies).
/// </summary>
public class FunctionalDiagnosticTests
{
    [Theory]
    [InlineData("CMP018", "'Nowhere' is not a node of 'UnknownNode': no node property has that name; its nodes are Features, Out", """
        [Functional(nameof(Out))]
        public partial class UnknownNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, [|Input = "Nowhere"|])] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP018", "'Helper' is a property without a layer attribute", """
        [Functional(nameof(Out))]
        public partial class NotANode
        {
            public int Helper => 1;
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, [|Input = nameof(Helper)|])] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP018", "'Hidden' is a Dense node, not an [Input]", """
        [Functional(nameof(Out), [|Inputs = new[] { nameof(Hidden) }|])]
        public partial class InputsNotInput
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(8, Input = nameof(Features))] public partial LayerInfo Hidden { get; }
            [Dense(3, Input = nameof(Hidden))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP019", "Node 'First' depends on itself through First -> Second -> First", """
        [Functional(nameof(Second))]
        public partial class Loop
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(4, [|Input = nameof(Second)|])] public partial LayerInfo First { get; }
            [Dense(4, Input = nameof(First))] public partial LayerInfo Second { get; }
        }
        """)]
    [InlineData("CMP020", "Add 'sum' cannot merge its inputs: 'Wide' has shape (None, 8) but 'Narrow' has shape (None, 4); they must be equal", """
        [Functional(nameof(Sum))]
        public partial class AddMismatch
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(8, Input = nameof(Features))] public partial LayerInfo Wide { get; }
            [Dense(4, Input = nameof(Features))] public partial LayerInfo Narrow { get; }
            [Add(nameof(Wide), [|nameof(Narrow)|])] public partial LayerInfo Sum { get; }
        }
        """)]
    [InlineData("CMP020", "on axis -1 every input must match 'Left' (None, 2, 3) on the other axes, but 'Right' has shape (None, 3, 3)", """
        [Functional(nameof(Joined))]
        public partial class ConcatenateMismatch
        {
            [Input(2, 3)] public partial LayerInfo Left { get; }
            [Input(3, 3)] public partial LayerInfo Right { get; }
            [Concatenate(nameof(Left), [|nameof(Right)|])] public partial LayerInfo Joined { get; }
        }
        """)]
    [InlineData("CMP021", "Reshape 'folded' to (3, 3) cannot take its input of shape (None, 8): the target holds 9 values per sample, the input 8", """
        [Functional(nameof(Folded))]
        public partial class ReshapeMismatch
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(8, Input = nameof(Features))] public partial LayerInfo Hidden { get; }
            [Reshape([|3|], 3, Input = nameof(Hidden))] public partial LayerInfo Folded { get; }
        }
        """)]
    [InlineData("CMP021", "only one dimension can be -1", """
        [Functional(nameof(Folded))]
        public partial class ReshapeTwoUnknowns
        {
            [Input(8)] public partial LayerInfo Features { get; }
            [Dense(8, Input = nameof(Features))] public partial LayerInfo Hidden { get; }
            [Reshape([|-1|], -1, Input = nameof(Hidden))] public partial LayerInfo Folded { get; }
        }
        """)]
    [InlineData("CMP022", "Concatenate 'joined' axis 3 is out of range for inputs of shape (None, 8): expected 1 to 1", """
        [Functional(nameof(Joined))]
        public partial class AxisTooLarge
        {
            [Input(8)] public partial LayerInfo Left { get; }
            [Input(8)] public partial LayerInfo Right { get; }
            [Concatenate(nameof(Left), nameof(Right), [|Axis = 3|])] public partial LayerInfo Joined { get; }
        }
        """)]
    [InlineData("CMP022", "axis 0 is the batch", """
        [Functional(nameof(Joined))]
        public partial class BatchAxis
        {
            [Input(8)] public partial LayerInfo Left { get; }
            [Input(8)] public partial LayerInfo Right { get; }
            [Concatenate(nameof(Left), nameof(Right), [|Axis = 0|])] public partial LayerInfo Joined { get; }
        }
        """)]
    [InlineData("CMP023", "Output 'Out' depends on input 'Extra', which is not among the model's Inputs (Features)", """
        [Functional([|nameof(Out)|], Inputs = new[] { nameof(Features) })]
        public partial class Disconnected
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Input(4)] public partial LayerInfo Extra { get; }
            [Add(nameof(Features), nameof(Extra))] public partial LayerInfo Sum { get; }
            [Dense(3, Input = nameof(Sum))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP025", "declare it 'partial'", """
        [Functional(nameof(Out))]
        public partial class NotPartialNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public LayerInfo [|Out|] { get; }
        }
        """)]
    [InlineData("CMP025", "it must be get-only", """
        [Functional(nameof(Out))]
        public partial class SettableNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo [|Out|] { get; set; }
        }
        """)]
    [InlineData("CMP025", "its type is 'int'; declare it 'LayerInfo', or 'DenseWeights' to reach the kernel and bias", """
        [Functional(nameof(Out))]
        public partial class WrongTypeNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial int [|Out|] { get; }
        }
        """)]
    [InlineData("CMP025", "it is a ReLU layer, which has no weights; declare it 'LayerInfo'", """
        [Functional(nameof(Out))]
        public partial class WeightsOfNothing
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [ReLU(Input = nameof(Features))] public partial DenseWeights [|Out|] { get; }
        }
        """)]
    [InlineData("CMP025", "its type is nullable", """
        [Functional(nameof(Out))]
        public partial class NullableNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo? [|Out|] { get; }
        }
        """)]
    [InlineData("CMP025", "it is 'static'", """
        [Functional(nameof(Out))]
        public partial class StaticNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public static partial LayerInfo [|Out|] { get; }
        }
        """)]
    [InlineData("CMP026", "[Dense] on functional model 'ClassLevelLayer' has no node of its own", """
        [Functional(nameof(Out))]
        [[|Dense(8)|]]
        public partial class ClassLevelLayer
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP026", "[Dense] on property 'Hidden' makes a node, but Sequential model 'PropertyInSequential' takes its layers from the class's attributes", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class PropertyInSequential
        {
            [[|Dense(8)|]] public LayerInfo Hidden => null!;
        }
        """)]
    [InlineData("CMP026", "Dense 'dense' sets Input, but in Sequential model 'InputInSequential' every layer takes the previous layer's output", """
        [Sequential(Input = 4)]
        [Dense(3, [|Input = "x"|])]
        public partial class InputInSequential;
        """)]
    [InlineData("CMP026", "has 2 layer attributes; a node is one layer", """
        [Functional(nameof(Out))]
        public partial class TwoLayersOneNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] [[|ReLU(Input = nameof(Features))|]] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP026", "Output 'Flat' is an input node or a reshape of one", """
        [Functional([|nameof(Flat)|])]
        public partial class NothingComputed
        {
            [Input(2, 2)] public partial LayerInfo Features { get; }
            [Flatten(Input = nameof(Features))] public partial LayerInfo Flat { get; }
        }
        """)]
    [InlineData("CMP027", "Subtract 'difference' takes exactly two inputs; it was given 3", """
        [Functional(nameof(Difference))]
        public partial class SubtractThree
        {
            [Input(4)] public partial LayerInfo A { get; }
            [Input(4)] public partial LayerInfo B { get; }
            [Input(4)] public partial LayerInfo C { get; }
            [[|Subtract(nameof(A), nameof(B), nameof(C))|]] public partial LayerInfo Difference { get; }
        }
        """)]
    [InlineData("CMP027", "Add 'sum' takes two or more inputs; it was given one", """
        [Functional(nameof(Sum))]
        public partial class AddOne
        {
            [Input(4)] public partial LayerInfo A { get; }
            [[|Add(nameof(A))|]] public partial LayerInfo Sum { get; }
        }
        """)]
    [InlineData("CMP028", "Dense 'out' in functional model 'AppliedToNothing' needs Input = nameof(<node>)", """
        [Functional(nameof(Out))]
        public partial class AppliedToNothing
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [[|Dense(3)|]] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP029", "Functional model 'NoOutputs' names no outputs", """
        [[|Functional|]]
        public partial class NoOutputs
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP003", "Every dimension of Input 'features' must be positive; got (4, 0)", """
        [Functional(nameof(Out))]
        public partial class ZeroInput
        {
            [Input(4, [|0|])] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP003", "Every dimension of Input 'features' must be positive; got (4, -2)", """
        [Functional(nameof(Out))]
        public partial class NegativeInputAsArray
        {
            [Input([|new[] { 4, -2 }|])] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP011", "Input 'features' (None, 65536, 65536, 2) needs 8,589,934,592 values", """
        [Functional(nameof(Out))]
        public partial class HugeInput
        {
            [Input(65536, [|65536|], 2)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP011", "Concatenate 'joined'", """
        [Functional(nameof(Joined))]
        public partial class HugeConcatenation
        {
            [Input(1073741824)] public partial LayerInfo Left { get; }
            [Input(1073741824)] public partial LayerInfo Right { get; }
            [[|Concatenate(nameof(Left), nameof(Right))|]] public partial LayerInfo Joined { get; }
        }
        """)]
    [InlineData("CMP007", "Softmax 'probabilities' cannot follow an output of shape (None, 3): axis 2 is out of range", """
        [Functional(nameof(Probabilities))]
        public partial class SoftmaxAxisOutOfRange
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Scores { get; }
            [Softmax([|Axis = 2|], Input = nameof(Scores))] public partial LayerInfo Probabilities { get; }
        }
        """)]
    [InlineData("CMP013", "its property 'Fit' would hide or clash with member 'Fit' that every model has", """
        [Functional(nameof(Fit))]
        public partial class ReservedNode
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [[|Dense(3, Input = nameof(Features))|]] public partial LayerInfo Fit { get; }
        }
        """)]
    [InlineData("CMP012", "'hidden'", """
        [Functional(nameof(Out))]
        public partial class SameName
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(8, Input = nameof(Features), Name = "hidden")] public partial LayerInfo Hidden { get; }
            [Dense(3, Input = nameof(Hidden), [|Name = "hidden"|])] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("CMP016", "'Forgotten' has layer attributes but no [Sequential] or [Functional] attribute", """
        public partial class Forgotten
        {
            [[|Dense(3)|]] public LayerInfo Out => null!;
        }
        """)]
    [InlineData("CMP010", "has both [Sequential] and [Functional]", """
        [Sequential(Input = 4)]
        [Functional(nameof(Out))]
        public partial class [|Both|]
        {
            [Input(4)] public LayerInfo Features => null!;
            [Dense(3, Input = nameof(Features))] public LayerInfo Out => null!;
        }
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
    {
        GeneratorRun run = SingleError.AssertAt(id, messagePart, markup);
        // The generator's error stands alone: no compiler error about unimplemented node properties beside it.
        Assert.DoesNotContain(run.CompilationErrors, e => e.Id == "CS9248");
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("Subtract")]
    [InlineData("Multiply")]
    [InlineData("Average")]
    [InlineData("Maximum")]
    public void Every_merge_refuses_inputs_of_different_shapes_at_the_first_that_differs(string merge)
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Markup.Parse($$"""
            using Compiled;

            [Functional(nameof(Merged))]
            public partial class MergeMismatch
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(6, Input = nameof(Features))] public partial LayerInfo Left { get; }
                [Dense(5, Input = nameof(Features))] public partial LayerInfo Right { get; }
                [{{merge}}(nameof(Left), [|nameof(Right)|])] public partial LayerInfo Merged { get; }
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP020", diagnostic.Id);
        Assert.Contains($"{merge} 'merged' cannot merge its inputs: 'Left' has shape (None, 6) but 'Right' has shape (None, 5)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        // The same graph with equal widths builds.
        Assert.Empty(GeneratorHarness.Run(source.Replace("Dense(5,", "Dense(6,")).Diagnostics);
    }

    [Fact]
    public void A_node_no_output_uses_is_a_warning_and_left_out()
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Markup.Parse("""
            using Compiled;

            [Functional(nameof(Out))]
            public partial class Unused
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [[|Dense(5, Input = nameof(Features))|]] public partial LayerInfo Forgotten { get; }
                [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP024", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Node 'Forgotten' is never used by the model's outputs (Out); it is left out of the model", diagnostic.GetMessage());
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.CompilationErrors);
        Assert.DoesNotContain("forgotten", run.Sources.Single().SourceText.ToString().Split("ModelSummary =")[1].Split("GraphvizDot")[0]);
    }

    [Theory]
    [InlineData("""
        [Functional(nameof(Out), Inputs = new[] { nameof(Second), nameof(First) }, Name = "ordered")]
        public partial class ExplicitInputOrder
        {
            [Input(3)] internal partial LayerInfo First { get; }
            [Input(3)] private partial LayerInfo Second { get; }
            [Concatenate(nameof(First), nameof(Second), Axis = 1)] public partial LayerInfo Joined { get; }
            [Dense(2, Input = nameof(Joined))] public partial DenseWeights Out { get; }
        }
        """)]
    [InlineData("""
        [Functional(nameof(Out))]
        public partial class DeclaredOutOfOrder
        {
            [Dense(2, Input = nameof(Hidden))] public partial LayerInfo Out { get; }
            [Dense(4, Input = nameof(Features), Activation = Activation.Relu)] public partial LayerInfo Hidden { get; }
            [Input(2, 4)] public partial LayerInfo Features { get; }
        }
        """)]
    [InlineData("""
        [Functional(nameof(Out))]
        public partial class ReshapeInferred
        {
            [Input(12)] public partial LayerInfo Features { get; }
            [Reshape(-1, 4, Input = nameof(Features))] public partial LayerInfo Rows { get; }
            [Concatenate(nameof(Rows), nameof(Rows), Axis = -2)] public partial LayerInfo Doubled { get; }
            [Dense(2, Input = nameof(Doubled))] public partial LayerInfo Scores { get; }
            [Flatten(Input = nameof(Scores))] public partial LayerInfo Flat { get; }
            [Softmax(Input = nameof(Flat))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("""
        [Sequential(InputShape = new[] { 2, 4 })]
        [Flatten]
        [Dense(6, Activation = Activation.Relu)]
        [Reshape(3, 2)]
        [Dense(2)]
        [Flatten]
        [Softmax]
        public partial class SequentialWithShapes;
        """)]
    [InlineData("""
        [Functional(nameof(Left), nameof(Right))]
        public partial class TwoOutputs
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Left { get; }
            [Dense(2, Input = nameof(Left))] public partial LayerInfo Right { get; }
        }
        """)]
    public void Valid_neighbours_raise_nothing_and_compile(string source)
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n\n" + source);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        Assert.Empty(run.CompilationErrors);
    }
}
