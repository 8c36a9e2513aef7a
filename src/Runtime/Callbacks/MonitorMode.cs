namespace Compiled;

/// <summary>Keras's <c>mode</c> of a monitoring callback: whether the monitored value improves by going down or up.</summary>
public enum MonitorMode
{
    /// <summary>Keras's <c>'auto'</c>: decided from the monitored name (accuracies go up, losses down); each callback uses Keras's own rule.</summary>
    Auto,

    /// <summary>Keras's <c>'min'</c>: lower is better.</summary>
    Min,

    /// <summary>Keras's <c>'max'</c>: higher is better.</summary>
    Max,
}
