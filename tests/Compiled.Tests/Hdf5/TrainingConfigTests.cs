using System.Text.Json.Nodes;
using Compiled.Hdf5;
using Compiled.Tests.Models;

namespace Compiled.Tests.Hdf5;

/// <summary>The <c>training_config</c> JSON for several outputs: Keras's list and object forms of per-output losses and weights.</summary>
public class TrainingConfigTests
{
    private static readonly ModelOutput[] TwoOutputs = [new("first", [3], Activation.Linear), new("second", [2], Activation.Softmax)];

    private const string Sgd = """{"class_name": "SGD", "config": {"learning_rate": 0.1, "momentum": 0.0, "decay": 0.0, "nesterov": false}}""";

    [Theory]
    [InlineData("""["categorical_crossentropy", "mse"]""", """[1.0, 0.5]""")]
    [InlineData("""{"second": "mse", "first": "categorical_crossentropy"}""", """{"second": 0.5, "first": 1.0}""")]
    public void Per_output_losses_read_from_lists_and_from_objects_keyed_by_output(string loss, string weights)
    {
        string json = $$"""{"loss": {{loss}}, "loss_weights": {{weights}}, "metrics": [], "optimizer_config": {{Sgd}}}""";
        TrainingConfig? config = TrainingConfig.Parse(json, TwoOutputs, out string? unsupported);

        Assert.Null(unsupported);
        Assert.Equal([Loss.CategoricalCrossentropy, Loss.MeanSquaredError], config!.Losses);
        Assert.Equal([1.0, 0.5], config.LossWeights!);
    }

    [Theory]
    [InlineData("""["mse"]""", "null")]
    [InlineData("""{"first": "mse"}""", "null")]
    [InlineData("\"mse\"", "[1.0]")]
    [InlineData("\"mse\"", "[1.0, -2.0]")]
    public void Per_output_settings_that_do_not_fit_the_outputs_leave_the_model_uncompiled(string loss, string weights)
    {
        string json = $$"""{"loss": {{loss}}, "loss_weights": {{weights}}, "metrics": [], "optimizer_config": {{Sgd}}}""";
        Assert.Null(TrainingConfig.Parse(json, TwoOutputs, out string? unsupported));
        Assert.Contains("per output", unsupported);
    }

    [Fact]
    public void Differing_losses_are_written_as_keras_lists_and_one_loss_as_its_name()
    {
        var model = new TwoHeadedNet(seed: 1);
        model.Compile([Loss.CategoricalCrossentropy, Loss.MeanSquaredError], new SGD(), [1.0, 0.5]);
        JsonNode written = JsonNode.Parse(TrainingConfig.ToJson(model))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["categorical_crossentropy", "mean_squared_error"]"""), written["loss"]), written.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("[1.0, 0.5]"), written["loss_weights"]), written.ToJsonString());

        model.Compile(Loss.MeanSquaredError, new SGD());
        written = JsonNode.Parse(TrainingConfig.ToJson(model))!;
        Assert.Equal("mean_squared_error", (string)written["loss"]!);
        Assert.Null(written["loss_weights"]);
    }

    [Fact]
    public void Keras_2_4_per_output_metric_lists_count_once_when_they_agree()
    {
        // tf.keras 2.4 saves 'accuracy' as a wrapper of the function it resolved to, under the name given.
        const string wrapper = """{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}""";
        string json = $$"""{"loss": "categorical_crossentropy", "metrics": [[{{wrapper}}], [{{wrapper}}]], "loss_weights": null, "optimizer_config": {{Sgd}}}""";
        TrainingConfig? config = TrainingConfig.Parse(json, TwoOutputs, out string? unsupported);

        Assert.Null(unsupported);
        Assert.Equal([Metric.Accuracy], config!.Metrics);
        var model = new TwoHeadedNet(seed: 1);
        model.Compile(config.Losses, config.CreateOptimizer(), config.LossWeights, config.Metrics);
        Evaluation evaluation = model.Evaluate(new float[2 * 4], new float[] { 1, 0, 0, 1, 0, 0, 1, 0, 0, 1 }, verbose: 0);
        Assert.Equal(["loss", "first_loss", "second_loss", "first_accuracy", "second_accuracy"], evaluation.Names);
    }

    [Fact]
    public void Accuracy_in_every_outputs_list_loads_once_and_resolves_per_output()
    {
        // "accuracy" means binary accuracy on a one-value output and categorical accuracy on a wider one; Compile picks.
        ModelOutput[] outputs = [new("wide", [3], Activation.Linear), new("single", [1], Activation.Linear)];
        string json = $$"""{"loss": "mse", "metrics": [["accuracy"], ["accuracy"]], "optimizer_config": {{Sgd}}}""";
        TrainingConfig? config = TrainingConfig.Parse(json, outputs, out string? unsupported);
        Assert.Null(unsupported);
        Assert.Equal([Metric.Accuracy], config!.Metrics);
    }

    [Fact]
    public void Per_output_metric_lists_that_differ_leave_the_model_uncompiled_with_the_reason()
    {
        ModelOutput[] outputs = [new("wide", [3], Activation.Linear), new("single", [1], Activation.Linear)];
        string json = $$"""{"loss": "mse", "metrics": [["accuracy"], ["mae"]], "optimizer_config": {{Sgd}}}""";
        Assert.Null(TrainingConfig.Parse(json, outputs, out string? unsupported));
        Assert.Contains("the outputs have different metrics (accuracy for 'wide', mae for 'single')", unsupported);
    }

    [Fact]
    public void Metrics_are_written_as_keras_2_serializes_them_and_read_back_equal()
    {
        var model = new TwoHeadedNet(seed: 1);
        Metric[] metrics =
        [
            Metric.FromName("acc"), Metric.FromName("mse"), Metric.FromName("top_k_categorical_accuracy"), new TopKCategoricalAccuracyMetric(k: 3),
            new SparseTopKCategoricalAccuracyMetric(k: 2, name: "top2"), new BinaryAccuracyMetric(threshold: 0.7),
            new AucMetric(numThresholds: 50, curve: AucCurve.PR, summationMethod: AucSummationMethod.Majoring), new PrecisionMetric(topK: 2), new RecallMetric(threshold: 0.3, classId: 1),
        ];
        model.Compile(Loss.MeanSquaredError, new SGD(), metrics: metrics);
        JsonNode written = JsonNode.Parse(TrainingConfig.ToJson(model))!;

        JsonNode expected = JsonNode.Parse("""
            ["acc", "mse", "top_k_categorical_accuracy",
             {"class_name": "TopKCategoricalAccuracy", "config": {"name": "top_k_categorical_accuracy", "dtype": "float32", "k": 3}},
             {"class_name": "SparseTopKCategoricalAccuracy", "config": {"name": "top2", "dtype": "float32", "k": 2}},
             {"class_name": "BinaryAccuracy", "config": {"name": "binary_accuracy", "dtype": "float32", "threshold": 0.7}},
             {"class_name": "AUC", "config": {"name": "auc", "dtype": "float32", "num_thresholds": 50, "curve": "PR", "summation_method": "majoring",
                                              "multi_label": false, "num_labels": null, "label_weights": null, "from_logits": false}},
             {"class_name": "Precision", "config": {"name": "precision", "dtype": "float32", "thresholds": null, "top_k": 2, "class_id": null}},
             {"class_name": "Recall", "config": {"name": "recall", "dtype": "float32", "thresholds": 0.3, "top_k": null, "class_id": 1}}]
            """)!;
        Assert.True(JsonNode.DeepEquals(expected, written["metrics"]), written["metrics"]!.ToJsonString());

        TrainingConfig? read = TrainingConfig.Parse(TrainingConfig.ToJson(model), TwoOutputs, out string? unsupported);
        Assert.Null(unsupported);
        Assert.Equal(metrics, read!.Metrics);
        Assert.Equal(["acc", "mse", "top_k_categorical_accuracy", "top_k_categorical_accuracy", "top2", "binary_accuracy", "auc", "precision", "recall"], read.Metrics.Select(m => m.Name));
        Assert.Equal(3, Assert.IsType<TopKCategoricalAccuracyMetric>(read.Metrics[3]).K);
        Assert.Equal(50, Assert.IsType<AucMetric>(read.Metrics[6]).NumThresholds);
    }

    [Fact]
    public void Metric_objects_tf_keras_wrote_load_with_their_settings()
    {
        // tf.keras 2.4 lists every AUC threshold, wraps functions given by name, and writes one threshold as a list.
        string thresholds = string.Join(", ", Enumerable.Range(1, 198).Select(i => (i / 199.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        string metrics = $$$"""
            [[{"class_name": "AUC", "config": {"name": "auc", "dtype": "float32", "num_thresholds": 200, "curve": "ROC", "summation_method": "interpolation", "thresholds": [{{{thresholds}}}], "multi_label": false, "label_weights": null}},
              {"class_name": "MeanMetricWrapper", "config": {"name": "mae", "dtype": "float32", "fn": "mean_absolute_error"}},
              {"class_name": "Precision", "config": {"name": "precision_1", "dtype": "float32", "thresholds": [0.4], "top_k": null, "class_id": null}}]]
            """;
        string json = $$"""{"loss": "mse", "metrics": {{metrics}}, "optimizer_config": {{Sgd}}}""";
        TrainingConfig? config = TrainingConfig.Parse(json, [new("out", [1], Activation.Linear)], out string? unsupported);

        Assert.Null(unsupported);
        var auc = Assert.IsType<AucMetric>(config!.Metrics[0]);
        Assert.Equal(200, auc.NumThresholds);
        Assert.Equal(new AucMetric().Thresholds.ToArray(), auc.Thresholds.ToArray());
        Assert.Equal(Metric.FromName("mae"), config.Metrics[1]);
        var precision = Assert.IsType<PrecisionMetric>(config.Metrics[2]);
        Assert.Equal((0.4, "precision_1"), (precision.Threshold!.Value, precision.Name));
    }

    [Theory]
    [InlineData("""{"class_name": "AUC", "config": {"name": "auc", "multi_label": true}}""", "multi_label AUC")]
    [InlineData("""{"class_name": "Precision", "config": {"name": "precision", "thresholds": [0.3, 0.6]}}""", "2 thresholds")]
    [InlineData("""{"class_name": "F1Score", "config": {"name": "f1"}}""", "metric class F1Score is not supported")]
    [InlineData("""{"class_name": "MeanMetricWrapper", "config": {"name": "x", "fn": "poisson"}}""", "metric function 'poisson' is not supported")]
    [InlineData("\"f1\"", "the metric 'f1' is not supported")]
    public void Metrics_compiled_lacks_leave_the_model_uncompiled_with_the_reason(string metric, string reason)
    {
        string json = $$"""{"loss": "mse", "metrics": [{{metric}}], "optimizer_config": {{Sgd}}}""";
        Assert.Null(TrainingConfig.Parse(json, [new("out", [1], Activation.Linear)], out string? unsupported));
        Assert.Contains(reason, unsupported);
    }

    [Theory]
    [InlineData("""{"class_name": "AUC", "config": {"num_thresholds": "many"}}""")]
    [InlineData("""{"class_name": "AUC", "config": {"num_thresholds": 1}}""")]
    [InlineData("""{"class_name": "AUC", "config": {"curve": "XY"}}""")]
    [InlineData("""{"class_name": "AUC"}""")]
    [InlineData("3")]
    public void Malformed_metric_entries_are_format_errors(string metric)
    {
        string json = $$"""{"loss": "mse", "metrics": [{{metric}}], "optimizer_config": {{Sgd}}}""";
        Assert.Throws<FormatException>(() => TrainingConfig.Parse(json, [new("out", [1], Activation.Linear)], out _));
    }
}
