namespace Compiled.Tests.Metrics;

/// <summary>
/// Precision, Recall and AUC on hand-worked confusion counts, over several batches: the value is the epoch's,
/// from counts added up over every batch, which is not the mean of the batches' values.
/// </summary>
public class ConfusionMetricTests
{
    private static double Result(Metric metric, params (float[] Predicted, float[] Labels)[] batches)
    {
        foreach ((float[] predicted, float[] labels) in batches) metric.UpdateState(predicted, labels, predicted.Length, 1);
        return metric.Result();
    }

    // Batch 1: predicted positive (> 0.5) 0.9, 0.8, 0.7, of which the first is a positive: tp 1, fp 2, fn 1 (the 0.2).
    private static readonly (float[], float[]) First = ([0.9f, 0.8f, 0.7f, 0.2f], [1f, 0f, 0f, 1f]);
    // Batch 2: 0.7 and 0.9 predicted positive and positive, 0.1 a missed positive: tp 2, fp 0, fn 1.
    private static readonly (float[], float[]) Second = ([0.7f, 0.9f, 0.1f, 0.2f], [1f, 1f, 1f, 0f]);

    [Fact]
    public void Precision_and_recall_over_an_epoch_come_from_its_counts_not_the_batches_mean()
    {
        // Alone: precision 1/3 then 1, recall 1/2 then 2/3. Over both: tp 3, fp 2, fn 2.
        Assert.Equal(1.0 / 3, Result(new PrecisionMetric(), First), 12);
        Assert.Equal(2.0 / 3, Result(new RecallMetric(), Second), 12);
        Assert.Equal(3.0 / 5, Result(new PrecisionMetric(), First, Second), 12);
        Assert.Equal(3.0 / 5, Result(new RecallMetric(), First, Second), 12);
        Assert.NotEqual((1.0 / 3 + 1) / 2, 3.0 / 5, 3);
    }

    [Fact]
    public void A_prediction_at_the_threshold_is_not_a_predicted_positive_and_reset_forgets()
    {
        var precision = new PrecisionMetric();
        Assert.Equal(0, Result(precision, ([0.5f], [1f])));   // no predicted positive: 0, as divide_no_nan
        Assert.Equal(1, Result(new PrecisionMetric(threshold: 0.4), ([0.5f], [1f])));
        Assert.Equal(1, Result(precision, ([0.6f], [1f])));
        precision.ResetState();
        Assert.Equal(0, Result(precision, ([0.6f], [0f])));
        // Labels count as positive when not 0, as Keras casts them to bool.
        Assert.Equal(1, Result(new RecallMetric(), ([0.6f], [0.3f])));
    }

    [Fact]
    public void Top_k_keeps_each_rows_k_highest_with_ties_to_the_lower_index_and_class_id_one_column()
    {
        float[] predicted = [0.1f, 0.5f, 0.4f, 0.3f, 0.3f, 0.2f];
        float[] labels = [0f, 1f, 0f, 0f, 1f, 0f];
        // k = 1: row 1 keeps column 1 (a positive: tp); row 2's tie keeps column 0 (fp) and drops column 1 (fn).
        (double Precision, double Recall) Run(int? threshold100, int? topK, int? classId)
        {
            double? threshold = threshold100 / 100.0;
            var precision = new PrecisionMetric(threshold, topK, classId);
            var recall = new RecallMetric(threshold, topK, classId);
            precision.UpdateState(predicted, labels, 2, 3);
            recall.UpdateState(predicted, labels, 2, 3);
            return (precision.Result(), recall.Result());
        }
        Assert.Equal((0.5, 0.5), Run(null, 1, null));
        Assert.Equal((1.0, 0.5), Run(null, 1, 1));
        // With a threshold the top k must also be above it: row 2's 0.3 is not above 0.45.
        Assert.Equal((1.0, 0.5), Run(45, 1, null));
        // Without top_k, class_id alone: column 1 holds 0.5 and 0.3, neither above 0.5.
        Assert.Equal((0.0, 0.0), Run(null, null, 1));
    }

    [Fact]
    public void Confusion_metrics_refuse_predictions_outside_zero_to_one_and_settings_out_of_range()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PrecisionMetric().UpdateState([0.2f, 1.5f], [0f, 1f], 1, 2));
        Assert.Contains("predictions must be in [0, 1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1.5", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AucMetric().UpdateState([float.NaN], [1f], 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecallMetric(threshold: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AucMetric(numThresholds: 1));
        var topK = Assert.Throws<ArgumentException>(() => new RecallMetric(topK: 3).UpdateState([0.2f, 0.8f], [0f, 1f], 1, 2));
        Assert.Contains("top_k is 3, but the rows have only 2 predictions", topK.Message, StringComparison.Ordinal);
        var classId = Assert.Throws<ArgumentException>(() => new PrecisionMetric(classId: 2).UpdateState([0.2f, 0.8f], [0f, 1f], 1, 2));
        Assert.Contains("class_id is 2", classId.Message, StringComparison.Ordinal);
    }

    // Keras's AUC docstring: AUC(num_thresholds=3) on y_true [0, 0, 1, 1], y_pred [0, 0.5, 0.3, 0.9] gives 0.75.
    // Thresholds [-1e-7, 0.5, 1 + 1e-7]: tp [2, 1, 0], fp [2, 0, 0], fn [0, 1, 2], tn [0, 2, 2];
    // recall [1, 0.5, 0], false positive rate [1, 0, 0].
    private static readonly (float[], float[]) Docstring = ([0f, 0.5f, 0.3f, 0.9f], [0f, 0f, 1f, 1f]);

    [Fact]
    public void Auc_of_kerass_docstring_example_with_three_thresholds_is_three_quarters()
        => Assert.Equal(0.75, Result(new AucMetric(numThresholds: 3), Docstring), 12);

    [Fact]
    public void Auc_over_an_epoch_counts_every_batch_before_taking_the_area()
    {
        // The second batch alone separates perfectly (1.0); the mean of the batches would be 0.875. Over both,
        // tp [3, 2, 0], fn [0, 1, 3], fp [3, 0, 0], tn [0, 3, 3]: recall [1, 2/3, 0], rate [1, 0, 0], area (1 + 2/3) / 2.
        (float[], float[]) second = ([0.8f, 0.1f], [1f, 0f]);
        Assert.Equal(1.0, Result(new AucMetric(numThresholds: 3), second), 12);
        Assert.Equal(5.0 / 6, Result(new AucMetric(numThresholds: 3), Docstring, second), 12);
    }

    [Theory]
    // ROC: rate [1, 0, 0] against recall [1, 0.5, 0]: one interval of width 1, heights 1 and 0.5.
    [InlineData(AucCurve.ROC, AucSummationMethod.Minoring, 0.5)]
    [InlineData(AucCurve.ROC, AucSummationMethod.Majoring, 1.0)]
    // PR: recall [1, 0.5, 0] against precision [0.5, 1, 0] (0/0 is 0): intervals of width 0.5.
    [InlineData(AucCurve.PR, AucSummationMethod.Minoring, 0.25)]
    [InlineData(AucCurve.PR, AucSummationMethod.Majoring, 1.0)]
    public void Auc_minoring_and_majoring_take_the_lower_or_higher_height(AucCurve curve, AucSummationMethod method, double expected)
        => Assert.Equal(expected, Result(new AucMetric(numThresholds: 3, curve: curve, summationMethod: method), Docstring), 12);

    [Fact]
    public void Pr_auc_interpolates_precision_between_thresholds_as_davis_and_goadrich()
    {
        // Predicted positives p = tp + fp = [4, 1, 0]. Interval 0: dtp 1, dp 3, slope 1/3, intercept 1 - 1/3 = 2/3,
        // p ratio 4: (1/3)(1 + (2/3) ln 4) / (tp + fn = 2). Interval 1: slope 1, intercept 0, ratio 1 (p = 0): 1 / 2.
        double expected = (1 + 2.0 / 3 * Math.Log(4)) / 6 + 0.5;
        Assert.Equal(expected, Result(new AucMetric(numThresholds: 3, curve: AucCurve.PR), Docstring), 12);
    }

    [Fact]
    public void Auc_with_uneven_thresholds_compares_against_each()
    {
        // Thresholds [-1e-7, 0.3, 0.6, 1 + 1e-7] on [0.2, 0.4, 0.7, 0.5] with labels [0, 1, 1, 0]:
        // recall [1, 1, 0.5, 0], rate [1, 0.5, 0, 0]: 0.5 · 1 + 0.5 · 0.75 = 0.875.
        var auc = new AucMetric(thresholds: [0.6, 0.3]);
        Assert.Equal(4, auc.NumThresholds);
        Assert.Equal([-1e-7f, 0.3f, 0.6f, 1.0000001f], auc.Thresholds.ToArray());
        Assert.Equal(0.875, Result(auc, ([0.2f, 0.4f, 0.7f, 0.5f], [0f, 1f, 1f, 0f])), 12);
    }

    [Fact]
    public void Auc_with_keras_defaults_is_one_when_separable_and_one_half_for_a_constant_prediction()
    {
        Assert.Equal(1.0, Result(new AucMetric(), ([0.1f, 0.35f, 0.8f, 0.65f], [0f, 0f, 1f, 1f])), 12);
        // 0.5 is above thresholds 0 … 99/199 and below 100/199: one interval from (1, 1) to (0, 0).
        Assert.Equal(0.5, Result(new AucMetric(), ([0.5f, 0.5f], [0f, 1f])), 12);
        // Logits through a sigmoid first.
        Assert.Equal(1.0, Result(new AucMetric(fromLogits: true), ([-2f, 3f], [0f, 1f])), 12);
        Assert.Equal(200, new AucMetric().Thresholds.Length);
        Assert.Equal(1f / 199, new AucMetric().Thresholds[1]);
    }

    [Fact]
    public void Metrics_log_under_kerass_default_names()
    {
        Assert.Equal(["auc", "precision", "recall"], new Metric[] { new AucMetric(), new PrecisionMetric(), new RecallMetric() }.Select(m => m.Name));
        Assert.Equal("auc_1", new AucMetric(name: "auc_1").Name);
    }
}
