using Microsoft.CodeAnalysis;

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
}
