namespace Compiled.Tests.Training;

/// <summary>Metrics on small hand-worked examples, lookup of losses, metrics and optimizers by Keras name, and to_categorical.</summary>
public class LossAndMetricTests
{
    [Fact]
    public void Categorical_accuracy_counts_rows_whose_argmax_matches()
    {
        float[] predicted =
        [
            0.1f, 0.7f, 0.2f, // argmax 1, target 1: hit
            0.5f, 0.3f, 0.2f, // argmax 0, target 2: miss
            0.2f, 0.2f, 0.6f, // argmax 2, target 2: hit
            0.3f, 0.3f, 0.4f, // argmax 2, target 0: miss
        ];
        float[] expected =
        [
            0, 1, 0,
            0, 0, 1,
            0, 0, 1,
            1, 0, 0,
        ];
        Assert.Equal(0.5, Over(Metric.CategoricalAccuracy, predicted, expected, rows: 4, width: 3));
        Assert.Equal(0.5, Over(Metric.CategoricalAccuracy, predicted.AsSpan(0, 6).ToArray(), expected.AsSpan(0, 6).ToArray(), rows: 2, width: 3));
    }

    [Fact]
    public void Categorical_accuracy_breaks_ties_at_the_first_maximum_like_argmax()
    {
        // argmax([0.4, 0.4, 0.2]) = 0.
        Assert.Equal(1.0, Over(Metric.CategoricalAccuracy, [0.4f, 0.4f, 0.2f], [1f, 0f, 0f], 1, 3));
        Assert.Equal(0.0, Over(Metric.CategoricalAccuracy, [0.4f, 0.4f, 0.2f], [0f, 1f, 0f], 1, 3));
    }

    [Fact]
    public void Binary_accuracy_sums_each_rows_share_of_outputs_on_the_right_side_of_one_half()
    {
        float[] predicted =
        [
            0.6f, 0.4f,  // 1 vs 1 right, 0 vs 0 right: 1.0
            0.7f, 0.2f,  // 1 vs 0 wrong, 0 vs 0 right: 0.5
            0.5f, 0.51f, // 0.5 is not above 0.5: 0 vs 1 wrong; 1 vs 1 right: 0.5
        ];
        float[] expected =
        [
            1, 0,
            0, 0,
            1, 1,
        ];
        Assert.Equal(2.0 / 3, Over(Metric.BinaryAccuracy, predicted, expected, rows: 3, width: 2), 12);
        Assert.Equal(0.75, Over(Metric.BinaryAccuracy, predicted.AsSpan(0, 4).ToArray(), expected.AsSpan(0, 4).ToArray(), rows: 2, width: 2), 12);
    }

    [Fact]
    public void Binary_accuracy_of_single_outputs_counts_rows()
    {
        float[] predicted = [0.9f, 0.1f, 0.8f, 0.3f];
        float[] expected = [1f, 0f, 0f, 1f];
        Assert.Equal(0.5, Over(Metric.BinaryAccuracy, predicted, expected, rows: 4, width: 1));
    }

    [Fact]
    public void Metrics_and_losses_have_keras_names()
    {
        Assert.Equal("categorical_accuracy", Metric.CategoricalAccuracy.Name);
        Assert.Equal("binary_accuracy", Metric.BinaryAccuracy.Name);
        Assert.Equal("categorical_crossentropy", Loss.CategoricalCrossentropy.Name);
        Assert.Equal("mean_squared_error", Loss.MeanSquaredError.Name);
        Assert.Equal("categorical_accuracy", Metric.CategoricalAccuracy.ToString());
        Assert.Equal("mean_squared_error", Loss.MeanSquaredError.ToString());
    }

    [Theory]
    [InlineData("categorical_crossentropy", "categorical_crossentropy")]
    [InlineData("mean_squared_error", "mean_squared_error")]
    [InlineData("mse", "mean_squared_error")]
    public void Loss_from_name_finds_the_keras_loss(string name, string expectedName)
    {
        Loss loss = Loss.FromName(name);
        Assert.Equal(expectedName, loss.Name);
        Assert.Same(loss, Loss.FromName(expectedName));
    }

    [Theory]
    [InlineData("focal")]
    [InlineData("")]
    [InlineData("Categorical_Crossentropy ")]
    public void Loss_from_an_unknown_name_throws_naming_the_known_ones(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.FromName(name));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("categorical_crossentropy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mean_squared_error", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mse", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("categorical_accuracy", typeof(CategoricalAccuracyMetric))]
    [InlineData("binary_accuracy", typeof(BinaryAccuracyMetric))]
    [InlineData("accuracy", typeof(AccuracyMetric))]
    [InlineData("acc", typeof(AccuracyMetric))]
    [InlineData("sparse_categorical_accuracy", typeof(SparseCategoricalAccuracyMetric))]
    [InlineData("top_k_categorical_accuracy", typeof(TopKCategoricalAccuracyMetric))]
    [InlineData("sparse_top_k_categorical_accuracy", typeof(SparseTopKCategoricalAccuracyMetric))]
    [InlineData("mae", typeof(MeanAbsoluteErrorMetric))]
    [InlineData("mean_absolute_error", typeof(MeanAbsoluteErrorMetric))]
    [InlineData("mse", typeof(MeanSquaredErrorMetric))]
    [InlineData("mean_squared_error", typeof(MeanSquaredErrorMetric))]
    public void Metric_from_a_function_name_is_that_metric_logged_under_the_name_given(string name, Type kind)
    {
        Metric metric = Metric.FromName(name);
        Assert.IsType(kind, metric);
        Assert.Equal(name, metric.Name);
        // Each call makes a new metric with its own state, equal to the last in settings.
        Assert.NotSame(metric, Metric.FromName(name));
        Assert.Equal(metric, Metric.FromName(name));
    }

    [Theory]
    [InlineData("AUC", "auc", typeof(AucMetric))]
    [InlineData("Precision", "precision", typeof(PrecisionMetric))]
    [InlineData("Recall", "recall", typeof(RecallMetric))]
    [InlineData("TopKCategoricalAccuracy", "top_k_categorical_accuracy", typeof(TopKCategoricalAccuracyMetric))]
    [InlineData("MeanAbsoluteError", "mean_absolute_error", typeof(MeanAbsoluteErrorMetric))]
    public void Metric_from_a_class_name_is_its_default_object_with_its_default_name(string name, string logged, Type kind)
    {
        Metric metric = Metric.FromName(name);
        Assert.IsType(kind, metric);
        Assert.Equal(logged, metric.Name);
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("Accuracy")]
    [InlineData("f1_score")]
    public void Metric_from_an_unknown_name_throws_naming_the_known_ones(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => Metric.FromName(name));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'categorical_accuracy'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'AUC'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("SGD")]
    public void Optimizer_from_name_gives_a_fresh_sgd_with_keras_defaults(string name)
    {
        Optimizer optimizer = Optimizer.FromName(name);
        var sgd = Assert.IsType<SGD>(optimizer);
        Assert.Equal("SGD", sgd.Name);
        Assert.Equal(0.01, sgd.LearningRate);
        Assert.Equal(0.0, sgd.Momentum);
        Assert.Equal(0.0, sgd.Decay);
        Assert.False(sgd.Nesterov);
        Assert.Equal(0, sgd.Iterations);
        // Each call gives its own optimizer: optimizer state must not be shared between models.
        Assert.NotSame(optimizer, Optimizer.FromName(name));
    }

    [Theory]
    [InlineData("ftrl")]
    [InlineData("adamw")]
    public void Optimizer_from_an_unknown_name_throws_naming_the_known_ones(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => Optimizer.FromName(name));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'sgd'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void To_categorical_makes_one_hot_rows_sized_by_the_largest_label()
    {
        float[,] oneHot = Utils.ToCategorical([0, 2, 1, 2]);
        Assert.Equal(4, oneHot.GetLength(0));
        Assert.Equal(3, oneHot.GetLength(1));
        float[,] expected =
        {
            { 1, 0, 0 },
            { 0, 0, 1 },
            { 0, 1, 0 },
            { 0, 0, 1 },
        };
        Assert.Equal(expected, oneHot);
    }

    [Fact]
    public void To_categorical_honours_an_explicit_class_count()
    {
        float[,] oneHot = Utils.ToCategorical([1, 0], numClasses: 4);
        Assert.Equal(new float[,] { { 0, 1, 0, 0 }, { 1, 0, 0, 0 } }, oneHot);
    }

    [Fact]
    public void To_categorical_of_no_labels_is_empty()
    {
        float[,] oneHot = Utils.ToCategorical([]);
        Assert.Equal(0, oneHot.GetLength(0));
        Assert.Equal(0, oneHot.GetLength(1));
        Assert.Equal(5, Utils.ToCategorical([], numClasses: 5).GetLength(1));
    }

    [Theory]
    [InlineData(new[] { 0, 3 }, 3, "Label 3 at index 1")]
    [InlineData(new[] { 1, -1 }, null, "Label -1 at index 1")]
    [InlineData(new[] { 0, 1, 2 }, 2, "Label 2 at index 2")]
    public void To_categorical_rejects_labels_outside_the_classes(int[] labels, int? numClasses, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Utils.ToCategorical(labels, numClasses));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void To_categorical_rejects_a_negative_class_count_by_name()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Utils.ToCategorical([0, 1], numClasses: -1));
        Assert.Equal("numClasses", ex.ParamName);
        Assert.Contains("got -1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_accuracy_compares_labels_with_thresholded_predictions_as_keras_does()
    {
        // Keras: mean(y_true == (y_pred > 0.5)); a soft label of 0.9 never equals a prediction of 1.
        float[] predicted = [0.8f, 0.2f];
        float[] expected = [0.9f, 0f];
        Assert.Equal(0.5, Over(Metric.BinaryAccuracy, predicted, expected, rows: 1, width: 2), 12);
    }

    [Fact]
    public void Permutation_is_a_shuffle_of_every_index_fixed_by_its_seed()
    {
        int[] order = Utils.Permutation(100, seed: 42);
        Assert.Equal(Enumerable.Range(0, 100), order.Order());
        Assert.Equal(order, Utils.Permutation(100, seed: 42));
        Assert.NotEqual(order, Utils.Permutation(100, seed: 43));
        Assert.NotEqual(Enumerable.Range(0, 100), order);
        Assert.Empty(Utils.Permutation(0, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.Permutation(-1, seed: 1));
    }

    /// <summary>A fresh copy of <paramref name="metric"/> after one batch.</summary>
    private static double Over(Metric metric, float[] predicted, float[] expected, int rows, int width)
    {
        Metric fresh = metric.Clone();
        fresh.UpdateState(predicted, expected, rows, width);
        return fresh.Result();
    }
}
