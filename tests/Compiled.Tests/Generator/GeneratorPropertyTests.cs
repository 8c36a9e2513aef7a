using CsCheck;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Generator;

/// <summary>
/// Random, malformed and extreme model declarations: the generator must never throw, and whenever the
/// result does not compile, an error must already have been reported (by the generator or, for the user's
/// own mistakes, by the compiler on the user's code alone).
/// </summary>
public class GeneratorPropertyTests
{
    private static readonly Gen<string> Size = Gen.OneOf("0", "-1", "1", "3", "16", "100000", "int.MaxValue", "65536");

    private static readonly Gen<string> ActivationValue = Gen.OneOf(
        "Activation.Linear", "Activation.Relu", "Activation.Sigmoid", "Activation.Tanh", "Activation.Softmax", "(Activation)9", "(Activation)(-1)");

    private static readonly Gen<string> InitializerValue = Gen.OneOf(
        "\"glorot_uniform\"", "\"he_normal\"", "\"zeros\"", "\"RandomNormal\"", "\"nope\"", "\"\"", "null", "nameof(Init)", "nameof(Count)", "nameof(Make)");

    private static readonly Gen<string> LayerName = Gen.OneOf(
        "", ", Name = \"dense\"", ", Name = \"hidden\"", ", Name = \"1bad\"", ", Name = \"loss\"", ", Name = \"layers\"", ", Name = \"a_b\"", ", Name = \"aB\"", ", Name = null", ", Name = \"name\"", ", Name = \"inputs\"", ", Name = \"parameter_count\"");

    private static readonly Gen<string> Layer = Gen.OneOf(
        Gen.Select(Size, ActivationValue, Gen.Bool, InitializerValue, LayerName,
            (units, activation, bias, init, name) => $"[Dense({units}, Activation = {activation}, UseBias = {(bias ? "true" : "false")}, KernelInitializer = {init}{name})]"),
        LayerName.Select(name => $"[ReLU({name.TrimStart(',', ' ')})]"),
        Gen.Select(Gen.Int[-4, 4], LayerName, (axis, name) => $"[Softmax(Axis = {axis}{name})]"),
        Gen.Select(ActivationValue, LayerName, (activation, name) => $"[Activation({activation}{name})]"),
        Gen.OneOf("[Dense]", "[Dense(\"x\")]", "[Softmax(Axis = \"last\")]"));

    private static readonly Gen<string> Header = Gen.OneOf(
        "[Sequential(Input = 4)]", "[Sequential(Input = 0)]", "[Sequential]", "[Sequential(InputShape = new[] { 3, 5 })]",
        "[Sequential(InputShape = new int[0])]", "[Sequential(Input = 4, InputShape = new[] { 4 })]", "[Sequential(InputShape = new[] { 65536, 65536 })]",
        "[Sequential(Input = 4, Name = \"m\")]", "[Sequential(Input = 4, Name = \"a\\rb\")]", "[Sequential(Input = 4, Name = \"\")]", "");

    private static readonly Gen<string> Declaration = Gen.OneOf(
        "public partial class M", "public class M", "public static partial class M", "public partial class M<T>",
        "public partial class M : System.Exception", "public partial record M", "internal sealed partial class M");

    private static readonly Gen<string> Source = Gen.Select(Header, Layer.Array[0, 5], Declaration, (header, layers, declaration) =>
        "using Compiled;\n" + header + "\n" + string.Join("\n", layers) + "\n" + declaration + """

        {
            private static readonly RandomNormal Init = new(0, 1, seed: 1);
            private static readonly int Count = 3;
            private static Initializer Make() => new Zeros();
            private float[] _denseOutput = new float[1];
        }
        """);

    [Fact]
    public void Never_throws_and_never_breaks_the_build_silently()
    {
        Source.Sample(source =>
        {
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Null(run.Exception);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CMP999");
            if (run.CompilationErrors.IsEmpty) return;
            bool generatorReported = run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            bool userCodeBroken = GeneratorHarness.Compile(source).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            Assert.True(generatorReported || userCodeBroken,
                $"generated code does not compile and nothing said why:\n{source}\n{string.Join("\n", run.CompilationErrors)}");
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }
}
