namespace Compiled.Tests.Metrics;

/// <summary>The mean-style metrics on hand-worked values: per-row values averaged over every row since the last reset.</summary>
public class MeanMetricTests
{
    private static double Result(Metric metric, params (float[] Predicted, float[] Expected, int Rows, int Width)[] batches)
    {
        foreach ((float[] predicted, float[] expected, int rows, int width) in batches) metric.UpdateState(predicted, expected, rows, width);
        return metric.Result();
    }

    [Fact]
    public void Accuracy_over_several_batches_is_the_share_of_all_rows_not_the_mean_of_the_batches()
    {
        var metric = new CategoricalAccuracyMetric();
        // Batch 1: 1 hit of 1 row. Batch 2: 1 hit of 3 rows. Over the rows 2/4; the batches' mean would be (1 + 1/3)/2.
        double result = Result(metric,
            ([0.1f, 0.9f], [0f, 1f], 1, 2),
            ([0.8f, 0.2f, 0.3f, 0.7f, 0.6f, 0.4f], [1f, 0f, 1f, 0f, 0f, 1f], 3, 2));
        Assert.Equal(0.5, result);
        metric.ResetState();
        Assert.Equal(0, metric.Result());
        Assert.Equal(1, Result(metric, ([0.1f, 0.9f], [0f, 1f], 1, 2)));
    }

    [Fact]
    public void Sparse_categorical_accuracy_compares_each_rows_class_index_with_its_argmax()
    {
        float[] predicted =
        [
            0.1f, 0.7f, 0.2f, // argmax 1
            0.5f, 0.3f, 0.2f, // argmax 0
            0.2f, 0.2f, 0.6f, // argmax 2
            0.4f, 0.4f, 0.2f, // tie: argmax takes the first, 0
        ];
        // Hits: 1 == 1, 2 != 0, 2 == 2, 1 != 0; a label of 2.5 never equals an index, as in Keras.
        Assert.Equal(0.5, Result(new SparseCategoricalAccuracyMetric(), (predicted, [1f, 2f, 2f, 1f], 4, 3)));
        Assert.Equal(0.25, Result(new SparseCategoricalAccuracyMetric(), (predicted, [1f, 2f, 2.5f, 1f], 4, 3)));
    }

    [Fact]
    public void Sparse_accuracy_given_one_hot_targets_says_which_metric_takes_them()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SparseCategoricalAccuracyMetric().UpdateState([0.1f, 0.9f, 0.6f, 0.4f], [0f, 1f, 1f, 0f], 2, 2));
        Assert.Equal("expected", ex.ParamName);
        Assert.Contains("one class index per row: 2 values for 2 row(s), but expected holds 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("one-hot", ex.Message, StringComparison.Ordinal);

        var dense = Assert.Throws<ArgumentException>(() => new CategoricalAccuracyMetric().UpdateState([0.1f, 0.9f, 0.6f, 0.4f], [1f, 0f], 2, 2));
        Assert.Contains("class indices, which the sparse metric", dense.Message, StringComparison.Ordinal);
        var rows = Assert.Throws<ArgumentException>(() => new CategoricalAccuracyMetric().UpdateState([0.1f, 0.9f, 0.6f], [1f, 0f], 1, 2));
        Assert.Equal("predicted", rows.ParamName);
    }

    [Fact]
    public void Top_k_accuracy_counts_rows_whose_target_is_among_the_k_highest_with_ties_at_the_boundary_in()
    {
        float[] predicted =
        [
            0.5f, 0.3f, 0.1f, 0.1f, // target 1: second highest, in the top 2
            0.5f, 0.3f, 0.1f, 0.1f, // target 2: tied third, out of the top 2
            0.4f, 0.2f, 0.2f, 0.2f, // target 3: tied with two others for second, none strictly above but one: in
            0.1f, 0.2f, 0.3f, 0.4f, // target 3: the highest: in, even for k = 1
        ];
        float[] oneHot =
        [
            0, 1, 0, 0,
            0, 0, 1, 0,
            0, 0, 0, 1,
            0, 0, 0, 1,
        ];
        Assert.Equal(0.75, Result(new TopKCategoricalAccuracyMetric(k: 2), (predicted, oneHot, 4, 4)));
        Assert.Equal(0.25, Result(new TopKCategoricalAccuracyMetric(k: 1), (predicted, oneHot, 4, 4)));
        // Keras's default k=5 covers every one of 4 classes.
        Assert.Equal(1.0, Result(new TopKCategoricalAccuracyMetric(), (predicted, oneHot, 4, 4)));
        Assert.Equal(0.75, Result(new SparseTopKCategoricalAccuracyMetric(k: 2), (predicted, [1f, 2f, 3f, 3f], 4, 4)));
    }

    [Fact]
    public void Sparse_top_k_truncates_labels_as_keras_casts_them_and_misses_labels_outside_the_classes()
    {
        float[] predicted = [0.1f, 0.7f, 0.2f, 0.1f, 0.7f, 0.2f, 0.1f, 0.7f, 0.2f, 0.1f, 0.7f, 0.2f];
        // 1.9 → 1 (in the top 1), 3 and -1 are outside three classes, NaN is no class.
        Assert.Equal(0.25, Result(new SparseTopKCategoricalAccuracyMetric(k: 1), (predicted, [1.9f, 3f, -1f, float.NaN], 4, 3)));
    }

    [Fact]
    public void Top_k_is_a_miss_for_a_row_with_a_value_that_is_not_finite_as_in_tensorflow()
        => Assert.Equal(0, Result(new TopKCategoricalAccuracyMetric(k: 2), ([0.9f, float.NaN, 0.1f], [1f, 0f, 0f], 1, 3)));

    [Fact]
    public void Mean_absolute_and_squared_errors_average_over_the_last_axis_then_over_rows()
    {
        float[] predicted = [1f, 2f, 3f, 0f];
        float[] expected = [0f, 2f, 1f, 1f];
        // Rows: mean(|1|, |0|) = 0.5 and mean(|2|, |1|) = 1.5; squares: 0.5 and 2.5. Batch of one row then the other.
        Assert.Equal(1.0, Result(new MeanAbsoluteErrorMetric(), ([1f, 2f], [0f, 2f], 1, 2), ([3f, 0f], [1f, 1f], 1, 2)));
        Assert.Equal(1.5, Result(Metric.FromName("mse"), (predicted, expected, 2, 2)));
        Assert.Equal("mae", Metric.FromName("mae").Name);
    }

    [Fact]
    public void Binary_accuracy_takes_a_threshold_as_keras_does()
    {
        // Predictions [0.3, 0.6] against labels [1, 1]: above 0.5 one hit, above 0.2 two.
        Assert.Equal(0.5, Result(new BinaryAccuracyMetric(), ([0.3f, 0.6f], [1f, 1f], 2, 1)));
        Assert.Equal(1.0, Result(new BinaryAccuracyMetric(threshold: 0.2), ([0.3f, 0.6f], [1f, 1f], 2, 1)));
    }

    [Theory]
    [InlineData(1, false, typeof(BinaryAccuracyMetric))]
    [InlineData(1, true, typeof(BinaryAccuracyMetric))]
    [InlineData(10, true, typeof(SparseCategoricalAccuracyMetric))]
    [InlineData(10, false, typeof(CategoricalAccuracyMetric))]
    public void Accuracy_resolves_per_output_as_keras_compile_utils_does(int width, bool classIndexTargets, Type expected)
    {
        foreach (string name in new[] { "accuracy", "acc" })
        {
            Metric resolved = Metric.FromName(name).ForOutput(width, classIndexTargets);
            Assert.IsType(expected, resolved);
            Assert.Equal(name, resolved.Name);
        }
    }

    [Fact]
    public void Accuracy_used_on_its_own_decides_from_the_first_batchs_shapes()
    {
        var sparse = new AccuracyMetric();
        sparse.UpdateState([0.1f, 0.9f, 0.8f, 0.2f], [1f, 1f], 2, 2);
        Assert.Equal(0.5, sparse.Result());
        var categorical = new AccuracyMetric("acc");
        categorical.UpdateState([0.1f, 0.9f, 0.8f, 0.2f], [0f, 1f, 0f, 1f], 2, 2);
        Assert.Equal(0.5, categorical.Result());
        var binary = new AccuracyMetric();
        binary.UpdateState([0.1f, 0.9f], [0f, 0f], 2, 1);
        Assert.Equal(0.5, binary.Result());
    }

    [Fact]
    public void Top_k_refuses_k_below_one()
        => Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => new TopKCategoricalAccuracyMetric(k: 0)).ParamName);
}
