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
        const string wrapper = """{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}""";
        string json = $$"""{"loss": "categorical_crossentropy", "metrics": [[{{wrapper}}], [{{wrapper}}]], "loss_weights": null, "optimizer_config": {{Sgd}}}""";
        TrainingConfig? config = TrainingConfig.Parse(json, TwoOutputs, out string? unsupported);

        Assert.Null(unsupported);
        Assert.Equal([Metric.CategoricalAccuracy], config!.Metrics);
        var model = new TwoHeadedNet(seed: 1);
        model.Compile(config.Losses, config.CreateOptimizer(), config.LossWeights, config.Metrics);
        Evaluation evaluation = model.Evaluate(new float[2 * 4], new float[] { 1, 0, 0, 1, 0, 0, 1, 0, 0, 1 }, verbose: 0);
        Assert.Equal(["loss", "first_loss", "second_loss", "first_categorical_accuracy", "second_categorical_accuracy"], evaluation.Names);
    }

    [Fact]
    public void Per_output_metric_lists_that_differ_leave_the_model_uncompiled_with_the_reason()
    {
        // "accuracy" means binary accuracy on a one-value output and categorical accuracy on a wider one.
        ModelOutput[] outputs = [new("wide", [3], Activation.Linear), new("single", [1], Activation.Linear)];
        string json = $$"""{"loss": "mse", "metrics": [["accuracy"], ["accuracy"]], "optimizer_config": {{Sgd}}}""";
        Assert.Null(TrainingConfig.Parse(json, outputs, out string? unsupported));
        Assert.Contains("the outputs have different metrics (categorical_accuracy for 'wide', binary_accuracy for 'single')", unsupported);
    }
}
