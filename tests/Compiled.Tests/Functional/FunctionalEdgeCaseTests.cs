using Compiled;
using Compiled.Tests.Generator;
using Compiled.Tests.Training;
using Microsoft.CodeAnalysis;

namespace Compiled.Tests.Functional;

/// <summary>Inputs listed in another order than they are declared: a sample holds Second then First.</summary>
[Functional(nameof(Out), Inputs = new[] { nameof(Second), nameof(First) })]
public partial class ReviewReorderedInputsNet
{
    [Input(1)] public partial LayerInfo First { get; }
    [Input(2)] public partial LayerInfo Second { get; }
    [Concatenate(nameof(First), nameof(Second))] public partial LayerInfo Joined { get; }
    [Dense(1, Input = nameof(Joined), UseBias = false)] public partial DenseWeights Out { get; }
}

/// <summary>The first output is the logits of the second, a Softmax layer.</summary>
[Functional(nameof(Scores), nameof(Probabilities))]
public partial class ReviewLogitsAlsoOutputNet
{
    [Input(4)] public partial LayerInfo Features { get; }
    [Dense(3, Input = nameof(Features))] public partial DenseWeights Scores { get; }
    [Softmax(Input = nameof(Scores))] public partial LayerInfo Probabilities { get; }
}

/// <summary>A final Concatenate named "output", as Keras users often name their output layer.</summary>
[Functional(nameof(Joined))]
public partial class ReviewOutputNamedOutputNet
{
    [Input(4)] public partial LayerInfo Features { get; }
    [Dense(2, Input = nameof(Features))] public partial DenseWeights A { get; }
    [Dense(3, Input = nameof(Features))] public partial DenseWeights B { get; }
    [Concatenate(nameof(A), nameof(B), Name = "output")] public partial LayerInfo Joined { get; }
}

/// <summary>Edge cases of functional models found in review: each failed before its fix.</summary>
public class FunctionalEdgeCaseTests
{
    [Fact]
    public void Onnx_export_of_a_model_whose_output_layer_is_named_output_loads_in_onnx_runtime()
    {
        var model = new ReviewOutputNamedOutputNet(seed: 1);
        float[] x = { 0.5f, -1f, 2f, 0.25f };
        float[] expected = model.Predict(x);
        string path = Path.Combine(Path.GetTempPath(), $"review-{Guid.NewGuid():N}.onnx");
        try
        {
            Compiled.Onnx.OnnxExport.ExportOnnx(model, path);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            using var results = session.Run([Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("input", new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x, new[] { 1, 4 }))]);
            Assert.Equal(expected, results.Single().AsEnumerable<float>().ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_reference_to_a_node_whose_attribute_has_a_compiler_error_raises_no_CMP018()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Out))]
            public partial class BadAttribute
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(8, Input = nameof(Features), Activation = Activation.Nope)] public partial LayerInfo Hidden { get; }
                [Dense(3, Input = nameof(Hidden))] public partial LayerInfo Out { get; }
            }
            """);
        Assert.Null(run.Exception);
        Assert.True(run.Diagnostics.IsEmpty, Errors(run));
    }

    [Fact]
    public void An_abstract_model_with_Compiled_Hdf5_referenced_compiles_or_is_diagnosed()
    {
        string source = """
            using Compiled;
            [Functional(nameof(Out))]
            public abstract partial class AbstractNet
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
            }
            [Sequential(Input = 4)]
            [Dense(3)]
            public abstract partial class AbstractSequential;
            [Sequential(Input = 4)]
            [Dense(3)]
            public partial class ConcreteSequential;
            """;
        var baseline = GeneratorHarness.Compile(source);
        var compilation = baseline.AddReferences(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(Compiled.Hdf5.KerasHdf5).Assembly.Location));
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0 || diagnostics.Any(d => d.Id.StartsWith("CMP")), string.Join("\n", errors.Concat(diagnostics)));
        // Load must create an instance, so an abstract model class gets none (as the README says).
        foreach (string name in new[] { "AbstractNet", "AbstractSequential" })
            Assert.Empty(output.GetTypeByMetadataName(name)!.GetMembers("Load"));
        Assert.Single(output.GetTypeByMetadataName("ConcreteSequential")!.GetMembers("Load"));
    }

    [Fact]
    public void Explicit_Inputs_order_is_the_order_a_sample_is_read_in()
    {
        var model = new ReviewReorderedInputsNet(seed: 1);
        // Out = First: kernel rows are Joined's features (First, Second[0], Second[1]).
        model.Out.Kernel[0] = 1f;
        model.Out.Kernel[1] = 0f;
        model.Out.Kernel[2] = 0f;
        // The generated Predict takes the inputs in the model's input order: Second, then First.
        ReviewReorderedInputsNet.OutputSample result = model.Predict(new ReviewReorderedInputsNet.SecondSample(10f, 20f), new ReviewReorderedInputsNet.FirstSample(5f));
        Assert.Equal(new[] { "second", "first" }, model.InputLayerNames);
        Assert.Equal(5f, result[0]);
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("categorical_crossentropy")]
    public void An_output_that_is_the_logits_of_another_output_gets_both_losses_gradients(string loss)
        => CheckMultiOutputGradients(new ReviewLogitsAlsoOutputNet(seed: 3), Loss.FromName(loss), batch: 4,
            clip: new Dictionary<string, bool> { ["scores"] = true, ["probabilities"] = false });

    [Fact]
    public void An_output_and_a_reshape_of_it_cannot_both_be_outputs()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Out), nameof(Folded))]
            public partial class OutputAndItsReshape
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(4, Input = nameof(Features))] public partial DenseWeights Out { get; }
                [Reshape(2, 2, Input = nameof(Out))] public partial LayerInfo Folded { get; }
            }
            """);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP026", diagnostic.Id);
        Assert.Contains("Outputs 'Out' and 'Folded' hold the same values", diagnostic.GetMessage());
        Assert.DoesNotContain(run.CompilationErrors, e => e.Id == "CS9248");
    }

    /// <summary>Sum over outputs of each output's loss (MSE, or CCE clipped where the model cannot fuse), against the generated gradients.</summary>
    internal static void CheckMultiOutputGradients(Model model, Loss loss, int batch, Dictionary<string, bool> clip, float[]? x = null)
    {
        var reference = new GraphReference(model);
        var random = new SeededRandom(29);
        int inputSize = model.InputShape.ToArray().Aggregate(1, (p, d) => p * d);
        int outputSize = model.OutputShape.ToArray().Aggregate(1, (p, d) => p * d);
        // Gaussian inputs unless the caller gives its own (token indices for an Embedding).
        x ??= Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = new float[batch * outputSize];
        int offset = 0;
        List<(string Name, int Offset, int Size, int Width)> heads = new();
        foreach (ModelOutput output in model.Outputs)
        {
            int size = output.Shape.ToArray().Aggregate(1, (p, d) => p * d), width = output.Shape[^1];
            heads.Add((output.Name, offset, size, width));
            for (int b = 0; b < batch; b++)
                for (int r = 0; r < size / width; r++)
                    y[b * outputSize + offset + r * width + random.NextInt(width)] = 1f;
            offset += size;
        }
        model.Compile(loss, new NoUpdate());
        double reported = model.TrainOnBatch(x, y).Loss;
        double[] xd = x.Select(v => (double)v).ToArray();

        double Objective(double[] p)
        {
            Dictionary<string, double[]> values = reference.ForwardAll(xd, p, batch);
            double total = 0;
            foreach ((string name, int headOffset, int size, int width) in heads)
            {
                double[] target = Enumerable.Range(0, batch).SelectMany(b => y.Skip(b * outputSize + headOffset).Take(size)).Select(v => (double)v).ToArray();
                double[] predicted = values[name];
                if (loss is CategoricalCrossentropyLoss)
                    total += ReferenceNetwork.CategoricalCrossentropy(predicted, target, width, clip.TryGetValue(name, out bool c) && c) / (size / width);
                else
                    total += predicted.Select((v, i) => (v - target[i]) * (v - target[i])).Sum() / predicted.Length;
            }
            return total;
        }

        FiniteDifferences.AssertGradientsMatch(model, reported, Objective, $"{loss.GetType().Name}: ");
    }

    // ---- generator cases ----------------------------------------------------------------------

    private static GeneratorRun Generate(string body) => GeneratorHarness.Run("using Compiled;\n\n" + body);

    /// <summary>The generator did not throw, and the result either builds or a CMP diagnostic says why it does not.</summary>
    private static void AssertCompilesOrIsDiagnosed(GeneratorRun run)
    {
        Assert.Null(run.Exception);
        Assert.True(run.CompilationErrors.IsEmpty || run.Diagnostics.Any(d => d.Id.StartsWith("CMP")), Errors(run));
    }

    private static string Errors(GeneratorRun run)
        => string.Join("\n", run.Diagnostics.Select(d => d.ToString()).Concat(run.CompilationErrors.Select(d => d.ToString())))
           + (run.Exception is null ? "" : "\n" + run.Exception);

    [Theory]
    [InlineData("Sample")]
    [InlineData("Values")]
    [InlineData("All")]
    public void A_multi_output_model_whose_output_is_named_like_a_local_of_Predict_compiles(string name)
    {
        GeneratorRun run = Generate($$"""
            [Functional(nameof({{name}}), nameof(Other))]
            public partial class NamedOutputs
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(2, Input = nameof(Features))] public partial LayerInfo {{name}} { get; }
                [Dense(2, Input = nameof(Features))] public partial LayerInfo Other { get; }
            }
            """);
        Assert.True(run.Exception is null && run.CompilationErrors.IsEmpty && run.Diagnostics.IsEmpty, Errors(run));
    }

    [Theory]
    [InlineData("Sample")]
    [InlineData("Values")]
    public void A_multi_input_model_whose_input_is_named_like_a_local_of_Predict_compiles(string name)
    {
        GeneratorRun run = Generate($$"""
            [Functional(nameof(Out))]
            public partial class NamedInputs
            {
                [Input(2)] public partial LayerInfo {{name}} { get; }
                [Input(2)] public partial LayerInfo Other { get; }
                [Add(nameof({{name}}), nameof(Other))] public partial LayerInfo Sum { get; }
                [Dense(2, Input = nameof(Sum))] public partial LayerInfo Out { get; }
            }
            """);
        Assert.True(run.Exception is null && run.CompilationErrors.IsEmpty && run.Diagnostics.IsEmpty, Errors(run));
    }

    [Fact]
    public void An_input_node_named_Input_in_a_two_input_model_compiles_or_is_diagnosed()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Out))]
            public partial class InputNamedInput
            {
                [Input(2)] public partial LayerInfo Input { get; }
                [Input(2)] public partial LayerInfo Other { get; }
                [Add(nameof(Input), nameof(Other))] public partial LayerInfo Sum { get; }
                [Dense(2, Input = nameof(Sum))] public partial LayerInfo Out { get; }
            }
            """);
        AssertCompilesOrIsDiagnosed(run);
    }

    [Fact]
    public void A_user_field_named_like_the_gradient_scratch_compiles_or_is_diagnosed()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Out))]
            public partial class ScratchClash
            {
                private float[] _gradientScratch = new float[1];
                public int Touch => _gradientScratch.Length;
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(3, Input = nameof(Features))] public partial LayerInfo Hidden { get; }
                [Subtract(nameof(Hidden), nameof(Hidden))] public partial LayerInfo Zero { get; }
                [Concatenate(nameof(Hidden), nameof(Zero))] public partial LayerInfo Out { get; }
            }
            """);
        AssertCompilesOrIsDiagnosed(run);
    }

    [Theory]
    [InlineData("""
        public partial class Outer
        {
            [Functional(nameof(Out))]
            public partial class NestedNet
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
            }
        }
        """)]
    [InlineData("""
        [Functional(nameof(Out))]
        public partial class GenericNet<T>
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("""
        [Functional(nameof(Out))]
        public partial record RecordNet
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    [InlineData("""
        [Sequential(Input = 4)]
        [Functional(nameof(Out))]
        public partial class BothNet
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
        }
        """)]
    public void A_rejected_functional_class_has_only_the_generators_error(string source)
    {
        GeneratorRun run = Generate(source);
        Assert.Null(run.Exception);
        Assert.Contains(run.Diagnostics, d => d.Id == "CMP010");
        Assert.True(run.CompilationErrors.IsEmpty, Errors(run));
    }


    [Fact]
    public void Keyword_named_node_properties_compile()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(@out))]
            public partial class KeywordNodes
            {
                [Input(4)] public partial LayerInfo @in { get; }
                [Dense(3, Input = nameof(@in))] public partial LayerInfo @out { get; }
            }
            """);
        AssertCompilesOrIsDiagnosed(run);
    }

    [Fact]
    public void Node_properties_differing_only_in_case_compile_or_are_diagnosed()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Out))]
            public partial class CaseTwins
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Dense(3, Input = nameof(Features), Name = "first")] public partial LayerInfo Hidden { get; }
                [Dense(3, Input = nameof(Features), Name = "second")] public partial LayerInfo hidden { get; }
                [Add(nameof(Hidden), nameof(hidden))] public partial LayerInfo Out { get; }
            }
            """);
        AssertCompilesOrIsDiagnosed(run);
    }

    [Fact]
    public void A_parameter_free_output_and_its_reshape_both_outputs_compile()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Sum), nameof(Flat), nameof(Out))]
            public partial class ParameterFreeOutputs
            {
                [Input(2, 2)] public partial LayerInfo F { get; }
                [Input(2, 2)] public partial LayerInfo G { get; }
                [Add(nameof(F), nameof(G))] public partial LayerInfo Sum { get; }
                [Flatten(Input = nameof(Sum))] public partial LayerInfo Flat { get; }
                [Dense(3, Input = nameof(Flat))] public partial LayerInfo Out { get; }
            }
            """);
        AssertCompilesOrIsDiagnosed(run);
    }

    [Fact]
    public void A_node_property_with_a_private_setter_has_only_CMP025()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Out))]
            public partial class WithSetter
            {
                [Input(4)] public partial LayerInfo Features { get; private set; }
                [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
            }
            """);
        Assert.Null(run.Exception);
        Assert.Contains(run.Diagnostics, d => d.Id == "CMP025");
        Assert.True(run.CompilationErrors.IsEmpty, Errors(run));
    }

    [Fact]
    public void An_input_in_Inputs_that_no_output_uses_is_not_called_left_out()
    {
        GeneratorRun run = Generate("""
            [Functional(nameof(Out))]
            public partial class SpareInput
            {
                [Input(4)] public partial LayerInfo Features { get; }
                [Input(2)] public partial LayerInfo Spare { get; }
                [Dense(3, Input = nameof(Features))] public partial LayerInfo Out { get; }
            }
            """);
        string generated = run.Sources.Single().SourceText.ToString();
        Diagnostic? warning = run.Diagnostics.FirstOrDefault(d => d.Id == "CMP024");
        bool spareIsInTheModel = generated.Contains("public const int InputSize = 6;");
        Assert.False(spareIsInTheModel && warning is not null && warning.GetMessage().Contains("left out of the model"),
            $"{warning?.GetMessage()}; yet InputSize is 6 and the summary lists 'spare'");
    }
}
