using System.Text;
using System.Text.Json;

namespace Compiled.Hdf5;

/// <summary>
/// The root <c>training_config</c> attribute: what <c>compile</c> was given. Written as tf.keras 2.4 writes it
/// (<c>loss</c>, <c>metrics</c>, <c>loss_weights</c>, <c>optimizer_config</c>); read back into the loss, metrics
/// and SGD settings this library has, or into the reason it cannot be.
/// </summary>
/// <param name="Loss">The loss to compile with.</param>
/// <param name="Metrics">The metrics to compile with.</param>
/// <param name="LearningRate">SGD's <c>learning_rate</c> (Keras 2.2's <c>lr</c>).</param>
/// <param name="Momentum">SGD's <c>momentum</c>.</param>
/// <param name="Decay">SGD's legacy <c>decay</c>.</param>
/// <param name="Nesterov">SGD's <c>nesterov</c>.</param>
internal sealed record TrainingConfig(Loss Loss, Metric[] Metrics, double LearningRate, double Momentum, double Decay, bool Nesterov)
{
    /// <summary>The optimizer's name in <c>optimizer_config</c> and in <c>optimizer_weights</c>' paths.</summary>
    public const string OptimizerName = "SGD";

    /// <summary>A fresh optimizer with these settings; its state comes from <c>optimizer_weights</c> separately.</summary>
    public SGD CreateOptimizer() => new(LearningRate, Momentum, Decay, Nesterov);

    /// <summary>The <c>training_config</c> JSON of a compiled model.</summary>
    /// <exception cref="NotSupportedException">An optimizer other than SGD, whose settings and state this layout cannot hold.</exception>
    public static string ToJson(Model model)
    {
        Loss loss = model.Loss ?? throw new InvalidOperationException("Only a compiled model has a training configuration.");
        if (model.Optimizer is not SGD sgd)
            throw new NotSupportedException($"{model.Name} is compiled with the optimizer '{model.Optimizer?.Name}', whose settings and state cannot be saved; only SGD can be. Save before Compile to keep the weights alone.");
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("loss", loss.Name);
            writer.WriteStartArray("metrics");
            foreach (Metric metric in model.Metrics) writer.WriteStringValue(metric.Name);
            writer.WriteEndArray();
            writer.WriteNull("weighted_metrics");
            writer.WriteNull("loss_weights");
            writer.WriteNull("sample_weight_mode");
            writer.WriteStartObject("optimizer_config");
            writer.WriteString("class_name", OptimizerName);
            writer.WriteStartObject("config");
            writer.WriteString("name", OptimizerName);
            writer.WritePythonFloat("learning_rate", sgd.LearningRate);
            writer.WritePythonFloat("decay", sgd.Decay);
            writer.WritePythonFloat("momentum", sgd.Momentum);
            writer.WriteBoolean("nesterov", sgd.Nesterov);
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
    /// <exception cref="FormatException">Text that is not the JSON object Keras writes, or SGD settings no SGD accepts.</exception>
    public static TrainingConfig? Parse(string json, int outputWidth, out string? unsupported)
    {
        using JsonDocument document = ParseDocument(json);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"training_config is a JSON {root.ValueKind}, expected an object.");

        if (!root.TryGetProperty("optimizer_config", out JsonElement optimizer) || optimizer.ValueKind != JsonValueKind.Object
            || !optimizer.TryGetProperty("class_name", out JsonElement className) || className.ValueKind != JsonValueKind.String)
            throw new FormatException("training_config has no optimizer_config with a class_name; expected {\"optimizer_config\": {\"class_name\": \"SGD\", \"config\": {...}}}.");
        if (className.GetString() != OptimizerName)
        {
            unsupported = $"the optimizer is {className.GetString()}, and only SGD is supported";
            return null;
        }
        if (!root.TryGetProperty("loss", out JsonElement lossElement) || lossElement.ValueKind != JsonValueKind.String)
        {
            unsupported = "the loss is not given by name (per-output or object losses are not supported)";
            return null;
        }
        string lossName = lossElement.GetString()!;
        Loss loss;
        try { loss = Loss.FromName(lossName); }
        catch (ArgumentException) { unsupported = $"the loss is '{lossName}', and only categorical_crossentropy and mean_squared_error are supported"; return null; }

        List<Metric> metrics = [];
        if (root.TryGetProperty("metrics", out JsonElement metricList) && metricList.ValueKind == JsonValueKind.Array)
        {
            foreach (string name in MetricNames(metricList))
            {
                // Keras resolves 'accuracy' by the loss and output: binary for one output value, else categorical.
                string resolved = name is "accuracy" or "acc" ? (outputWidth == 1 ? "binary_accuracy" : "categorical_accuracy") : name;
                try { metrics.Add(Metric.FromName(resolved)); }
                catch (ArgumentException) { unsupported = $"the metric '{name}' is not supported (only categorical_accuracy, binary_accuracy and accuracy are)"; return null; }
            }
        }

        JsonElement settings = optimizer.TryGetProperty("config", out JsonElement c) && c.ValueKind == JsonValueKind.Object
            ? c : throw new FormatException("training_config's optimizer_config has no config object; expected the optimizer's settings there.");
        double learningRate = Number(settings, "learning_rate", Number(settings, "lr", 0.01));
        double momentum = Number(settings, "momentum", 0);
        double decay = Number(settings, "decay", 0);
        bool nesterov = settings.TryGetProperty("nesterov", out JsonElement n) && n.ValueKind == JsonValueKind.True;
        TrainingConfig config = new(loss, metrics.ToArray(), learningRate, momentum, decay, nesterov);
        try { config.CreateOptimizer(); }
        catch (ArgumentOutOfRangeException e) { throw new FormatException($"training_config's SGD settings are invalid ({e.Message}); expected settings SGD accepts."); }
        unsupported = null;
        return config;
    }

    private static JsonDocument ParseDocument(string json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw new FormatException($"training_config is not valid JSON ({e.Message}); expected the JSON object Keras writes."); }
    }

    /// <summary>Metric names from Keras 2.3's list of strings or tf.keras 2.4's per-output lists of MeanMetricWrapper objects.</summary>
    private static IEnumerable<string> MetricNames(JsonElement list)
    {
        foreach (JsonElement item in list.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    yield return item.GetString()!;
                    break;
                case JsonValueKind.Array:
                    foreach (string name in MetricNames(item)) yield return name;
                    break;
                case JsonValueKind.Object when item.TryGetProperty("config", out JsonElement config) && config.ValueKind == JsonValueKind.Object:
                    if (config.TryGetProperty("fn", out JsonElement fn) && fn.ValueKind == JsonValueKind.String) yield return fn.GetString()!;
                    else if (config.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String) yield return name.GetString()!;
                    else throw new FormatException("training_config names a metric object without config.fn or config.name; expected a metric name there.");
                    break;
                default:
                    throw new FormatException($"training_config's metrics hold a JSON {item.ValueKind}, expected names or metric objects.");
            }
        }
    }

    private static double Number(JsonElement settings, string name, double fallback)
    {
        if (!settings.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new FormatException($"training_config's optimizer setting '{name}' is a JSON {value.ValueKind}, expected a number.");
    }
}
