using Compiled.Tests.Generator;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Layers;

/// <summary>The image and sequence layers' build-time checks: each mistake is one diagnostic, on the argument at fault, naming the shapes.</summary>
public class ConvolutionalDiagnosticTests
{
    [Theory]
    [InlineData("CMP030", "Conv2D 'conv2d' cannot slide a window of 5x5 over its input of shape (None, 4, 4, 1)", """
        [Sequential(InputShape = new[] { 4, 4, 1 })]
        [Conv2D(8, [|5|])]
        public partial class KernelLargerThanImage;
        """)]
    [InlineData("CMP030", "spans 5 positions on axis 1, which has 4", """
        [Sequential(InputShape = new[] { 4, 9, 1 })]
        [Conv2D(8, [|3|], DilationRate = new[] { 2 })]
        public partial class DilatedKernelLargerThanImage;
        """)]
    [InlineData("CMP030", "MaxPooling2D 'max_pooling2d' cannot slide a window of 3x3 over its input of shape (None, 2, 2, 4)", """
        [Sequential(InputShape = new[] { 2, 2, 4 })]
        [MaxPooling2D([|3|])]
        public partial class PoolLargerThanImage;
        """)]
    [InlineData("CMP030", "Conv1D 'conv1d' cannot slide a window of 7", """
        [Sequential(InputShape = new[] { 5, 2 })]
        [Conv1D(4, [|7|])]
        public partial class Conv1DKernelLargerThanSequence;
        """)]
    [InlineData("CMP003", "Conv2D 'conv2d' strides must be positive; got (1, 0)", """
        [Sequential(InputShape = new[] { 8, 8, 1 })]
        [Conv2D(8, 3, [|Strides = new[] { 1, 0 }|])]
        public partial class ZeroStride;
        """)]
    [InlineData("CMP003", "Conv2D 'conv2d' filters must be positive; got 0", """
        [Sequential(InputShape = new[] { 8, 8, 1 })]
        [Conv2D([|0|], 3)]
        public partial class ZeroFilters;
        """)]
    [InlineData("CMP031", "Conv2D 'conv2d' kernel_size takes one value or 2; got (3, 3, 3)", """
        [Sequential(InputShape = new[] { 8, 8, 1 })]
        [Conv2D(8, [|3|], 3, 3)]
        public partial class ThreeKernelSizes;
        """)]
    [InlineData("CMP031", "ZeroPadding2D 'zero_padding2d' padding takes one value, two (rows, columns) or four", """
        [Sequential(InputShape = new[] { 8, 8, 1 })]
        [ZeroPadding2D([|1|], 2, 3)]
        public partial class ThreePaddings;
        """)]
    [InlineData("CMP032", "Conv2D 'conv2d' cannot use padding Padding.Causal; expected Padding.Valid or Padding.Same", """
        [Sequential(InputShape = new[] { 8, 8, 1 })]
        [Conv2D(8, 3, [|Padding = Padding.Causal|])]
        public partial class CausalImage;
        """)]
    [InlineData("CMP033", "Conv2D 'conv2d' takes images (None, height, width, channels), but its input has shape (None, 784); add [Reshape(...)]", """
        [Sequential(Input = 784)]
        [[|Conv2D(8, 3)|]]
        public partial class FlatIntoConv2D;
        """)]
    [InlineData("CMP033", "GlobalAveragePooling2D 'global_average_pooling2d' takes images", """
        [Sequential(InputShape = new[] { 10, 3 })]
        [[|GlobalAveragePooling2D|]]
        public partial class SequenceIntoGlobalImagePooling;
        """)]
    [InlineData("CMP033", "MaxPooling1D 'max_pooling1d' takes sequences (None, steps, channels), but its input has shape (None, 4, 4, 2)", """
        [Sequential(InputShape = new[] { 4, 4, 2 })]
        [[|MaxPooling1D|]]
        public partial class ImageIntoSequencePooling;
        """)]
    [InlineData("CMP035", "Dropout 'dropout' rate is 1; expected from 0 up to, not including, 1", """
        [Sequential(Input = 4)]
        [Dense(3)]
        [Dropout([|1.0|])]
        public partial class DropEverything;
        """)]
    [InlineData("CMP035", "BatchNormalization 'batch_normalization' Momentum is 1.5", """
        [Sequential(Input = 4)]
        [BatchNormalization([|Momentum = 1.5|])]
        public partial class MomentumAboveOne;
        """)]
    [InlineData("CMP035", "Conv2D 'conv2d' dilation_rate is 2x2; expected 1 while strides are 2x2", """
        [Sequential(InputShape = new[] { 9, 9, 1 })]
        [Conv2D(4, 3, Strides = new[] { 2 }, [|DilationRate = new[] { 2 }|])]
        public partial class StridedAndDilated;
        """)]
    [InlineData("CMP030", "AveragePooling2D 'average_pooling2d' cannot slide a window of 3x3", """
        [Sequential(InputShape = new[] { 5, 2, 1 })]
        [AveragePooling2D([|3|], Strides = new[] { 2, 1 })]
        public partial class ExplicitPoolStridesStillChecked;
        """)]
    [InlineData("CMP015", "BatchNormalization", """
        [Sequential(InputShape = new[] { 4, 4, 2 })]
        [BatchNormalization([|Axis = 1|])]
        public partial class NormaliseRows;
        """)]
    [InlineData("CMP026", "declares an input node, which only a functional model has", """
        [Sequential(Input = 4)]
        [[|Input(4)|]]
        public partial class InputInChain;
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Fact]
    public void Dense_on_an_image_warns_and_still_builds()
    {
        (string source, Microsoft.CodeAnalysis.Text.TextSpan span) = Markup.Parse("""
            using Compiled;

            [Sequential(InputShape = new[] { 6, 6, 1 })]
            [Conv2D(4, 3)]
            [[|Dense(10)|]]
            public partial class ForgotFlatten;
            """);
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP034", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Dense 'dense' is applied at every position of its input (None, 4, 4, 4), giving (None, 4, 4, 10); add [Flatten] before it to map the whole sample to its units", diagnostic.GetMessage());
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Single(run.Sources);
        Assert.Empty(run.CompilationErrors);
    }
}
