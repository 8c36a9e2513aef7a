using Compiled.Hdf5;
using Compiled.Tests.Hdf5;
using Compiled.Tests.Training;

namespace Compiled.Tests.Losses;

[Sequential(Input = 4)]
[Dense(5, Activation = Activation.Tanh)]
[Dense(3, Activation = Activation.Softmax)]
public partial class SoftmaxHeadNet;

[Sequential(Input = 4)]
[Dense(5, Activation = Activation.Tanh)]
[Dense(3)]
public partial class LogitHeadNet;

[Sequential(Input = 4)]
[Dense(5, Activation = Activation.Tanh)]
[Dense(3)]
[Activation(Activation.Sigmoid)]
public partial class SigmoidLayerHeadNet;

[Sequential(Input = 4)]
[Dense(5, Activation = Activation.Tanh)]
[Dense(3, Activation = Activation.Sigmoid)]
public partial class SigmoidHeadNet;

/// <summary>Three rows of three classes per sample: a sample's weight spreads over its rows.</summary>
[Sequential(InputShape = new[] { 3, 4 })]
[Dense(3, Activation = Activation.Softmax)]
public partial class SequenceSoftmaxNet;

/// <summary>The losses in training: sparse targets, fusion with the final activation, sample and class weights, saving.</summary>
public class LossTrainingTests
{
    private const int Samples = 6;

    private static float[] Inputs(int count, int seed)
    {
        var random = new SeededRandom((ulong)seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static readonly float[] Labels = [0, 2, 1, 1, 0, 2];

    private static float[] OneHot(float[] labels, int classes)
    {
        float[] y = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++) y[i * classes + (int)labels[i]] = 1;
        return y;
    }

    private static T Copy<T>(Model from, T to) where T : Model
    {
        from.Parameters.CopyTo(to.Parameters);
        return to;
    }

    private static void AssertSame(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, float tolerance = 2e-6f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]}, expected {expected[i]}");
    }

    [Fact]
    public void Sparse_targets_train_as_their_one_hot_targets_with_categorical_crossentropy()
    {
        float[] x = Inputs(Samples * 4, 1);
        var sparse = new SoftmaxHeadNet(seed: 3);
        var categorical = Copy(sparse, new SoftmaxHeadNet(seed: 4));
        sparse.Compile(Loss.SparseCategoricalCrossentropy, new NoUpdate());
        categorical.Compile(Loss.CategoricalCrossentropy, new NoUpdate());

        Assert.True(sparse.Loss!.TakesClassIndices);
        double sparseLoss = sparse.TrainOnBatch(x, Labels).Loss;
        double categoricalLoss = categorical.TrainOnBatch(x, OneHot(Labels, 3)).Loss;
        Assert.Equal(categoricalLoss, sparseLoss, 6);
        AssertSame(categorical.Gradients, sparse.Gradients, "gradient");

        // Fit and Evaluate take one column of class indices, as Keras takes MNIST's labels.
        float[,] x2 = new float[Samples, 4], y2 = new float[Samples, 1];
        for (int i = 0; i < Samples; i++)
        {
            for (int j = 0; j < 4; j++) x2[i, j] = x[i * 4 + j];
            y2[i, 0] = Labels[i];
        }
        Assert.Equal(sparseLoss, sparse.Evaluate(x2, y2, verbose: 0).Loss, 6);
        History history = sparse.Fit(x2, y2, batchSize: Samples, epochs: 1, verbose: 0, shuffle: false);
        Assert.Equal(sparseLoss, history.Loss[0], 6);
    }

    [Fact]
    public void Sequence_outputs_take_one_class_index_per_row()
    {
        const int rows = 3;
        float[] x = Inputs(2 * rows * 4, 2);
        float[] labels = [0, 2, 1, 1, 1, 0];
        var sparse = new SequenceSoftmaxNet(seed: 1);
        var categorical = Copy(sparse, new SequenceSoftmaxNet(seed: 2));
        sparse.Compile("sparse_categorical_crossentropy", new NoUpdate());
        categorical.Compile("categorical_crossentropy", new NoUpdate());

        Assert.Equal(categorical.TrainOnBatch(x, OneHot(labels, 3)).Loss, sparse.TrainOnBatch(x, labels).Loss, 6);
        AssertSame(categorical.Gradients, sparse.Gradients, "gradient");
        // A sample's weight covers each of its rows: weights [2, 0] train as the first sample alone.
        sparse.TrainOnBatch(x, labels, [2f, 0f]);
        float[] weighted = sparse.Gradients.ToArray();
        sparse.TrainOnBatch(x.AsSpan(0, rows * 4), labels.AsSpan(0, rows));
        AssertSame(sparse.Gradients, weighted, "weighted gradient");
    }

    public static TheoryData<string> FusedHeads => new() { "softmax, sparse_categorical_crossentropy", "softmax, categorical_crossentropy", "sigmoid, binary_crossentropy", "sigmoid layer, binary_crossentropy" };

    [Theory]
    [MemberData(nameof(FusedHeads))]
    public void A_loss_fused_with_the_final_activation_trains_as_the_same_loss_from_logits(string head)
    {
        float[] x = Inputs(Samples * 4, 5);
        float[] weights = [1f, 0.5f, 2f, 0f, 1f, 3f];
        (Model fused, Loss loss, Loss fromLogits, float[] y, Activation activation) = head switch
        {
            "softmax, sparse_categorical_crossentropy" => ((Model)new SoftmaxHeadNet(seed: 7), Loss.SparseCategoricalCrossentropy, (Loss)new SparseCategoricalCrossentropyLoss(fromLogits: true), Labels, Activation.Softmax),
            "softmax, categorical_crossentropy" => (new SoftmaxHeadNet(seed: 7), Loss.CategoricalCrossentropy, new CategoricalCrossentropyLoss(fromLogits: true), OneHot(Labels, 3), Activation.Softmax),
            "sigmoid, binary_crossentropy" => (new SigmoidHeadNet(seed: 7), Loss.BinaryCrossentropy, new BinaryCrossentropyLoss(fromLogits: true), OneHot(Labels, 3), Activation.Sigmoid),
            _ => (new SigmoidLayerHeadNet(seed: 7), Loss.BinaryCrossentropy, new BinaryCrossentropyLoss(fromLogits: true), OneHot(Labels, 3), Activation.Sigmoid),
        };
        // Large weights push some outputs to exactly 0 or 1 in float, where only the fused form stays exact.
        TensorPrimitivesScale(fused.Parameters, 4f);
        var logits = Copy(fused, new LogitHeadNet(seed: 8));
        fused.Compile(loss, new NoUpdate());
        logits.Compile(fromLogits, new NoUpdate());

        Assert.Equal(activation, fused.Outputs[0].FinalActivation);
        Assert.Equal(Activation.Linear, logits.Outputs[0].FinalActivation);
        double fusedLoss = fused.TrainOnBatch(x, y, weights).Loss;
        double logitLoss = logits.TrainOnBatch(x, y, weights).Loss;
        Assert.Equal(logitLoss, fusedLoss, 5);
        AssertSame(logits.Gradients, fused.Gradients, "gradient", 1e-5f);
        Assert.Equal(logitLoss, fused.Evaluate(x, y, verbose: 0, sampleWeight: weights).Loss, 5);
    }

    private static void TensorPrimitivesScale(Span<float> values, float factor)
    {
        for (int i = 0; i < values.Length; i++) values[i] *= factor;
    }

    [Fact]
    public void A_loss_that_fuses_with_another_activation_runs_through_the_output_activation()
    {
        // binary_crossentropy on a softmax output works on the probabilities, as Keras does; the gradient still flows.
        float[] x = Inputs(Samples * 4, 6);
        var model = new SoftmaxHeadNet(seed: 2);
        model.Compile(Loss.BinaryCrossentropy, new NoUpdate());
        double loss = model.TrainOnBatch(x, OneHot(Labels, 3)).Loss;
        float[] probabilities = model.Predict(x);
        Assert.Equal(Loss.BinaryCrossentropy.Sum(probabilities, OneHot(Labels, 3), Samples, 3) / Samples, loss, 6);
        Assert.Contains(model.Gradients.ToArray(), g => g != 0);
    }

    [Fact]
    public void Sample_weights_scale_each_samples_loss_and_divide_by_the_batch()
    {
        float[] x = Inputs(Samples * 4, 9);
        float[] y = OneHot(Labels, 3);
        var model = new SoftmaxHeadNet(seed: 5);
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate(), Metric.CategoricalAccuracy);

        // Weights [2, 0] over two samples: (2 · l₀ + 0 · l₁) / 2, the first sample's loss and gradient alone.
        double weighted = model.TrainOnBatch(x.AsSpan(0, 8), y.AsSpan(0, 6), [2f, 0f]).Loss;
        float[] weightedGradient = model.Gradients.ToArray();
        double alone = model.TrainOnBatch(x.AsSpan(0, 4), y.AsSpan(0, 3)).Loss;
        Assert.Equal(alone, weighted, 6);
        AssertSame(model.Gradients, weightedGradient, "gradient");

        // Evaluate: Σ wᵢ·lᵢ / n; metrics stay unweighted, as tf.keras 2's plain metrics.
        float[] w = [1f, 0f, 2f, 0.5f, 3f, 1f];
        Evaluation plain = model.Evaluate(x, y, verbose: 0);
        Evaluation weightedEvaluation = model.Evaluate(x, y, batchSize: 4, verbose: 0, sampleWeight: w);
        double expected = 0;
        for (int i = 0; i < Samples; i++)
            expected += w[i] * model.Evaluate(x.AsSpan(i * 4, 4), y.AsSpan(i * 3, 3), verbose: 0).Loss;
        Assert.Equal(expected / Samples, weightedEvaluation.Loss, 5);
        Assert.Equal(plain["categorical_accuracy"], weightedEvaluation["categorical_accuracy"]);
    }

    [Fact]
    public void Class_weights_become_sample_weights_by_the_argmax_or_the_class_index()
    {
        float[] x = Inputs(Samples * 4, 11);
        Dictionary<int, double> classWeight = new() { [0] = 2, [1] = 0.5, [2] = 1 };
        float[] sampleWeight = [1f, 3f, 1f, 1f, 0.5f, 2f];
        float[] combined = Enumerable.Range(0, Samples).Select(i => sampleWeight[i] * (float)classWeight[(int)Labels[i]]).ToArray();

        double Fit(Loss loss, float[] y, float[] weights, IReadOnlyDictionary<int, double>? classes)
        {
            var model = new SoftmaxHeadNet(seed: 12);
            model.Compile(loss, new SGD(lr: 0.1));
            History history = model.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, shuffle: true, sampleWeight: weights, classWeight: classes);
            return history.Loss[^1];
        }

        double expected = Fit(Loss.CategoricalCrossentropy, OneHot(Labels, 3), combined, null);
        Assert.Equal(expected, Fit(Loss.CategoricalCrossentropy, OneHot(Labels, 3), sampleWeight, classWeight), 6);
        Assert.Equal(expected, Fit(Loss.SparseCategoricalCrossentropy, Labels, sampleWeight, classWeight), 5);
        Assert.NotEqual(expected, Fit(Loss.CategoricalCrossentropy, OneHot(Labels, 3), sampleWeight, null), 3);
    }

    [Fact]
    public void Targets_in_the_wrong_form_are_refused_with_the_sample_the_value_and_the_form_expected()
    {
        float[] x = Inputs(Samples * 4, 13);
        var sparse = new SoftmaxHeadNet(seed: 1);
        sparse.Compile(Loss.SparseCategoricalCrossentropy, new SGD());

        var outOfRange = Assert.Throws<ArgumentException>(() => sparse.TrainOnBatch(x, new float[] { 0, 1, 2, 3, 0, 1 }));
        Assert.Contains("sample 3 of y has the target 3", outOfRange.Message);
        Assert.Contains("whole numbers from 0 to 2", outOfRange.Message);
        var fraction = Assert.Throws<ArgumentException>(() => sparse.Fit(x, new float[] { 0, 1, 2, 1, 0.5f, 1 }, verbose: 0));
        Assert.Contains("sample 4 of y has the target 0.5", fraction.Message);
        var oneHot = Assert.Throws<ArgumentException>(() => sparse.Evaluate(x, OneHot(Labels, 3), verbose: 0));
        Assert.Contains("one class index per row", oneHot.Message);
        Assert.Contains("one-hot", oneHot.Message);

        var categorical = new SoftmaxHeadNet(seed: 1);
        categorical.Compile(Loss.CategoricalCrossentropy, new SGD());
        var indices = Assert.Throws<ArgumentException>(() => categorical.TrainOnBatch(x, Labels));
        Assert.Contains("class index per row", indices.Message);
        Assert.Contains("sparse_categorical_crossentropy", indices.Message);
        var column = Assert.Throws<ArgumentException>(() => categorical.Fit(new float[Samples, 4], new float[Samples, 1], verbose: 0));
        Assert.Contains("expected 3 target values per sample", column.Message);
    }

    [Fact]
    public void Weights_that_do_not_fit_are_refused()
    {
        float[] x = Inputs(Samples * 4, 14);
        var model = new SoftmaxHeadNet(seed: 1);
        model.Compile(Loss.SparseCategoricalCrossentropy, new SGD());
        Assert.Contains("one per sample", Assert.Throws<ArgumentException>(() => model.TrainOnBatch(x, Labels, [1f, 2f])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => model.Fit(x, Labels, verbose: 0, sampleWeight: Enumerable.Repeat(float.NaN, Samples).ToArray())).Message);
        var gap = Assert.Throws<ArgumentException>(() => model.Fit(x, Labels, verbose: 0, classWeight: new Dictionary<int, double> { [0] = 1, [2] = 1 }));
        Assert.Contains("from 0 to 1", gap.Message);
        var missing = Assert.Throws<ArgumentException>(() => model.TrainOnBatch(x, Labels, classWeight: new Dictionary<int, double> { [0] = 1, [1] = 1 }));
        Assert.Contains("sample 1 of y is of class 2", missing.Message);
        var sequence = new SequenceSoftmaxNet(seed: 1);
        sequence.Compile(Loss.SparseCategoricalCrossentropy, new SGD());
        Assert.Contains("3+ dimensional", Assert.Throws<ArgumentException>(() => sequence.TrainOnBatch(new float[24], new float[6], classWeight: new Dictionary<int, double> { [0] = 1 })).Message);
    }

    [Fact]
    public void Configured_losses_round_trip_through_save_and_load()
    {
        using var directory = new TempDirectory();
        foreach (Loss loss in new Loss[] { new BinaryCrossentropyLoss(fromLogits: false, labelSmoothing: 0.2f), Loss.SparseCategoricalCrossentropy, new HuberLoss(0.5f), Loss.CosineSimilarity })
        {
            var model = new SoftmaxHeadNet(seed: 1);
            model.Compile(loss, new SGD());
            string path = directory.File(loss.Name + ".h5");
            model.Save(path);
            SoftmaxHeadNet loaded = Model.Load<SoftmaxHeadNet>(path, out ModelLoadReport report);
            Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
            Assert.Equal(loss.GetType(), loaded.Loss!.GetType());
            Assert.Equal(TrainingConfig.ToJson(model), TrainingConfig.ToJson(loaded));
        }
    }
}
