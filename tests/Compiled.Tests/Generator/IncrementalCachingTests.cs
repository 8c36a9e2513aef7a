using System.Collections;
using System.Reflection;
using Compiled.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Tests.Generator;

/// <summary>An edit that does not touch a model must not re-run any generator step, and step outputs must hold no Roslyn objects.</summary>
public class IncrementalCachingTests
{
    private const string Model = """
        using Compiled;

        namespace App;

        [Sequential(Input = 4)]
        [Dense(16, Activation = Activation.Relu)]
        [Dense(3, Activation = Activation.Softmax, KernelInitializer = nameof(Init))]
        public partial class IrisNet
        {
            private static readonly RandomNormal Init = new(0, 0.1, seed: 3);
        }
        """;

    // Every kind's configuration record takes part in the models' equality: image layers too.
    private const string ImageModel = """
        using Compiled;

        namespace App;

        [Sequential(InputShape = new[] { 12, 12, 1 })]
        [Conv2D(4, 3, Padding = Padding.Same, Strides = new[] { 2 }, Activation = Activation.Relu)]
        [BatchNormalization]
        [MaxPooling2D(2)]
        [ZeroPadding2D(1)]
        [Dropout(0.25)]
        [GlobalAveragePooling2D]
        [Dense(3, Activation = Activation.Softmax)]
        public partial class ImageNet;
        """;

    // And recurrent ones, whose configuration holds the bias initializer's record and a dropout rate.
    private const string SequenceModel = """
        using Compiled;

        namespace App;

        [Sequential(InputShape = new[] { 10, 3 })]
        [LSTM(8, ReturnSequences = true, GoBackwards = true, Dropout = 0.1, RecurrentActivation = Activation.HardSigmoid)]
        [LSTM(4, UseBias = false)]
        [Dense(3, Activation = Activation.Softmax)]
        public partial class SequenceNet;
        """;

    private const string FunctionalModel = """
        using Compiled;

        namespace App;

        [Functional(nameof(Probabilities))]
        public partial class ResidualNet
        {
            [Input(4)] public partial LayerInfo Features { get; }
            [Dense(8, Activation = Activation.Relu, Input = nameof(Features))] public partial DenseWeights Hidden { get; }
            [Dense(8, Input = nameof(Hidden))] public partial DenseWeights Block { get; }
            [Add(nameof(Hidden), nameof(Block))] public partial LayerInfo Residual { get; }
            [Dense(3, Activation = Activation.Softmax, Input = nameof(Residual))] public partial DenseWeights Probabilities { get; }
        }
        """;

    private const string Unrelated = """
        namespace App;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Model, ImageModel, SequenceModel, FunctionalModel, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Equal(4, driver.GetRunResult().Results.Single().GeneratedSources.Length);

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(unrelated,
            unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Unrelated.Replace("2 * x", "x + x"))));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in new[] { TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Models, TrackingNames.OrphanLayers, TrackingNames.KerasFiles })
        {
            IncrementalGeneratorRunStep[] runs = second.TrackedSteps[step].ToArray();
            Assert.NotEmpty(runs);
            // Roslyn re-runs ForAttributeWithMetadataName's transforms (Parse, OrphanLayers) whenever the compilation
            // changes, since another file can change what a symbol means; their equal results must stop the change
            // there. Every other step, the references-based one included, must not run at all.
            bool attributeTransform = step == TrackingNames.Parse || step == TrackingNames.OrphanLayers;
            Assert.All(runs.SelectMany(r => r.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached || attributeTransform && output.Reason is IncrementalStepRunReason.Unchanged,
                    $"step {step} output was {output.Reason}"));
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_an_unrelated_method_of_the_model_class_reruns_only_that_model()
    {
        // The model's own file changed, so its attribute's target is re-parsed; the equal model it yields
        // stops the change there, and the other model is not touched at all.
        const string withMethod = FunctionalModel + "\npublic partial class ResidualNet { public int Helper() => 1; }\n";
        CSharpCompilation compilation = GeneratorHarness.Compile(Model, withMethod);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree,
            tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(withMethod.Replace("=> 1;", "=> 2;"))));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(second.TrackedSteps[TrackingNames.Models].SelectMany(r => r.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"model step output was {output.Reason}"));
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_the_model_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Model);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree,
            tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Model.Replace("Dense(16", "Dense(32"))));

        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(second.TrackedSteps[TrackingNames.Models].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("(None, 32)", second.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Step_outputs_hold_no_symbols_syntax_or_compilations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Model, ImageModel, SequenceModel, FunctionalModel, "using Compiled; [Sequential] public partial class Broken;",
            "using Compiled; [Functional(nameof(Out))] public partial class BrokenGraph { [Dense(3, Input = \"x\")] public partial LayerInfo Out { get; } }");
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        string[] ours = { TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Models, TrackingNames.OrphanLayers, TrackingNames.Placeholders };
        foreach (IncrementalGeneratorRunStep step in result.TrackedSteps.Where(s => ours.Contains(s.Key)).SelectMany(s => s.Value))
            foreach ((object value, _) in step.Outputs)
                AssertNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step.Name ?? "?");
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which pins a compilation and defeats caching");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items) AssertNoRoslynObjects(item, seen, $"{path}[{i++}]");
            return;
        }
        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNoRoslynObjects(field.GetValue(value), seen, $"{path}.{field.Name}");
    }
}
