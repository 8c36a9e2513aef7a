using System.Runtime.CompilerServices;
using Compiled.Tests.Models;
using Compiled.Tests.Training;

namespace Compiled.Tests.Metrics;

/// <summary>
/// Metrics inside Fit, Evaluate and the batch calls: reset at the start of each epoch, evaluation and batch call,
/// updated per batch, read over everything since. The models here never update (<see cref="NoUpdate"/>), so their
/// predictions are fixed and each logged value can be checked against the metric computed over all of them at once.
/// </summary>
public class ModelMetricsTests
{
    private const int Samples = 10;

    /// <summary>Ten samples for HiddenPerceptron (3 inputs, one sigmoid output) and labels that its predictions rank imperfectly.</summary>
    private static (float[] X, float[] Y) Data()
    {
        var random = new SeededRandom(5);
        float[] x = Enumerable.Range(0, Samples * 3).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = Enumerable.Range(0, Samples).Select(i => (float)(i % 3 == 0 ? 1 : i % 2)).ToArray();
        return (x, y);
    }

    private static HiddenPerceptron Compiled(params Metric[] metrics)
    {
        var model = new HiddenPerceptron(seed: 3);
        model.Compile(Loss.MeanSquaredError, new NoUpdate(), metrics);
        return model;
    }

    /// <summary>A fresh copy of <paramref name="metric"/> over the samples <c>[first, first + count)</c> at once.</summary>
    private static double Over(Metric metric, float[] predicted, float[] y, int first, int count)
    {
        Metric fresh = metric.Clone();
        fresh.UpdateState(predicted.AsSpan(first, count), y.AsSpan(first, count), count, 1);
        return fresh.Result();
    }

    [Fact]
    public void Evaluate_in_batches_gives_each_metric_over_all_samples_not_the_mean_of_the_batches()
    {
        (float[] x, float[] y) = Data();
        Metric[] metrics = [Metric.FromName("accuracy"), new AucMetric(), new PrecisionMetric(threshold: 0.45), new RecallMetric(threshold: 0.45)];
        HiddenPerceptron model = Compiled(metrics);
        float[] predicted = model.Predict(x);

        Evaluation evaluation = model.Evaluate(x, y, batchSize: 4, verbose: 0);

        Assert.Equal(["loss", "accuracy", "auc", "precision", "recall"], evaluation.Names);
        foreach (Metric metric in metrics)
            Assert.Equal(Over(metric, predicted, y, 0, Samples), evaluation[metric.Name], 12);
        // Batches of 4, 4 and 2: their AUCs' mean is another number.
        double batchMean = (Over(metrics[1], predicted, y, 0, 4) + Over(metrics[1], predicted, y, 4, 4) + Over(metrics[1], predicted, y, 8, 2)) / 3;
        Assert.NotEqual(batchMean, evaluation["auc"], 3);
        // The accuracy is binary accuracy on this one-value output, logged under the name given.
        Assert.Equal(Over(Metric.BinaryAccuracy, predicted, y, 0, Samples), evaluation["accuracy"], 12);
    }

    [Fact]
    public void Fit_logs_each_epochs_metrics_and_validation_starts_from_empty_metrics()
    {
        (float[] x, float[] y) = Data();
        HiddenPerceptron model = Compiled(new AucMetric(), Metric.FromName("acc"));
        float[] predicted = model.Predict(x);

        // The last 4 samples validate; training sees the first 6, in batches of 4 and 2.
        History history = model.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false, validationSplit: 0.4);

        Assert.Equal(["loss", "auc", "acc", "val_loss", "val_auc", "val_acc"], history.Names);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.Equal(Over(new AucMetric(), predicted, y, 0, 6), history["auc"][epoch], 12);
            Assert.Equal(Over(new AucMetric(), predicted, y, 6, 4), history["val_auc"][epoch], 12);
            Assert.Equal(Over(Metric.BinaryAccuracy, predicted, y, 6, 4), history["val_acc"][epoch], 12);
        }
    }

    [Fact]
    public void Batch_calls_return_the_loss_and_every_metric_and_reset_them_unless_told_not_to()
    {
        (float[] x, float[] y) = Data();
        HiddenPerceptron model = Compiled(new AucMetric(), new PrecisionMetric(threshold: 0.45));
        float[] predicted = model.Predict(x);
        ReadOnlySpan<float> x1 = x.AsSpan(0, 4 * 3), y1 = y.AsSpan(0, 4), x2 = x.AsSpan(4 * 3), y2 = y.AsSpan(4);

        Evaluation firstAlone = model.Evaluate(x1, y1, batchSize: 4, verbose: 0);
        Evaluation all = model.Evaluate(x, y, batchSize: 4, verbose: 0);
        BatchLogs first = model.TestOnBatch(x1, y1, resetMetrics: false);
        Assert.Equal(["loss", "auc", "precision"], first.Names);
        Assert.Equal(firstAlone.Values, first.ToEvaluation().Values);

        // The first call kept its state, so the second batch adds to the first, loss included: the values over all ten
        // samples. Then it resets, as Keras does after the step.
        BatchLogs both = model.TestOnBatch(x2, y2);
        // The loss sums float32 batch losses grouped differently (4 + 6 here, 4 + 4 + 2 there): equal to rounding.
        Assert.Equal(all.Loss, both.Loss, 6);
        Assert.Equal(all["auc"], both["auc"], 12);
        Assert.Equal(Over(new AucMetric(), predicted, y, 0, Samples), both["auc"], 12);

        // With the default reset, a training batch's logs are its own (measured before its update).
        BatchLogs trained = model.TrainOnBatch(x2, y2);
        Assert.Equal(Over(new AucMetric(), predicted, y, 4, 6), trained["auc"], 12);
        Assert.Equal(model.Evaluate(x2, y2, batchSize: 6, verbose: 0).Loss, trained.Loss, 6);

        // An evaluation between batch calls resets the metrics, as Keras's evaluate does: the next call starts afresh.
        model.TestOnBatch(x1, y1, resetMetrics: false);
        model.Evaluate(x1, y1, verbose: 0);
        Assert.Equal(Over(new AucMetric(), predicted, y, 4, 6), model.TestOnBatch(x2, y2)["auc"], 12);
    }

    [Fact]
    public void Batch_logs_overwritten_by_a_later_call_refuse_to_be_read_but_keep_their_loss_and_copies()
    {
        (float[] x, float[] y) = Data();
        HiddenPerceptron model = Compiled(new AucMetric());
        BatchLogs first = model.TrainOnBatch(x.AsSpan(0, 12), y.AsSpan(0, 4));
        Evaluation kept = first.ToEvaluation();
        double loss = first.Loss;

        BatchLogs second = model.TestOnBatch(x.AsSpan(12), y.AsSpan(4));

        var ex = Assert.Throws<InvalidOperationException>(() => first["auc"]);
        Assert.Contains("ToEvaluation()", ex.Message, StringComparison.Ordinal);
        Assert.Equal(loss, first.Loss);
        Assert.Equal(loss, kept.Loss);
        Assert.Equal(kept["auc"], kept.Values[1]);
        Assert.NotEqual(kept["auc"], second["auc"]);
        Assert.Throws<KeyNotFoundException>(() => second["accuracy"]);
        Assert.Throws<InvalidOperationException>(() => default(BatchLogs)["loss"]);
    }

    [Fact]
    public void Predict_on_batch_gives_what_predict_gives()
    {
        (float[] x, _) = Data();
        HiddenPerceptron model = Compiled();
        Assert.Equal(model.Predict(x), model.PredictOnBatch(x));
        float[] into = new float[Samples];
        model.PredictOnBatch(x, into);
        Assert.Equal(model.Predict(x), into);
        Assert.Throws<ArgumentException>(() => model.PredictOnBatch(x.AsSpan(0, 4)));
    }

    [Fact]
    public void Test_on_batch_needs_a_compiled_model_and_samples()
    {
        var model = new HiddenPerceptron(seed: 1);
        Assert.Throws<InvalidOperationException>(() => model.TestOnBatch(new float[3], new float[1]));
        model.Compile(Loss.MeanSquaredError, new NoUpdate());
        Assert.Throws<ArgumentException>(() => model.TestOnBatch([], []));
        Assert.Equal(["loss"], model.TestOnBatch(new float[3], new float[1]).Names);
    }

    [Fact]
    public void Several_outputs_each_get_their_own_metrics_under_their_names()
    {
        var model = new TwoHeadedNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate(), Metric.FromName("accuracy"), new TopKCategoricalAccuracyMetric(k: 1));
        float[] x = new float[6 * 4], y = new float[6 * 5];
        for (int b = 0; b < 6; b++) { x[b * 4 + b % 4] = 1; y[b * 5 + b % 3] = 1; y[b * 5 + 3 + b % 2] = 1; }

        Evaluation evaluation = model.Evaluate(x, y, batchSize: 4, verbose: 0);

        Assert.Equal(["loss", "first_loss", "second_loss", "first_accuracy", "first_top_k_categorical_accuracy", "second_accuracy", "second_top_k_categorical_accuracy"], evaluation.Names);
        // Top-1 accuracy is categorical accuracy (no ties in these predictions).
        Assert.Equal(evaluation["first_accuracy"], evaluation["first_top_k_categorical_accuracy"], 12);
        Assert.Equal(evaluation["second_accuracy"], evaluation["second_top_k_categorical_accuracy"], 12);
    }

    /// <summary>A metric of one's own: the rows seen, throwing while its shared switch is on. Copies share the switch.</summary>
    private sealed class RowCount(StrongBox<bool> fail) : Metric("rows")
    {
        private int _rows;

        public override void UpdateState(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, int rows, int width)
            => _rows += fail.Value ? throw new ArgumentException("bad batch") : rows;

        public override double Result() => _rows;

        public override void ResetState() => _rows = 0;

        public override Metric Clone() => new RowCount(fail);
    }

    [Fact]
    public void A_metric_of_ones_own_is_logged_and_a_batch_call_that_throws_leaves_nothing_half_counted()
    {
        (float[] x, float[] y) = Data();
        var fail = new StrongBox<bool>(false);
        var model = new HiddenPerceptron(seed: 3);
        model.Compile(Loss.MeanSquaredError, new NoUpdate(), new RowCount(fail));
        Assert.Equal(4, model.TestOnBatch(x.AsSpan(0, 12), y.AsSpan(0, 4), resetMetrics: false)["rows"]);
        Assert.Equal(10, model.Evaluate(x, y, batchSize: 3, verbose: 0)["rows"]);

        Assert.Equal(4, model.TestOnBatch(x.AsSpan(0, 12), y.AsSpan(0, 4), resetMetrics: false)["rows"]);
        fail.Value = true;
        Assert.Throws<ArgumentException>(() => model.TestOnBatch(x.AsSpan(12), y.AsSpan(4), resetMetrics: false));
        fail.Value = false;
        BatchLogs afresh = model.TestOnBatch(x.AsSpan(12), y.AsSpan(4));
        Assert.Equal(6, afresh["rows"]);
        Assert.Equal(model.Evaluate(x.AsSpan(12), y.AsSpan(4), batchSize: 6, verbose: 0).Loss, afresh.Loss, 12);
    }
}
