using Compiled.Tests.Functional;
using Compiled.Tests.Training;

namespace Compiled.Tests.Layers;

/// <summary>
/// Every layer kind the generator registers is covered on every side: its gradient is checked against float64
/// finite differences, the runtime has its description, and the generator's and the runtime's registries agree.
/// A kind added without one of these fails here.
/// </summary>
public class LayerKindCoverageTests
{
    /// <summary>For each kind, the test class that checks its backward pass against finite differences.</summary>
    private static readonly Dictionary<string, Type> s_gradientChecks = new()
    {
        ["Dense"] = typeof(ModelGradientCheckTests),
        ["ReLU"] = typeof(ModelGradientCheckTests),
        ["Softmax"] = typeof(ModelGradientCheckTests),
        ["Activation"] = typeof(ModelGradientCheckTests),
        ["Flatten"] = typeof(RandomGraphGradientTests),
        ["Reshape"] = typeof(RandomGraphGradientTests),
        ["InputLayer"] = typeof(RandomGraphGradientTests),
        ["Add"] = typeof(RandomGraphGradientTests),
        ["Subtract"] = typeof(RandomGraphGradientTests),
        ["Multiply"] = typeof(RandomGraphGradientTests),
        ["Average"] = typeof(RandomGraphGradientTests),
        ["Maximum"] = typeof(RandomGraphGradientTests),
        ["Concatenate"] = typeof(RandomGraphGradientTests),
        ["Conv2D"] = typeof(ConvolutionalGradientTests),
        ["Conv1D"] = typeof(ConvolutionalGradientTests),
        ["MaxPooling2D"] = typeof(ConvolutionalGradientTests),
        ["AveragePooling2D"] = typeof(ConvolutionalGradientTests),
        ["MaxPooling1D"] = typeof(ConvolutionalGradientTests),
        ["AveragePooling1D"] = typeof(ConvolutionalGradientTests),
        ["GlobalAveragePooling2D"] = typeof(ConvolutionalGradientTests),
        ["GlobalMaxPooling2D"] = typeof(ConvolutionalGradientTests),
        ["GlobalAveragePooling1D"] = typeof(ConvolutionalGradientTests),
        ["GlobalMaxPooling1D"] = typeof(ConvolutionalGradientTests),
        ["ZeroPadding2D"] = typeof(ConvolutionalGradientTests),
        ["BatchNormalization"] = typeof(ConvolutionalGradientTests),
        ["Dropout"] = typeof(ConvolutionalGradientTests),
        ["LSTM"] = typeof(LstmGradientTests),
        ["Embedding"] = typeof(EmbeddingTests),
        ["RepeatVector"] = typeof(RepeatVectorTests),
        ["Bidirectional"] = typeof(BidirectionalGradientTests),
        ["GRU"] = typeof(GruGradientTests),
        ["SimpleRNN"] = typeof(SimpleRnnGradientTests),
        ["Masking"] = typeof(MaskGradientTests),
        ["TimeDistributed"] = typeof(TimeDistributedTests),
    };

    private static IEnumerable<string> GeneratorKinds() => Compiled.Generator.Layers.LayerKinds.All.Select(k => k.KerasClass);

    [Fact]
    public void Every_generator_kind_has_its_gradient_checked()
        => Assert.Equal(GeneratorKinds().Order(StringComparer.Ordinal), s_gradientChecks.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_convolutional_gradient_checks_run_every_image_and_sequence_kind()
    {
        // The models those checks train, by the kinds their layers are.
        Model[] models =
        [
            new ValidConvolutionNet(seed: 1), new SameStridedConvolutionNet(seed: 1), new DilatedConvolutionNet(seed: 1),
            new SequenceConvolutionNet(seed: 1), new BatchNormalizationNet(seed: 1), new DropoutNet(seed: 1),
        ];
        HashSet<string> used = models.SelectMany(m => m.Architecture).Select(l => l.KerasClass).ToHashSet();
        string[] claimed = s_gradientChecks.Where(p => p.Value == typeof(ConvolutionalGradientTests)).Select(p => p.Key).ToArray();
        Assert.Equal([], claimed.Where(kind => !used.Contains(kind)).ToArray());
    }

    [Fact]
    public void The_lstm_gradient_checks_run_every_lstm_option()
    {
        // The models LstmGradientTests trains, and the settings of their LSTM layers.
        Model[] models =
        [
            new LastStepLstmNet(seed: 1), new SequenceLstmNet(seed: 1), new BackwardsLstmNet(seed: 1), new NoBiasLstmNet(seed: 1),
            new StackedLstmNet(seed: 1), new DropoutLstmNet(seed: 1), new BranchingLstmNet(seed: 1),
        ];
        LSTMLayer[] layers = models.SelectMany(m => m.Architecture).OfType<LSTMLayer>().ToArray();
        Assert.Contains(layers, l => l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.ReturnSequences && l.GoBackwards);
        Assert.Contains(layers, l => !l.UseBias);
        Assert.Contains(layers, l => l.Dropout > 0);
        Activation[] used = layers.SelectMany(l => new[] { l.Activation, l.RecurrentActivation }).Distinct().ToArray();
        Assert.Empty(new[] { Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear }.Except(used));
        // Unit counts below one 256-bit vector, between one and one 512-bit vector, and above it.
        Assert.Contains(layers, l => l.Units < 8);
        Assert.Contains(layers, l => l.Units > 8 && l.Units < 16);
        Assert.Contains(layers, l => l.Units > 16);
    }

    [Fact]
    public void The_bidirectional_gradient_checks_run_every_merge_mode_on_sequences_and_last_states()
    {
        // The models BidirectionalGradientTests trains, and their Bidirectional layers.
        Model[] models =
        [
            new ConcatLastBiLstmNet(seed: 1), new ConcatSequenceBiLstmNet(seed: 1), new SumSequenceBiLstmNet(seed: 1), new MulLastBiLstmNet(seed: 1),
            new MulSequenceBiLstmNet(seed: 1), new AveLastBiLstmNet(seed: 1), new AveSequenceBiLstmNet(seed: 1), new FunctionalBiLstmNet(seed: 1), new SumLastBiLstmNet(seed: 1),
        ];
        BidirectionalLayer[] layers = models.SelectMany(m => m.Architecture).OfType<BidirectionalLayer>().ToArray();
        foreach (MergeMode mode in Enum.GetValues<MergeMode>())
        {
            Assert.Contains(layers, l => l.MergeMode == mode && l.Layer.ReturnSequences);
            Assert.Contains(layers, l => l.MergeMode == mode && !l.Layer.ReturnSequences);
        }
        Assert.Contains(layers, l => l.Layer is LSTMLayer { RecurrentActivation: Activation.HardSigmoid });
    }

    [Fact]
    public void The_gru_gradient_checks_run_every_gru_option()
    {
        // The models GruGradientTests trains, and the settings of their GRU layers, alone or wrapped.
        Model[] models =
        [
            new LastStepGruNet(seed: 1), new SequenceGruNet(seed: 1), new BackwardsGruNet(seed: 1), new ResetBeforeGruNet(seed: 1),
            new HardSigmoidGruNet(seed: 1), new StackedGruNet(seed: 1), new DropoutGruNet(seed: 1),
        ];
        GRULayer[] layers = models.SelectMany(m => m.Architecture).OfType<GRULayer>().ToArray();
        foreach (bool resetAfter in (bool[])[true, false])
        {
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.ReturnSequences);
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && !l.ReturnSequences);
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.GoBackwards);
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.Dropout > 0);
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.RecurrentActivation == Activation.HardSigmoid);
            // Unit counts below one 256-bit vector, between one and one 512-bit vector, and above it.
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.Units < 8);
            Assert.Contains(layers, l => l.ResetAfter == resetAfter && l.Units > 8);
        }
        Assert.Contains(layers, l => !l.UseBias);
        Assert.Contains(layers, l => l.Units > 16);
        Activation[] used = layers.SelectMany(l => new[] { l.Activation, l.RecurrentActivation }).Distinct().ToArray();
        Assert.Empty(new[] { Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.Relu, Activation.Linear }.Except(used));

        Model[] wrapping = [new ConcatLastBiGruNet(seed: 1), new ConcatSequenceBiGruNet(seed: 1), new SumSequenceBiGruNet(seed: 1),
            new AveLastBiGruNet(seed: 1), new MulLastBiGruNet(seed: 1)];
        BidirectionalLayer[] wrappers = wrapping.SelectMany(m => m.Architecture).OfType<BidirectionalLayer>().ToArray();
        Assert.All(wrappers, w => Assert.IsType<GRULayer>(w.Layer));
        Assert.Equal(Enum.GetValues<MergeMode>().Order(), wrappers.Select(w => w.MergeMode).Distinct().Order());
        Assert.Contains(wrappers, w => !((GRULayer)w.Layer).ResetAfter);
    }

    [Fact]
    public void The_runtime_describes_every_generator_kind()
        => Assert.Equal(GeneratorKinds().Order(StringComparer.Ordinal), LayerKinds.KerasClasses.Order(StringComparer.Ordinal));
}
