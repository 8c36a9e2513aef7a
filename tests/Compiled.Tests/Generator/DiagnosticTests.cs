using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Generator;

/// <summary>Every diagnostic: its ID, the key content of its message, and the exact span it points at.</summary>
public class DiagnosticTests
{
    [Theory]
    [InlineData("CMP001", "must be declared partial", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public class [|NotPartial|];
        """)]
    [InlineData("CMP002", "no input shape", """
        [[|Sequential|]]
        [Dense(3)]
        public partial class NoInput;
        """)]
    [InlineData("CMP002", "Input = <features>", """
        [[|Sequential(Name = "m")|]]
        [Dense(3)]
        public partial class NoInputButName;
        """)]
    [InlineData("CMP003", "Input must be positive; got 0", """
        [Sequential([|Input = 0|])]
        [Dense(3)]
        public partial class ZeroInput;
        """)]
    [InlineData("CMP003", "Dense 'dense_1' units must be positive; got -3", """
        [Sequential(Input = 4)]
        [Dense(8)]
        [Dense([|-3|])]
        public partial class NegativeUnits;
        """)]
    [InlineData("CMP003", "Dense 'dense' units must be positive; got 0", """
        [Sequential(Input = 4)]
        [Dense([|units: 0|])]
        public partial class NamedZeroUnits;
        """)]
    [InlineData("CMP003", "(4, 0)", """
        [Sequential([|InputShape = new[] { 4, 0 }|])]
        [Dense(3)]
        public partial class ZeroDimension;
        """)]
    [InlineData("CMP004", "(Activation)42 is not an activation", """
        [Sequential(Input = 4)]
        [Dense(3, [|Activation = (Activation)42|])]
        public partial class BadDenseActivation;
        """)]
    [InlineData("CMP004", "(Activation)9", """
        [Sequential(Input = 4)]
        [Dense(3)]
        [Activation([|(Activation)9|])]
        public partial class BadActivationLayer;
        """)]
    [InlineData("CMP005", "'glorot' names no static member of 'UnknownInit' and no Keras initializer", """
        [Sequential(Input = 4)]
        [Dense(3, [|KernelInitializer = "glorot"|])]
        public partial class UnknownInit;
        """)]
    [InlineData("CMP005", "glorot_uniform, glorot_normal, he_normal", """
        [Sequential(Input = 4)]
        [Dense(3, [|BiasInitializer = ""|])]
        public partial class EmptyInit;
        """)]
    [InlineData("CMP006", "instance member", """
        [Sequential(Input = 4)]
        [Dense(3, [|KernelInitializer = nameof(Init)|])]
        public partial class InstanceInit
        {
            private readonly RandomNormal Init = new();
        }
        """)]
    [InlineData("CMP006", "its type is 'int'", """
        [Sequential(Input = 4)]
        [Dense(3, [|KernelInitializer = nameof(Wrong)|])]
        public partial class WrongTypeInit
        {
            private static readonly int Wrong = 3;
        }
        """)]
    [InlineData("CMP006", "it is a method", """
        [Sequential(Input = 4)]
        [Dense(3, [|KernelInitializer = nameof(Make)|])]
        public partial class MethodInit
        {
            private static Initializer Make() => new Zeros();
        }
        """)]
    [InlineData("CMP007", "Softmax 'softmax' cannot follow an output of shape (None, 3): axis 3 is out of range", """
        [Sequential(Input = 4)]
        [Dense(3)]
        [Softmax([|Axis = 3|])]
        public partial class AxisOutOfRange;
        """)]
    [InlineData("CMP008", "spread over several partial declarations", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class Split;

        [[|Dense(2)|]]
        public partial class Split;
        """)]
    [InlineData("CMP009", "has no layers", """
        [[|Sequential(Input = 4)|]]
        public partial class Empty;
        """)]
    [InlineData("CMP010", "is nested in 'Outer'", """
        public partial class Outer
        {
            [Sequential(Input = 4)]
            [Dense(3)]
            public partial class [|Inner|];
        }
        """)]
    [InlineData("CMP010", "is generic", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class [|Generic|]<T>;
        """)]
    [InlineData("CMP010", "derives from 'System.Exception'", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class [|Derived|] : System.Exception;
        """)]
    [InlineData("CMP010", "is static", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public static partial class [|Static|];
        """)]
    [InlineData("CMP010", "is a record", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial record [|Record|];
        """)]
    [InlineData("CMP011", "more than the 2,147,483,647", """
        [Sequential(Input = 4)]
        [Dense([|int.MaxValue|])]
        public partial class Huge;
        """)]
    [InlineData("CMP011", "InputShape (None, 65536, 65536)", """
        [Sequential([|InputShape = new[] { 65536, 65536 }|])]
        [Dense(3)]
        public partial class HugeInput;
        """)]
    [InlineData("CMP011", "InputShape (None, 65536, 65536, 65536, 65536)", """
        [Sequential([|InputShape = new[] { 65536, 65536, 65536, 65536 }|])]
        [Dense(3)]
        public partial class InputShapeWrappingALong;
        """)]
    [InlineData("CMP012", "Layer name 'dense' is already used by layer 0", """
        [Sequential(Input = 4)]
        [Dense(8)]
        [Dense(3, [|Name = "dense"|])]
        public partial class DuplicateName;
        """)]
    [InlineData("CMP013", "starting with a letter", """
        [Sequential(Input = 4)]
        [Dense(3, [|Name = "1st"|])]
        public partial class BadName;
        """)]
    [InlineData("CMP013", "would clash with member 'Loss'", """
        [Sequential(Input = 4)]
        [Dense(3, [|Name = "loss"|])]
        public partial class ReservedName;
        """)]
    [InlineData("CMP013", "would clash with member 'Dense' of 'Dense'", """
        [Sequential(Input = 4)]
        [[|Dense(3)|]]
        public partial class Dense;
        """)]
    [InlineData("CMP013", "would be named 'Layers'", """
        [Sequential(Input = 4)]
        [Dense(3)]
        [ReLU([|Name = "layers"|])]
        public partial class LayerNamedLayers;
        """)]
    [InlineData("CMP010", "is named like the 'Layers' type", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class [|Layers|];
        """)]
    [InlineData("CMP014", "sets both Input and InputShape", """
        [Sequential(Input = 4, [|InputShape = new[] { 4 }|])]
        [Dense(3)]
        public partial class BothInputs;
        """)]
    [InlineData("CMP015", "over axis 1 of an input of shape (None, 5, 8) is not supported yet", """
        [Sequential(InputShape = new[] { 5, 8 })]
        [Softmax([|Axis = 1|])]
        public partial class MiddleAxis;
        """)]
    [InlineData("CMP016", "'Forgotten' has layer attributes but no [Sequential] or [Functional] attribute", """
        [[|Dense(8)|]]
        [ReLU]
        [Dense(3)]
        public partial class Forgotten;
        """)]
    [InlineData("CMP016", "add [Sequential(Input = <features>)]", """
        [[|ReLU|]]
        [Dense(3)]
        public class ForgottenActivationFirst;
        """)]
    [InlineData("CMP013", "like one of the constants it holds", """
        [Sequential(Input = 4)]
        [Dense(3)]
        [ReLU([|Name = "name"|])]
        public partial class LayerNamedLikeAConstant;
        """)]
    [InlineData("CMP013", "member '_denseOutput' would clash", """
        [Sequential(Input = 4)]
        [[|Dense(3)|]]
        public partial class FieldClash
        {
            private float[] _denseOutput = new float[1];
        }
        """)]
    [InlineData("CMP013", "member '_denseForwardOneSample' would clash", """
        [Sequential(Input = 4)]
        [[|Dense(3)|]]
        public partial class UnrolledMethodClash
        {
            private static void _denseForwardOneSample() { }
        }
        """)]
    [InlineData("CMP017", "must be non-empty and on one line", """
        [Sequential(Input = 4, [|Name = "a\rb"|])]
        [Dense(3)]
        public partial class MultiLineName;
        """)]
    [InlineData("CMP010", "declares 'InputSize', which the generator writes", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class MemberClash
        {
            public const int [|InputSize = 4|];
        }
        """)]
    [InlineData("CMP010", "declares the constructor ConstructorClash(int)", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class ConstructorClash
        {
            [|public ConstructorClash(int size) : base(null!, null!, null!, 0, false, null!, null!, 0) { }|]
        }
        """)]
    [InlineData("CMP010", "is named like the 'InputSample' type", """
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class [|InputSample|];
        """)]
    public void Reports_the_error_at_the_offending_argument(string id, string messagePart, string markup)
        => Assert.Empty(SingleError.AssertAt(id, messagePart, markup).Sources);

    [Theory]
    [InlineData("""
        [Sequential(Input = 4)]
        [Dense(3)]
        [Softmax(Axis = -1)]
        public partial class LastAxisNegative;
        """)]
    [InlineData("""
        [Sequential(Input = 4)]
        [Dense(3)]
        [Softmax(Axis = 1)]
        public partial class LastAxisPositive;
        """)]
    [InlineData("""
        [Sequential(Input = 4)]
        [Dense(3, KernelInitializer = nameof(Init), BiasInitializer = "HeUniform")]
        public partial class StaticPropertyInit
        {
            private static Initializer Init { get; } = new Constant(0.5f);
        }
        """)]
    [InlineData("""
        [Sequential(Input = 4)]
        [Dense(8, Name = "hidden")]
        [Dense(3, Name = "hidden_2")]
        public partial class CustomNames;
        """)]
    [InlineData("""
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class ExplicitBase : Model;
        """)]
    [InlineData("""
        [Sequential(Input = 4)]
        [Dense(3)]
        public partial class OtherPartsWithoutLayers;

        public partial class OtherPartsWithoutLayers
        {
            public int Extra => 1;
        }
        """)]
    [InlineData("""
        [Sequential(Input = 4)]
        [Dense(3, UseBias = false, BiasInitializer = "no such thing")]
        public partial class BiasInitializerIgnoredWithoutBias;
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
