namespace Compiled.Tests.Generator;

public class GeneratedSourceSnapshotTests
{
    [Fact]
    public void IrisNet()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            namespace Samples.Iris;

            [Sequential(Input = 4)]
            [Dense(16, Activation = Activation.Relu)]
            [Dense(3, Activation = Activation.Softmax)]
            public partial class IrisNet;
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void TutorialNet()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            namespace Samples.Tutorial;

            [Sequential(Input = 100)]
            [Dense(32, KernelInitializer = nameof(Rn))]
            [ReLU]
            [Dense(10, KernelInitializer = nameof(Rn))]
            [Softmax]
            public partial class TutorialNet
            {
                static readonly RandomNormal Rn = new(mean: 0, stddev: 1, seed: 42);
            }
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

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

    private static void AssertClean(GeneratorRun run)
    {
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
    }
}
