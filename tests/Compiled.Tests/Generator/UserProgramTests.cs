using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Tests.Generator;

/// <summary>
/// Ordinary and unusual programs a user writes: each builds with either a clean generated file or CMP diagnostics on the
/// user's code; never an error inside generated code, never CMP999, never the generator's output dropped (CS8785).
/// </summary>
public class UserProgramTests
{
    [Theory]
    [InlineData("[Sequential(Input = 4)] [Dense(3)] public partial class Mlp; [Sequential(Input = 4)] [Dense(2)] public partial class MLP;")]
    [InlineData("namespace @event { [Sequential(Input = 4)] [Dense(3)] public partial class @class; }")]
    [InlineData("public partial class @static { [Sequential(Input = 4)] [Dense(3)] public partial class Inner; }")]
    [InlineData("[Sequential(Input = 4)] [Dense(3)] file partial class Local;")]
    [InlineData("[Sequential(InputShape = new[] { 2, 3 })] [Flatten] public partial class OnlyFlatten;")]
    [InlineData("[Sequential(InputShape = new[] { 2, 3 })] [Reshape(new[] { 3, 2 })] public partial class OnlyReshape;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3, Name = \"losses\")] [Dense(2, Name = \"loss_weights\")] public partial class ReservedLayerNames;")]
    [InlineData("[Sequential(Input = 4)] [Reshape(new[] { 2147483647, 2147483647, 2147483647, -1 })] public partial class OverflowingReshape;")]
    [InlineData("[Sequential(Input = 4)] [Dense(3, KernelInitializer = nameof(Init))] public partial class NullStaticInit { public static Compiled.Initializer Init = null!; }")]
    public void Builds_clean_or_with_cmp_diagnostics_only(string source)
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n" + source);

        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CMP999" or "CS8785");
        Diagnostic[] inGenerated = run.CompilationErrors.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToArray();
        Assert.True(inGenerated.Length == 0, string.Join("\n", inGenerated.Select(d => d.ToString())) + "\n" + string.Join("\n", run.Diagnostics));
        Assert.True(run.Sources.Length > 0 || run.Diagnostics.Any(d => d.Id.StartsWith("CMP", StringComparison.Ordinal)), "no output and no diagnostic: " + string.Join("\n", run.Diagnostics));
    }

    [Fact]
    public void A_model_of_reshapes_only_predicts_its_input_in_the_new_shape()
    {
        System.Reflection.Assembly assembly = GeneratedAssembly.Load("using Compiled;\n[Sequential(InputShape = new[] { 2, 3 })] [Flatten] public partial class OnlyFlatten;");
        var model = (Model)Activator.CreateInstance(assembly.GetType("OnlyFlatten")!, 1)!;
        float[] x = [1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6];

        Assert.Equal(x, model.Predict(x));
        Assert.Equal([6], model.OutputShape.ToArray());
    }

    [Fact]
    public void Two_models_whose_names_differ_only_in_case_are_both_generated()
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n[Sequential(Input = 4)] [Dense(3)] public partial class Mlp; [Sequential(Input = 4)] [Dense(2)] public partial class MLP;");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Equal(2, run.Sources.Length);
    }

    [Theory]
    [InlineData("losses")]
    [InlineData("loss_weights")]
    [InlineData("weights_of")]
    public void A_layer_named_like_a_member_of_every_model_is_refused(string name)
    {
        GeneratorRun run = GeneratorHarness.Run($"using Compiled;\n[Sequential(Input = 4)] [Dense(3, Name = \"{name}\")] public partial class Shadowing;");

        Assert.Contains(run.Diagnostics, d => d.Id == "CMP013" && d.GetMessage().Contains("would clash with member"));
    }

    [Fact]
    public void A_null_static_initializer_is_refused_naming_the_member()
    {
        System.Reflection.Assembly assembly = GeneratedAssembly.Load(
            "using Compiled;\n[Sequential(Input = 4)] [Dense(3, KernelInitializer = nameof(Init))] public partial class NullStaticInit { public static Initializer Init = null!; }");

        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(assembly.GetType("NullStaticInit")!, 1)).InnerException;

        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("NullStaticInit.Init", error!.Message);
    }

    [Fact]
    public void A_batch_too_large_for_a_layer_s_buffer_is_refused_naming_the_layer_and_the_limit()
    {
        System.Reflection.Assembly assembly = GeneratedAssembly.Load("using Compiled;\n[Sequential(Input = 1)] [RepeatVector(100_000_000)] [GlobalAveragePooling1D] public partial class VeryWide;");
        var model = (Model)Activator.CreateInstance(assembly.GetType("VeryWide")!, 1)!;

        var error = Assert.Throws<InvalidOperationException>(() => model.Predict(new float[32]));

        Assert.Contains("a batch of 32 sample(s) needs 3,200,000,000 values in one buffer of layer 'repeat_vector' (100,000,000 per sample)", error.Message);
        Assert.Contains("use batches of at most 21 sample(s)", error.Message);
    }

    [Fact]
    public void Outputs_too_many_for_one_array_are_refused_naming_the_sizes()
    {
        System.Reflection.Assembly assembly = GeneratedAssembly.Load("using Compiled;\n[Sequential(Input = 1)] [RepeatVector(100_000_000)] public partial class VeryLongOutput;");
        var model = (Model)Activator.CreateInstance(assembly.GetType("VeryLongOutput")!, 1)!;

        var error = Assert.Throws<ArgumentException>(() => model.Predict(new float[32]));

        Assert.Contains("32 sample(s) give 3,200,000,000 output values (100,000,000 each)", error.Message);
    }

    [Fact]
    public void A_functional_model_under_csharp_12_is_one_diagnostic_naming_the_version_and_no_generated_code()
    {
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12);
        const string source = "using Compiled;\n[Functional(nameof(Out))] public partial class Old { [Input(4)] public partial LayerInfo In { get; } [Dense(2, Input = nameof(In))] public partial LayerInfo Out { get; } }\n[Sequential(Input = 4)] [Dense(3)] public partial class StillFine;";
        CSharpCompilation compilation = GeneratorHarness.Compile().AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, parse, path: "Old.cs"));
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create([new Compiled.Generator.ModelGenerator().AsSourceGenerator()], parseOptions: parse);

        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);

        Diagnostic error = Assert.Single(diagnostics);
        Assert.Equal("CMP090", error.Id);
        Assert.Contains("Functional model 'Old' declares its nodes as partial properties, which need C# 13 or later; the project compiles C# 12.0", error.GetMessage());
        Assert.Equal("Old", source.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
        Assert.Equal(["StillFine.108.g.cs"], driver.GetRunResult().GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)));
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void An_error_in_one_argument_of_a_functional_model_is_the_only_error()
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n[Functional(nameof(Out))] public partial class F { [Input(4)] public partial LayerInfo In { get; } [Dense(3, Input = nameof(In), Activation = Activation.Nope)] public partial LayerInfo A { get; } [Dense(3, Input = nameof(A))] public partial LayerInfo B { get; } [Dense(2, Input = nameof(B))] public partial LayerInfo Out { get; } }");

        Assert.Empty(run.Diagnostics);
        Assert.Equal("CS0117", Assert.Single(run.CompilationErrors).Id);
    }

    // Found by UserProgramPropertyTests: each a program that broke the build where it should have been one CMP error.

    [Fact]
    public void A_file_local_model_class_is_refused_rather_than_silently_left_ungenerated()
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n[Sequential(Input = 4)] [Dense(3)] file partial class Local { }");

        Diagnostic error = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP010", error.Id);
        Assert.Contains("Model class 'Local' is file-local ('file')", error.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_file_local_functional_model_gets_no_stubs_in_a_type_of_its_own()
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n[Functional(nameof(Out))] file partial class Local { [Input(4)] public partial LayerInfo In { get; } [Dense(2, Input = nameof(In))] public partial LayerInfo Out { get; } }");

        Assert.Equal("CMP010", Assert.Single(run.Diagnostics).Id);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("public partial class Outer { [Functional(nameof(Out))] public partial class Mlp { [Input(4)] public partial LayerInfo In { get; } [Dense(2, Input = nameof(In))] public partial LayerInfo Out { get; } } }", "N.Outer.Mlp.")]
    [InlineData("[Functional(nameof(Out))] public partial class Mlp<T> { [Input(4)] public partial LayerInfo In { get; } [Dense(2, Input = nameof(In))] public partial LayerInfo Out { get; } }", "N.Mlp`1.")]
    public void A_refused_functional_model_named_like_another_model_gets_a_file_of_its_own(string refused, string refusedFile)
    {
        GeneratorRun run = GeneratorHarness.Run($"using Compiled;\nnamespace N {{ {refused} [Sequential(Input = 4)] [Dense(3)] public partial class Mlp {{ }} }}");

        Assert.Null(run.Exception);
        Assert.Equal("CMP010", Assert.Single(run.Diagnostics).Id);
        Assert.Empty(run.CompilationErrors);
        Assert.Equal(2, run.Sources.Length);
        Assert.Contains(run.Sources, s => s.HintName.StartsWith(refusedFile, StringComparison.Ordinal));
        Assert.Contains(run.Sources, s => s.HintName.StartsWith("N.Mlp.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_functional_model_nested_in_a_class_not_declared_partial_gets_no_stubs_that_would_break_that_class()
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\npublic class Plain { [Functional(nameof(Out))] public partial class F { [Input(4)] public partial LayerInfo In { get; } [Dense(2, Input = nameof(In))] public partial LayerInfo Out { get; } } }");

        Assert.Equal("CMP010", Assert.Single(run.Diagnostics).Id);
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.CompilationErrors, d => d.Id == "CS0260");
    }

    [Fact]
    public void A_nullable_node_property_is_refused_and_its_stub_keeps_its_signature()
    {
        const string source = "#nullable enable\nusing Compiled;\n[Functional(nameof(Out))] public partial class F { [Input(4)] public partial LayerInfo In { get; } [Dense(2, Input = nameof(In))] public partial LayerInfo? Out { get; } }";
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out Compilation output, out var diagnostics);

        Assert.Equal("CMP025", Assert.Single(diagnostics).Id);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
    }

    [Theory]
    [InlineData("equals")]
    [InlineData("get_hash_code")]
    [InlineData("to_string")]
    [InlineData("memberwise_clone")]
    public void A_layer_named_like_a_member_of_every_object_is_refused(string name)
    {
        GeneratorRun run = GeneratorHarness.Run($"using Compiled;\n[Sequential(Input = 4)] [ReLU(Name = \"{name}\")] public partial class Hiding {{ }}");

        Diagnostic error = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP013", error.Id);
        Assert.Contains("would hide member", error.GetMessage());
    }

    [Theory]
    [InlineData("public static int Architecture => 0;", "declares 'Architecture', which the generator writes")]
    [InlineData("public static int ParameterArray => 0;", "declares 'ParameterArray', which hides member 'ParameterArray' that every model inherits from Compiled.Model")]
    [InlineData("public int Predict;", "declares 'Predict', which hides member 'Predict'")]
    [InlineData("protected static int RandomSeed() => 1;", "declares 'RandomSeed', which hides member 'RandomSeed'")]
    public void A_member_of_the_user_s_that_the_generated_code_would_bind_to_or_clash_with_is_refused(string member, string message)
    {
        GeneratorRun run = GeneratorHarness.Run($"using Compiled;\n[Sequential(Input = 4)] [Dense(3)] public partial class Own {{ {member} }}");

        Diagnostic error = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP010", error.Id);
        Assert.Contains(message, error.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Overloads_and_overrides_of_inherited_members_are_the_user_s_to_write()
    {
        GeneratorRun run = GeneratorHarness.Run("using Compiled;\n[Sequential(Input = 4)] [Dense(3)] public partial class Own { public float[] Predict(string path) => []; public override string ToString() => \"own\"; public bool Equals(Own other) => true; }");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
    }

    [Theory]
    [InlineData("[Sequential(Input = int.MaxValue)] [BatchNormalization] [Activation(Activation.Tanh)] public partial class Wide { }")]
    [InlineData("[Functional(nameof(Out))] public partial class Wide { [Input(int.MaxValue)] public partial LayerInfo In { get; } [BatchNormalization(Input = nameof(In))] public partial LayerInfo Out { get; } }")]
    public void Weights_that_add_up_past_one_buffer_are_a_size_error_on_the_layer_rather_than_a_generator_failure(string source)
    {
        string text = "using Compiled;\n" + source;
        GeneratorRun run = GeneratorHarness.Run(text);

        Diagnostic error = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP011", error.Id);
        Assert.Contains("' (its trainable weights together) needs 4,294,967,294 values", error.GetMessage());
        Assert.StartsWith("BatchNormalization", text.Substring(error.Location.SourceSpan.Start));
    }
}
