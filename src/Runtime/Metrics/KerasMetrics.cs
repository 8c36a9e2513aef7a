using System.Text.Json;

namespace Compiled;

/// <summary>The metrics Keras names, each as it declares itself (<see cref="MetricKind"/>): function and class names for <c>compile</c>, class names and configs for files.</summary>
internal static class KerasMetrics
{
    /// <summary>Every metric, in the order Keras's documentation lists them.</summary>
    public static IReadOnlyList<MetricKind> All { get; } =
    [
        AccuracyMetric.Kind, BinaryAccuracyMetric.Kind, CategoricalAccuracyMetric.Kind, SparseCategoricalAccuracyMetric.Kind,
        TopKCategoricalAccuracyMetric.Kind, SparseTopKCategoricalAccuracyMetric.Kind, AucMetric.Kind, PrecisionMetric.Kind, RecallMetric.Kind,
        MeanAbsoluteErrorMetric.Kind, MeanSquaredErrorMetric.Kind,
    ];

    /// <summary>The names <see cref="Metric.FromName"/> takes, for messages.</summary>
    public static string Names => string.Join(", ", All.SelectMany(k => k.FunctionNames.Concat(k.KerasClass is { } c ? [c] : Array.Empty<string>())).Select(n => $"'{n}'"));

    /// <summary>The metric of a function name (logged under that name) or a class name (its defaults), or null for one Compiled lacks.</summary>
    public static Metric? FromName(string name)
    {
        foreach (MetricKind kind in All)
            if (kind.FunctionNames.Contains(name)) return kind.Create(name);
        return All.FirstOrDefault(k => k.KerasClass == name) is { } byClass ? byClass.Create(byClass.DefaultName) : null;
    }

    /// <summary>
    /// The metric a saved <c>{"class_name", "config"}</c> object describes, or null when Compiled lacks its class.
    /// tf.keras 2.4 to 2.x save a metric given by name as a <c>MeanMetricWrapper</c> of its function (<c>fn</c>) under
    /// the name it was given: the function's metric under that name, and <c>accuracy</c> again when it was.
    /// </summary>
    /// <exception cref="FormatException">Settings of the wrong JSON type.</exception>
    /// <exception cref="NotSupportedException">Settings Compiled's metric cannot hold (several thresholds, multi_label).</exception>
    /// <exception cref="ArgumentException">Settings out of the metric's range.</exception>
    public static Metric? FromKerasConfig(string kerasClass, JsonElement config)
    {
        if (kerasClass == "MeanMetricWrapper")
        {
            string function = config.TryGetProperty("fn", out JsonElement fn) && fn.ValueKind == JsonValueKind.String
                ? fn.GetString()! : throw new FormatException("A MeanMetricWrapper in training_config has no config.fn; expected the metric function's name there.");
            MetricKind? kind = All.FirstOrDefault(k => k.FunctionNames.Contains(function));
            if (kind is null) throw new NotSupportedException($"the metric function '{function}' is not supported (only {Names} are)");
            string name = new KerasMetricSettings(config, function).Name;
            return AccuracyMetric.Kind.FunctionNames.Contains(name) && AccuracyMetric.Resolves(function) ? new AccuracyMetric(name) : kind.Create(name);
        }
        MetricKind? byClass = All.FirstOrDefault(k => k.KerasClass == kerasClass);
        return byClass?.FromConfig(new KerasMetricSettings(config, byClass.DefaultName));
    }
}
