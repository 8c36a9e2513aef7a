namespace Compiled;

/// <summary>The checks every optimizer's constructor makes, with messages that name the argument, Keras's name for it and the range expected.</summary>
internal static class OptimizerArguments
{
    /// <summary>A finite number above 0, as learning rates and epsilons must be.</summary>
    public static double Positive(double value, string parameter, string kerasName)
        => value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} (Keras's {kerasName}) must be a positive finite number; got {value}.");

    /// <summary>A finite number of 0 or more, as decays and initial accumulator values must be.</summary>
    public static double NotNegative(double value, string parameter, string kerasName)
        => value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} (Keras's {kerasName}) must be 0 or more; got {value}.");

    /// <summary>A number in [0, 1), as decay rates of running averages (β₁, β₂, ρ, momentum) must be.</summary>
    public static double Fraction(double value, string parameter, string kerasName)
        => value >= 0 && value < 1 ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} (Keras's {kerasName}) must be in [0, 1); got {value}.");
}
