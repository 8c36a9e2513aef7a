namespace Compiled.Tests.Generator;

public class GeneratedSourceSnapshotTests
{
    [Fact]
    public void IrisNet() => VerifySample("Iris/IrisNet.cs");

    [Fact]
    public void TutorialNet() => VerifySample("Tutorial/TutorialNet.cs");

    [Fact]
    public void Sequence_model_with_every_activation_and_no_bias()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 8 }, Name = "tagger")]
            [Dense(6, Activation = Activation.Tanh, UseBias = false, KernelInitializer = "he_normal")]
            [Activation(Activation.Sigmoid, Name = "gate")]
            [Dense(4, Activation = Activation.Linear, BiasInitializer = "ones")]
            [Activation(Activation.Linear)]
            [Softmax(Axis = 2)]
            partial class Tagger;
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    /// <summary>Snapshots what the generator writes for a sample's model file, exactly as the sample has it.</summary>
    private static void VerifySample(string relativePath, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        GeneratorRun run = GeneratorHarness.Run(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", relativePath)));
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString(), method: method);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    private static void AssertClean(GeneratorRun run)
    {
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
    }
}
