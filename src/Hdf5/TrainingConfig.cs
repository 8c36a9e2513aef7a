using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Compiled.Hdf5;

/// <summary>
/// The root <c>training_config</c> attribute: what <c>compile</c> was given. Written as tf.keras 2.4 writes it
/// (<c>loss</c>, <c>metrics</c>, <c>loss_weights</c>, <c>optimizer_config</c>); read back into the loss, metrics
/// and optimizer this library has, or into the reason it cannot be.
/// </summary>
/// <param name="Losses">The loss of each output, in output order.</param>
/// <param name="LossWeights">Each output's weight in the total loss, or null for all 1.</param>
/// <param name="Metrics">The metrics to compile with.</param>
/// <param name="OptimizerFactory">Makes the optimizer <c>optimizer_config</c> describes, with its settings.</param>
internal sealed record TrainingConfig(Loss[] Losses, double[]? LossWeights, Metric[] Metrics, Func<Optimizer> OptimizerFactory)
{
    // Flows with the calling test's async context only, so tests that run in parallel never see another's optimizer.
    private static readonly AsyncLocal<(string KerasClass, Func<JsonElement, Optimizer> FromSettings)?> s_optimizerForTests = new();

    /// <summary>
    /// A seam for tests: one more optimizer the calling test can save and load as if Compiled had it, to check that
    /// saving and loading know no optimizer by name. Null in normal use.
    /// </summary>
    internal static (string KerasClass, Func<JsonElement, Optimizer> FromSettings)? OptimizerForTests
    {
        get => s_optimizerForTests.Value;
        set => s_optimizerForTests.Value = value;
    }

    /// <summary>
    /// How to make the optimizer of a Keras class from its <c>optimizer_config.config</c> settings, when Compiled has it:
    /// each optimizer declares its Keras class and settings itself (<see cref="KerasOptimizers"/>), and writes them
    /// itself (<see cref="Optimizer.WriteKerasConfig"/>), so this file names none.
    /// </summary>
    private static bool TryGetOptimizer(string kerasClass, [NotNullWhen(true)] out Func<JsonElement, Optimizer>? fromSettings)
    {
        if (KerasOptimizers.All.Any(k => k.KerasClass == kerasClass))
            fromSettings = settings => KerasOptimizers.FromKerasConfig(kerasClass, settings)!;
        else
            fromSettings = OptimizerForTests is { } extra && extra.KerasClass == kerasClass ? extra.FromSettings : null;
        return fromSettings is not null;
    }

    /// <summary>The optimizers that can be saved and loaded, for messages.</summary>
    private static string Supported => KerasOptimizers.ClassNames;

    /// <summary>A fresh optimizer with these settings; its state comes from <c>optimizer_weights</c> separately.</summary>
    public Optimizer CreateOptimizer() => OptimizerFactory();

    /// <summary>The <c>training_config</c> JSON of a compiled model.</summary>
    /// <exception cref="NotSupportedException">An optimizer Keras's training configuration cannot name, whose settings and state this layout cannot hold.</exception>
    public static string ToJson(Model model)
    {
        if (model.Losses.Count == 0) throw new InvalidOperationException("Only a compiled model has a training configuration.");
        if (model.Optimizer is not Optimizer optimizer || !TryGetOptimizer(optimizer.Name, out _))
            throw new NotSupportedException($"{model.Name} is compiled with the optimizer '{model.Optimizer?.Name}', whose settings and state cannot be saved; only {Supported} can be. Save before Compile to keep the weights alone.");
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            // One loss for every output is Keras's single entry; several differing losses, its list in output order. Each
            // loss writes itself: its name with Keras's defaults, else its serialized {class_name, config}.
            writer.WritePropertyName("loss");
            if (model.Losses.Select(Serialized).Distinct().Count() == 1)
            {
                model.Losses[0].WriteKerasConfig(writer);
            }
            else
            {
                writer.WriteStartArray();
                foreach (Loss loss in model.Losses) loss.WriteKerasConfig(writer);
                writer.WriteEndArray();
            }
            writer.WriteStartArray("metrics");
            // Each metric writes itself: a function given by name as its string, an object with its settings as Keras serializes it.
            foreach (Metric metric in model.Metrics) metric.WriteKerasConfig(writer);
            writer.WriteEndArray();
            writer.WriteNull("weighted_metrics");
            if (model.LossWeights.All(w => w == 1))
            {
                writer.WriteNull("loss_weights");
            }
            else
            {
                writer.WriteStartArray("loss_weights");
                foreach (double weight in model.LossWeights) writer.WritePythonFloatValue(weight);
                writer.WriteEndArray();
            }
            writer.WriteNull("sample_weight_mode");
            writer.WriteStartObject("optimizer_config");
            writer.WriteString("class_name", optimizer.Name);
            writer.WriteStartObject("config");
            writer.WriteString("name", optimizer.Name);
            optimizer.WriteKerasConfig(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a <c>training_config</c>. Returns null with <paramref name="unsupported"/> saying why when the file
    /// compiled with something this library does not have (another optimizer, loss or metric): the weights still
    /// load, as Keras's <c>load_model</c> goes on with a warning when it cannot compile.
    /// </summary>
    /// <exception cref="FormatException">Text that is not the JSON object Keras writes, or optimizer settings the optimizer does not accept.</exception>
    public static TrainingConfig? Parse(string json, IReadOnlyList<ModelOutput> outputs, out string? unsupported)
    {
        using JsonDocument document = ParseDocument(json);
        IReadOnlyList<string> outputNames = outputs.Select(o => o.Name).ToArray();
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"training_config is a JSON {root.ValueKind}, expected an object.");

        if (!root.TryGetProperty("optimizer_config", out JsonElement optimizer) || optimizer.ValueKind != JsonValueKind.Object
            || !optimizer.TryGetProperty("class_name", out JsonElement className) || className.ValueKind != JsonValueKind.String)
            throw new FormatException("training_config has no optimizer_config with a class_name; expected {\"optimizer_config\": {\"class_name\": \"SGD\", \"config\": {...}}}.");
        string optimizerClass = className.GetString()!;
        if (!TryGetOptimizer(optimizerClass, out Func<JsonElement, Optimizer>? fromSettings))
        {
            unsupported = $"the optimizer is {optimizerClass}, and only {Supported} are supported";
            return null;
        }
        // Keras gives one loss (a name or a serialized {class_name, config}), or one per output as a list (output order)
        // or an object (by output name).
        if (!root.TryGetProperty("loss", out JsonElement lossElement)
            || (lossElement.ValueKind == JsonValueKind.Object && lossElement.TryGetProperty("class_name", out _)
                ? Enumerable.Repeat(lossElement, outputNames.Count).ToArray()
                : PerOutput(lossElement, outputNames)) is not { } lossEntries)
        {
            unsupported = "the loss is not given as one loss, a list of losses or a loss per output name matching the model's outputs";
            return null;
        }
        Loss[] losses = new Loss[lossEntries.Length];
        for (int i = 0; i < losses.Length; i++)
        {
            if (KerasLosses.FromKerasConfig(lossEntries[i], out string? lossUnsupported) is not { } loss)
            {
                unsupported = lossUnsupported;
                return null;
            }
            losses[i] = loss;
        }
        double[]? lossWeights = null;
        if (root.TryGetProperty("loss_weights", out JsonElement weightsElement) && weightsElement.ValueKind != JsonValueKind.Null)
        {
            JsonElement[]? weights = PerOutput(weightsElement, outputNames);
            if (weights is null || weights.Any(w => w.ValueKind != JsonValueKind.Number || !(w.GetDouble() >= 0)))
            {
                unsupported = "loss_weights are not one non-negative number per output";
                return null;
            }
            lossWeights = weights.Select(w => w.GetDouble()).ToArray();
        }

        List<Metric> metrics = [];
        if (root.TryGetProperty("metrics", out JsonElement metricList) && metricList.ValueKind == JsonValueKind.Array)
        {
            // tf.keras 2.4 writes one list per output; this library applies one list to every output, so the
            // outputs' lists must agree, and then count once. 'accuracy' stays unresolved: Compile resolves it per output.
            JsonElement[] items = metricList.EnumerateArray().ToArray();
            bool perOutput = outputs.Count > 1 && items.Length == outputs.Count && items.All(i => i.ValueKind == JsonValueKind.Array);
            List<Metric>? agreed = null;
            for (int o = 0; o < (perOutput ? outputs.Count : 1); o++)
            {
                List<Metric> list = [];
                foreach (JsonElement item in MetricItems(perOutput ? items[o] : metricList))
                {
                    if (ReadMetric(item, out string? reason) is { } metric) list.Add(metric);
                    else { unsupported = reason; return null; }
                }
                if (agreed is not null && !agreed.SequenceEqual(list))
                {
                    unsupported = $"the outputs have different metrics ({string.Join(", ", agreed)} for '{outputs[0].Name}', {string.Join(", ", list)} for '{outputs[o].Name}'), and one list serves every output here";
                    return null;
                }
                agreed ??= list;
            }
            metrics.AddRange(agreed ?? []);
        }

        JsonElement settings = optimizer.TryGetProperty("config", out JsonElement c) && c.ValueKind == JsonValueKind.Object
            ? c : throw new FormatException("training_config's optimizer_config has no config object; expected the optimizer's settings there.");
        // tf.keras saves a learning-rate schedule as an object in place of the rate; one Compiled lacks (or an object
        // anywhere else) leaves the model uncompiled, as Keras's load_model does when it cannot compile.
        foreach (JsonProperty setting in settings.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            string kind = setting.Value.TryGetProperty("class_name", out JsonElement k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "object";
            if (setting.Name is "learning_rate" or "lr" && LearningRateSchedule.KerasClasses.Contains(kind)) continue;
            unsupported = $"the optimizer's {setting.Name} is the schedule {kind}, and only {string.Join(", ", LearningRateSchedule.KerasClasses)} are supported";
            return null;
        }
        // Made once here, so that settings the optimizer refuses are a format error now rather than at compile time;
        // a clone of the settings outlives the document, for each optimizer made later.
        try { fromSettings(settings); }
        catch (ArgumentOutOfRangeException e) { throw new FormatException($"training_config's {optimizerClass} settings are invalid ({e.Message}); expected settings {optimizerClass} accepts."); }
        JsonElement kept = settings.Clone();
        TrainingConfig config = new(losses, lossWeights, metrics.ToArray(), () => fromSettings(kept));
        unsupported = null;
        return config;
    }

    /// <summary>
    /// A per-output setting as Keras writes it: one value for every output, a list in output order, or an object
    /// keyed by output name. Null when its shape does not fit the model's outputs.
    /// </summary>
    private static JsonElement[]? PerOutput(JsonElement element, IReadOnlyList<string> outputNames)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                JsonElement[] list = element.EnumerateArray().ToArray();
                return list.Length == outputNames.Count ? list : null;
            case JsonValueKind.Object:
                // A single output's entry counts whatever its key: a Sequential model's output is its last layer.
                JsonProperty[] entries = element.EnumerateObject().ToArray();
                if (outputNames.Count == 1 && entries.Length == 1) return [entries[0].Value];
                JsonElement[] byName = new JsonElement[outputNames.Count];
                for (int i = 0; i < byName.Length; i++)
                    if (!element.TryGetProperty(outputNames[i], out byName[i])) return null;
                return byName;
            default:
                return Enumerable.Repeat(element, outputNames.Count).ToArray();
        }
    }

    /// <summary>A loss as its training_config entry, to tell whether the outputs' losses are one and the same.</summary>
    private static string Serialized(Loss loss)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer)) loss.WriteKerasConfig(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static JsonDocument ParseDocument(string json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw new FormatException($"training_config is not valid JSON ({e.Message}); expected the JSON object Keras writes."); }
    }

    /// <summary>The metric entries of a list, nested lists flattened (tf.keras 2.4 nests one list per output).</summary>
    private static IEnumerable<JsonElement> MetricItems(JsonElement list)
    {
        foreach (JsonElement item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
                foreach (JsonElement inner in MetricItems(item)) yield return inner;
            else
                yield return item;
        }
    }

    /// <summary>
    /// One saved metric: a name (Keras 2.3, or as given), or an object (<c>{"class_name": "AUC", "config": {...}}</c>,
    /// tf.keras 2.4's <c>MeanMetricWrapper</c> of a function). Null with the reason for one Compiled lacks or whose
    /// settings it cannot hold; each metric reads its own settings, so this file names none.
    /// </summary>
    /// <exception cref="FormatException">Neither a name nor an object with a class name and config, or settings of the wrong JSON type or range.</exception>
    private static Metric? ReadMetric(JsonElement item, out string? unsupported)
    {
        unsupported = null;
        if (item.ValueKind == JsonValueKind.String)
        {
            string name = item.GetString()!;
            if (KerasMetrics.FromName(name) is { } named) return named;
            unsupported = $"the metric '{name}' is not supported (only {KerasMetrics.Names} are)";
            return null;
        }
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("class_name", out JsonElement className) || className.ValueKind != JsonValueKind.String
            || !item.TryGetProperty("config", out JsonElement config) || config.ValueKind != JsonValueKind.Object)
            throw new FormatException($"training_config's metrics hold {item.GetRawText()}; expected metric names or objects with a class_name and a config.");
        string kerasClass = className.GetString()!;
        try
        {
            if (KerasMetrics.FromKerasConfig(kerasClass, config) is { } metric) return metric;
            unsupported = $"the metric class {kerasClass} is not supported (only {KerasMetrics.Names} are)";
            return null;
        }
        catch (NotSupportedException e)
        {
            unsupported = e.Message;
            return null;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"training_config's {kerasClass} metric has settings it does not accept ({e.Message}).");
        }
    }
}
