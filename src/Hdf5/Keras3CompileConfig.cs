using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compiled.Hdf5;

/// <summary>
/// Keras 3's <c>compile_config</c> (<c>Trainer.get_compile_config</c>) and Keras 2's <c>training_config</c>, which
/// <see cref="TrainingConfig"/> reads and writes: the same loss, loss weights and metrics, the optimizer serialized in
/// Keras 3's envelope (<c>{"module", "class_name", "config", "registered_name"}</c>). Keras 3 optimizers have settings
/// Keras 2's did not (weight decay, gradient clipping, EMA, loss scaling, gradient accumulation): a file that uses one is
/// not compiled from, since Compiled's optimizers would silently train otherwise.
/// </summary>
internal static class Keras3CompileConfig
{
    /// <summary>Keras 3's optimizer settings that Compiled's optimizers do not have, with the value that means "off".</summary>
    private static readonly (string Setting, JsonValueKind Off)[] Keras3OnlySettings =
    [
        ("weight_decay", JsonValueKind.Null), ("clipnorm", JsonValueKind.Null), ("global_clipnorm", JsonValueKind.Null),
        ("clipvalue", JsonValueKind.Null), ("use_ema", JsonValueKind.False), ("loss_scale_factor", JsonValueKind.Null),
        ("gradient_accumulation_steps", JsonValueKind.Null),
    ];

    /// <summary>The <c>compile_config</c> of a model whose Keras 2 <c>training_config</c> is <paramref name="trainingConfig"/>.</summary>
    public static JsonObject FromTrainingConfig(string trainingConfig)
    {
        JsonObject keras2 = JsonNode.Parse(trainingConfig)!.AsObject();
        JsonObject optimizer = keras2["optimizer_config"]!.AsObject();
        JsonObject settings = optimizer["config"]!.AsObject();
        // Keras 3 ignores decay with a warning and refuses no other Keras 2 setting; 0 is Keras 2's default, said by leaving it out.
        if (settings["decay"] is JsonValue decay && decay.GetValue<double>() == 0) settings.Remove("decay");
        // A learning-rate schedule is serialized in its module too.
        if (settings["learning_rate"] is JsonObject schedule && schedule["class_name"] is JsonValue)
            settings["learning_rate"] = Envelope(schedule, "keras.optimizers.schedules");
        optimizer.Remove("config");
        return new JsonObject
        {
            ["optimizer"] = new JsonObject
            {
                ["module"] = "keras.optimizers",
                ["class_name"] = optimizer["class_name"]!.GetValue<string>(),
                ["config"] = settings,
                ["registered_name"] = null,
            },
            ["loss"] = keras2["loss"]?.DeepClone(),
            ["loss_weights"] = keras2["loss_weights"]?.DeepClone(),
            ["metrics"] = keras2["metrics"]?.DeepClone(),
            ["weighted_metrics"] = null,
            ["run_eagerly"] = false,
            ["steps_per_execution"] = 1,
            ["jit_compile"] = false,
        };
    }

    /// <summary>
    /// The Keras 2 <c>training_config</c> that says what <paramref name="compileConfig"/> says, for <see cref="TrainingConfig.Parse"/>;
    /// null with <paramref name="unsupported"/> saying why when it uses what Compiled cannot train with.
    /// </summary>
    /// <exception cref="FormatException"><c>compile_config</c> is not the object Keras 3 writes.</exception>
    public static string? ToTrainingConfig(JsonElement compileConfig, out string? unsupported)
    {
        unsupported = null;
        if (compileConfig.ValueKind != JsonValueKind.Object)
            throw new FormatException($"config.json's compile_config is a JSON {compileConfig.ValueKind}; expected the object Keras 3's compile writes.");
        if (!compileConfig.TryGetProperty("optimizer", out JsonElement optimizer))
            throw new FormatException("config.json's compile_config has no optimizer; expected {\"optimizer\": {\"class_name\": ..., \"config\": {...}}, \"loss\": ...}.");
        string? className = optimizer.ValueKind switch
        {
            JsonValueKind.Object when optimizer.TryGetProperty("class_name", out JsonElement c) && c.ValueKind == JsonValueKind.String => c.GetString(),
            _ => null,
        };
        if (className is null)
        {
            unsupported = $"the optimizer is {optimizer.GetRawText()}, not a serialized optimizer with a class_name";
            return null;
        }
        JsonObject settings = optimizer.TryGetProperty("config", out JsonElement config) && config.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(config.GetRawText())!.AsObject() : [];
        foreach ((string setting, JsonValueKind off) in Keras3OnlySettings)
        {
            if (settings[setting] is JsonNode value && value.GetValueKind() != off)
            {
                unsupported = $"the optimizer {className} has {setting} {value.ToJsonString()}, which Compiled's optimizers do not have";
                return null;
            }
            settings.Remove(setting);
        }
        if (settings["ema_momentum"] is not null) settings.Remove("ema_momentum");
        if (settings["ema_overwrite_frequency"] is not null) settings.Remove("ema_overwrite_frequency");
        // A schedule's envelope: Keras 2's reader takes {"class_name", "config"}.
        if (settings["learning_rate"] is JsonObject schedule)
        {
            schedule.Remove("module");
            schedule.Remove("registered_name");
        }
        if (compileConfig.TryGetProperty("weighted_metrics", out JsonElement weighted) && weighted.ValueKind == JsonValueKind.Array && weighted.GetArrayLength() > 0)
        {
            unsupported = $"the model is compiled with weighted_metrics {weighted.GetRawText()}, which Compiled does not have";
            return null;
        }
        JsonObject keras2 = new()
        {
            ["loss"] = Entry(compileConfig, "loss"),
            ["metrics"] = Entry(compileConfig, "metrics") is JsonArray metrics ? metrics : new JsonArray(),
            ["loss_weights"] = Entry(compileConfig, "loss_weights"),
            ["optimizer_config"] = new JsonObject { ["class_name"] = className, ["config"] = settings },
        };
        return keras2.ToJsonString();
    }

    private static JsonNode? Entry(JsonElement config, string name)
        => config.TryGetProperty(name, out JsonElement value) ? JsonNode.Parse(value.GetRawText()) : null;

    private static JsonObject Envelope(JsonObject serialized, string module) => new()
    {
        ["module"] = module,
        ["class_name"] = serialized["class_name"]!.GetValue<string>(),
        ["config"] = serialized["config"]?.DeepClone(),
        ["registered_name"] = null,
    };
}
