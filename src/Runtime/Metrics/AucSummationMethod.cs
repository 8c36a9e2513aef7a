namespace Compiled;

/// <summary>How <see cref="AucMetric"/> adds up the area between thresholds, Keras's <c>summation_method</c> argument.</summary>
public enum AucSummationMethod
{
    /// <summary><c>'interpolation'</c>: trapezoids for ROC; for PR, Davis and Goadrich's interpolation of precision between thresholds.</summary>
    Interpolation,

    /// <summary><c>'minoring'</c>: the lower of each interval's two heights (a lower bound).</summary>
    Minoring,

    /// <summary><c>'majoring'</c>: the higher of each interval's two heights (an upper bound).</summary>
    Majoring,
}
