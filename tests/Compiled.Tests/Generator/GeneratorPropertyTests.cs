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

    // Mostly earlier nodes ("@1" is the node just before, "@2" the one before that, resolved when the source is
    // built), so that many graphs are valid and the emitter's output gets compiled too; sometimes a later node
    // (a cycle), a missing one or a member that is not a node.
    private static readonly Gen<string> NodeReference = Gen.Frequency(
        (12, Gen.OneOf("@1", "@1", "@2", "nameof(I0)", "nameof(I1)")),
        (1, Gen.OneOf("nameof(N3)", "nameof(N9)", "\"Missing\"", "nameof(Count)", "\"\"")));

    private static readonly Gen<string> Units = Gen.Frequency((8, Gen.OneOf("3", "8", "16")), (1, Gen.OneOf("0", "-1", "int.MaxValue")));

    private static readonly Gen<string> NodeLayer = Gen.OneOf(
        Gen.Select(Units, ActivationValue, NodeReference, (units, activation, input) => $"[Dense({units}, Activation = {activation}, Input = {input})]"),
        NodeReference.Select(input => $"[ReLU(Input = {input})]"),
        Gen.Select(Gen.Frequency((6, Gen.Const(-1)), (1, Gen.Int[-3, 3])), NodeReference, (axis, input) => $"[Softmax(Axis = {axis}, Input = {input})]"),
        NodeReference.Select(input => $"[Flatten(Input = {input})]"),
        Gen.Select(Gen.OneOf("2, 4", "-1", "8", "-1, -1", "0", "3, -1", "65536, 65536"), NodeReference, (shape, input) => $"[Reshape({shape}, Input = {input})]"),
        Gen.Select(Gen.OneOf("Add", "Subtract", "Multiply", "Average", "Maximum"), Gen.Frequency((6, NodeReference.Array[2, 2]), (1, NodeReference.Array[0, 4])),
            (merge, inputs) => $"[{merge}({string.Join(", ", inputs)})]"),
        Gen.Select(Gen.Frequency((6, NodeReference.Array[2, 3]), (1, NodeReference.Array[0, 1])), Gen.Frequency((6, Gen.Const(-1)), (1, Gen.Int[-3, 3])), (inputs, axis) => $"[Concatenate({string.Join(", ", inputs)}{(inputs.Length > 0 ? ", " : "")}Axis = {axis})]"),
        Gen.OneOf("[Dense(3)]", "[Input(4)]", "[Dense(3, Input = nameof(I0))] [ReLU(Input = nameof(I0))]", "[Dense(3, Input = @1)]", "[Dense(3, Activation = Activation.Softmax, Input = @1)]"));

    private static readonly Gen<string> NodeProperty = Gen.Frequency(
        (30, Gen.OneOf("public partial LayerInfo", "internal partial LayerInfo", "private partial LayerInfo")),
        (1, Gen.OneOf("public partial DenseWeights", "public LayerInfo", "public partial int", "public static partial LayerInfo")));

    private static readonly Gen<string> InputShape = Gen.Frequency((8, Gen.OneOf("4", "2, 4", "8", "4, 2")), (1, Gen.OneOf("0", "65536, 65536")));

    private static readonly Gen<string> Outputs = Gen.Frequency(
        (8, Gen.Const("LAST")),
        (2, Gen.OneOf("", "nameof(N0)", "nameof(I0)", "\"Missing\"", "nameof(N0), nameof(N1)")));

    private static readonly Gen<string> FunctionalSource = Gen.Select(
        Gen.Select(InputShape, InputShape, (a, b) => (a, b)),
        Gen.Select(NodeLayer, NodeProperty).Array[4, 6],
        Outputs,
        Gen.Frequency((6, Gen.Const("")), (1, Gen.OneOf(", Inputs = new[] { nameof(I0) }", ", Inputs = new[] { nameof(N0) }", ", Name = \"g\""))),
        (inputs, nodes, outputs, extra) =>
        {
            outputs = outputs.Replace("LAST", $"nameof(N{nodes.Length - 1})");
            static string Resolve(string text, int index) => text
                .Replace("@1", index >= 1 ? $"nameof(N{index - 1})" : "nameof(I0)")
                .Replace("@2", index >= 2 ? $"nameof(N{index - 2})" : "nameof(I1)");
            return "using Compiled;\n" + $"[Functional({outputs}{(outputs.Length > 0 ? extra : extra.TrimStart(',', ' '))})]\n" + """
                public partial class G
                {
                    private static readonly int Count = 3;

                """ +
                $"    [Input({inputs.a})] public partial LayerInfo I0 {{ get; }}\n    [Input({inputs.b})] public partial LayerInfo I1 {{ get; }}\n" +
                string.Join("\n", nodes.Select((n, i) => $"    {Resolve(n.Item1, i)} {n.Item2} N{i} {{ get; }}")) + "\n}\n";
        });

    [Fact]
    public void Functional_graphs_never_throw_and_never_break_the_build_silently()
    {
        int generated = 0;
        FunctionalSource.Sample(source =>
        {
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Null(run.Exception);
            if (run.Sources.Any(s => s.SourceText.ToString().Contains(": global::Compiled.Model"))) Interlocked.Increment(ref generated);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CMP999");
            if (run.CompilationErrors.IsEmpty) return;
            bool generatorReported = run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            // Partial properties without bodies are the generator's to implement, so they do not count as the user's mistake.
            bool userCodeBroken = GeneratorHarness.Compile(source).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS9248");
            Assert.True(generatorReported || userCodeBroken,
                $"generated code does not compile and nothing said why:\n{source}\n{string.Join("\n", run.CompilationErrors)}");
        }, iter: 400, seed: "0N0XIzNsQ0O2");
        // Random references rarely form a valid graph; enough do that the emitter's output is compiled too.
        Assert.True(generated >= 10, $"only {generated} of 400 random graphs produced a model");
    }

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
