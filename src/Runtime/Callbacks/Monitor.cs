namespace Compiled;

/// <summary>What the monitoring callbacks share: reading the monitored value from the logs, with a clear error when it is not there.</summary>
internal static class Monitor
{
    /// <summary>
    /// The value of <paramref name="monitor"/> in <paramref name="logs"/>. Keras warns and skips the epoch when it is
    /// missing; a name that is never logged (a typo, or <c>val_loss</c> without validation data) would then silently
    /// do nothing for the whole run, so here it is an error naming what the logs hold.
    /// </summary>
    public static double Value(Logs logs, string monitor, string callback)
        => logs.TryGetValue(monitor, out double value) ? value
            : throw new InvalidOperationException($"{callback} monitors '{monitor}', which the epoch's logs do not have; they have {logs.Describe()}. (val_ values need validationData or validationSplit.)");

    /// <summary>Whether <paramref name="mode"/> is higher-is-better, <paramref name="autoIsMax"/> deciding <see cref="MonitorMode.Auto"/>.</summary>
    public static bool IsMax(MonitorMode mode, bool autoIsMax) => mode switch
    {
        MonitorMode.Min => false,
        MonitorMode.Max => true,
        MonitorMode.Auto => autoIsMax,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), $"mode must be Auto, Min or Max; got {mode}."),
    };

    public static string RequireName(string monitor)
    {
        ArgumentException.ThrowIfNullOrEmpty(monitor);
        return monitor;
    }
}
