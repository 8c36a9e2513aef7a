using System.Text;
using System.Text.Json;
using Compiled.Hdf5;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Each optimizer's <c>optimizer_config</c> as Keras writes it: tf.keras 2.4's settings (the real file's Adam among them)
/// and Keras 2.3's <c>lr</c> read into the optimizer; our own written back with tf.keras 2.4's keys in its order;
/// schedules and out-of-range settings handled with messages that name them.
/// </summary>
public class OptimizerConfigTests
{
    private static readonly ModelOutput[] OneOutput = [new("dense_1", [3], Activation.Linear)];

    private static Optimizer Read(string optimizerConfig)
    {
        string json = $$"""{"loss": "categorical_crossentropy", "metrics": [], "optimizer_config": {{optimizerConfig}}}""";
        TrainingConfig? config = TrainingConfig.Parse(json, OneOutput, out string? unsupported);
        Assert.True(config is not null, unsupported);
        return config.CreateOptimizer();
    }

    [Fact]
    public void The_tf_keras_2_4_file_s_adam_settings_are_read()
    {
        // optimizer_config of issue_9349.hdf5 (../shared/fixtures/keras/optimizer_weights_example_keras2.4.0.layout.txt).
        var adam = Assert.IsType<Adam>(Read("""
            {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.0011449999874457717, "decay": 0.0,
             "beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033, "epsilon": 1e-08, "amsgrad": false}}
            """));
        Assert.Equal((0.0011449999874457717, 0.8999999761581421, 0.9990000128746033, 1e-8, false, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad, adam.Decay));
    }

    [Fact]
    public void Keras_2_3_settings_with_lr_are_read()
    {
        // The dl4j Keras 2.3.1 MLP's optimizer_config.
        var rmsprop = Assert.IsType<RMSprop>(Read("""
            {"class_name": "RMSprop", "config": {"learning_rate": 9.999999747378752e-05, "rho": 0.8999999761581421, "decay": 9.999999974752427e-07, "epsilon": 1e-07}}
            """));
        Assert.Equal((9.999999747378752e-05, 0.8999999761581421, 9.999999974752427e-07, 1e-7, 0.0, false), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Decay, rmsprop.Epsilon, rmsprop.Momentum, rmsprop.Centered));
        var nadam = Assert.IsType<Nadam>(Read("""{"class_name": "Nadam", "config": {"lr": 0.002, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "schedule_decay": 0.008}}"""));
        Assert.Equal((0.002, 0.008), (nadam.LearningRate, nadam.ScheduleDecay));
        var adagrad = Assert.IsType<Adagrad>(Read("""{"class_name": "Adagrad", "config": {"lr": 0.01, "epsilon": 1e-07, "decay": 0.0}}"""));
        Assert.Equal((0.01, 0.1), (adagrad.LearningRate, adagrad.InitialAccumulatorValue));
    }

    public static TheoryData<string, string> Written => new()
    {
        { "Adam", """{"learning_rate":0.001,"decay":0.0,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07,"amsgrad":false}""" },
        { "RMSprop", """{"learning_rate":0.001,"decay":0.0,"rho":0.9,"momentum":0.0,"epsilon":1e-07,"centered":false}""" },
        { "Adagrad", """{"learning_rate":0.001,"decay":0.0,"initial_accumulator_value":0.1,"epsilon":1e-07}""" },
        { "Adadelta", """{"learning_rate":0.001,"decay":0.0,"rho":0.95,"epsilon":1e-07}""" },
        { "Adamax", """{"learning_rate":0.001,"decay":0.0,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07}""" },
        { "Nadam", """{"learning_rate":0.001,"decay":0.004,"beta_1":0.9,"beta_2":0.999,"epsilon":1e-07}""" },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void Defaults_are_written_with_tf_keras_2_4_s_keys_in_its_order(string name, string expected)
    {
        Optimizer optimizer = Optimizer.FromName(name);
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            optimizer.WriteKerasConfig(writer);
            writer.WriteEndObject();
        }
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.ToArray()));
        // And read back to the same optimizer.
        Optimizer back = Read($$"""{"class_name": "{{optimizer.Name}}", "config": {{expected}}}""");
        Assert.IsType(optimizer.GetType(), back);
    }

    [Fact]
    public void A_learning_rate_schedule_is_read_into_the_optimizer()
    {
        var adam = Assert.IsType<Adam>(Read("""
            {"class_name": "Adam", "config": {"name": "Adam",
             "learning_rate": {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.01, "decay_steps": 100, "decay_rate": 0.9, "staircase": true, "name": null}},
             "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}
            """));
        var schedule = Assert.IsType<ExponentialDecay>(adam.LearningRateSchedule);
        Assert.Equal((0.01, 100L, 0.9, true), (schedule.InitialLearningRate, schedule.DecaySteps, schedule.DecayRate, schedule.Staircase));
        var sgd = Assert.IsType<SGD>(Read("""
            {"class_name": "SGD", "config": {"learning_rate": {"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [10, 20], "values": [0.1, 0.01, 0.001], "name": null}}, "momentum": 0.9}}
            """));
        var pieces = Assert.IsType<PiecewiseConstantDecay>(sgd.LearningRateSchedule);
        Assert.Equal([10L, 20L], pieces.Boundaries);
        Assert.Equal([0.1, 0.01, 0.001], pieces.Values);
    }

    [Fact]
    public void A_schedule_is_written_as_tf_keras_2_4_writes_it_in_place_of_the_rate()
    {
        var model = new Samples.Iris.IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new RMSprop { LearningRateSchedule = new PiecewiseConstantDecay([100], [0.01, 0.001]) });
        JsonElement config = JsonDocument.Parse(TrainingConfig.ToJson(model)).RootElement.GetProperty("optimizer_config").GetProperty("config");
        Assert.Equal(
            """{"name":"RMSprop","learning_rate":{"class_name":"PiecewiseConstantDecay","config":{"boundaries":[100],"values":[0.01,0.001],"name":null}},"decay":0.0,"rho":0.9,"momentum":0.0,"epsilon":1e-07,"centered":false}""",
            JsonSerializer.Serialize(config));
    }

    [Fact]
    public void A_schedule_compiled_lacks_leaves_the_model_uncompiled_naming_it()
    {
        string json = """
            {"loss": "categorical_crossentropy", "metrics": [], "optimizer_config": {"class_name": "Adam", "config": {"name": "Adam",
             "learning_rate": {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.01, "decay_steps": 100, "alpha": 0.0, "name": null}},
             "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}}
            """;
        Assert.Null(TrainingConfig.Parse(json, OneOutput, out string? unsupported));
        Assert.Equal("the optimizer's learning_rate is the schedule CosineDecay, and only ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay are supported", unsupported);
    }

    [Theory]
    [InlineData("""{"class_name": "Adam", "config": {"beta_1": 1.5}}""", "beta_1")]
    [InlineData("""{"class_name": "RMSprop", "config": {"rho": -0.1}}""", "rho")]
    [InlineData("""{"class_name": "Adagrad", "config": {"initial_accumulator_value": -1.0}}""", "initial_accumulator_value")]
    [InlineData("""{"class_name": "Adam", "config": {"amsgrad": "yes"}}""", "amsgrad")]
    [InlineData("""{"class_name": "Adadelta", "config": {"rho": "0.9"}}""", "rho")]
    public void Settings_an_optimizer_refuses_are_format_errors_naming_the_setting(string optimizerConfig, string setting)
    {
        string json = $$"""{"loss": "categorical_crossentropy", "metrics": [], "optimizer_config": {{optimizerConfig}}}""";
        var error = Assert.Throws<FormatException>(() => TrainingConfig.Parse(json, OneOutput, out _));
        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void An_optimizer_compiled_lacks_leaves_the_model_uncompiled_naming_those_it_has()
    {
        string json = """{"loss": "categorical_crossentropy", "metrics": [], "optimizer_config": {"class_name": "Ftrl", "config": {}}}""";
        Assert.Null(TrainingConfig.Parse(json, OneOutput, out string? unsupported));
        Assert.Equal("the optimizer is Ftrl, and only SGD, RMSprop, Adam, Adadelta, Adagrad, Adamax, Nadam are supported", unsupported);
    }
}
