namespace Compiled.Tests.Generator;

public class GeneratedSourceSnapshotTests
{
    [Fact]
    public void IrisNet() => VerifySample("Iris/IrisNet.cs");

    [Fact]
    public void TutorialNet() => VerifySample("Tutorial/TutorialNet.cs");

    [Fact]
    public void MnistCnnNet() => VerifySample("MnistCnn/MnistCnnNet.cs");

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

    [Fact]
    public void Binary_classifier_ending_in_a_sigmoid()
    {
        // The output records its final sigmoid and hands out its logits, so binary cross-entropy can start from them.
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(Input = 6, Name = "spam_filter")]
            [Dense(8, Activation = Activation.Relu)]
            [Dense(1, Activation = Activation.Sigmoid)]
            partial class SpamFilter;
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Stacked_lstm_model()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 }, Name = "stacked_lstm")]
            [LSTM(8, ReturnSequences = true, GoBackwards = true)]
            [LSTM(4, UseBias = false, RecurrentActivation = Activation.HardSigmoid)]
            [Dense(2, Activation = Activation.Softmax)]
            partial class StackedLstm;
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Bidirectional_lstm_model()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 }, Name = "bidirectional_lstm")]
            [Bidirectional(MergeMode = MergeMode.Ave)]
            [LSTM(6, ReturnSequences = true)]
            [Bidirectional]
            [LSTM(4, Name = "encoder")]
            [Dense(2, Activation = Activation.Softmax)]
            partial class BiLstm;
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Gru_model()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 }, Name = "gru_model")]
            [GRU(8, ReturnSequences = true, GoBackwards = true, Dropout = 0.25)]
            [Bidirectional(MergeMode = MergeMode.Sum)]
            [GRU(6, ReturnSequences = true, ResetAfter = false)]
            [GRU(4, UseBias = false, RecurrentActivation = Activation.HardSigmoid)]
            [Dense(2, Activation = Activation.Softmax)]
            partial class GruModel;
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Stacked_and_bidirectional_SimpleRnn_model()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            [Sequential(InputShape = new[] { 5, 3 }, Name = "simple_rnn_stack")]
            [SimpleRNN(8, ReturnSequences = true, GoBackwards = true, Dropout = 0.2)]
            [Bidirectional(MergeMode = MergeMode.Sum)]
            [SimpleRNN(4, UseBias = false, Activation = Activation.Relu)]
            [Dense(2, Activation = Activation.Softmax)]
            partial class SimpleRnnStack;
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Branching_functional_model_with_two_inputs()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            namespace Shapes;

            [Functional(nameof(Probabilities), Name = "two_towers")]
            public partial class TwoTowers
            {
                [Input(4)] public partial LayerInfo Measurements { get; }
                [Input(2, 3)] internal partial LayerInfo Image { get; }
                [Dense(8, Activation = Activation.Relu, Input = nameof(Measurements))] public partial DenseWeights Hidden { get; }
                [Dense(8, Activation = Activation.Tanh, Input = nameof(Hidden))] public partial DenseWeights Block { get; }
                [Add(nameof(Hidden), nameof(Block))] public partial LayerInfo Residual { get; }
                [Flatten(Input = nameof(Image))] public partial LayerInfo Pixels { get; }
                [Maximum(nameof(Pixels), nameof(Pixels))] public partial LayerInfo Brightest { get; }
                [Concatenate(nameof(Residual), nameof(Brightest))] public partial LayerInfo Joined { get; }
                [Dense(3, Activation = Activation.Softmax, Input = nameof(Joined))] public partial DenseWeights Probabilities { get; }
            }
            """);
        AssertClean(run);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Embedding_and_repeat_vector_model()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Compiled;

            namespace Text;

            [Sequential(Input = 8, Name = "echo")]
            [Embedding(50, 4)]
            [GlobalAveragePooling1D]
            [Dense(6, Activation = Activation.Tanh)]
            [RepeatVector(3)]
            [Conv1D(2, 2)]
            [Flatten]
            [Dense(2, Activation = Activation.Softmax)]
            public partial class Echo;
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
