namespace Compiled;

/// <summary>Which curve <see cref="AucMetric"/> measures the area under, Keras's <c>curve</c> argument.</summary>
public enum AucCurve
{
    /// <summary><c>'ROC'</c>: recall (true positive rate) against false positive rate.</summary>
    ROC,

    /// <summary><c>'PR'</c>: precision against recall.</summary>
    PR,
}
