namespace Compiled;

/// <summary>How a metric declares itself to the registry (<see cref="KerasMetrics"/>): its Keras names and how to make it.</summary>
/// <param name="KerasClass">Its class in <c>tf.keras.metrics</c> (<c>AUC</c>), or null for a name alone (<c>accuracy</c>).</param>
/// <param name="DefaultName">The name an object of the class logs under by default (<c>auc</c>).</param>
/// <param name="FunctionNames">The function names <c>compile</c> takes for it, each also its log name (<c>mae</c>, <c>mean_absolute_error</c>).</param>
/// <param name="Create">The metric with default settings under a name.</param>
/// <param name="FromConfig">The metric a saved <c>config</c> object describes.</param>
internal sealed record MetricKind(string? KerasClass, string DefaultName, IReadOnlyList<string> FunctionNames, Func<string, Metric> Create, Func<KerasMetricSettings, Metric> FromConfig);
