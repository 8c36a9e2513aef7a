namespace Compiled.Kernels;

/// <summary>
/// The step kernels of Keras's SimpleRNN, which the generated code calls inside its loop over time steps, between the
/// <see cref="Recurrent"/> kernels it shares with the LSTM. The layer keeps one time-major buffer <c>hidden</c>
/// <c>(steps, batch, units)</c>: <see cref="Recurrent.ProjectInputs"/> fills it with <c>x·kernel + bias</c>, each step adds
/// <c>h₋₁·recurrent_kernel</c> to its rows and <see cref="Activate(float[], int, int, int, Activation)"/> turns them into <c>h</c> in place. Backward, the
/// gradients' buffer holds each step's <c>dh</c> until <see cref="ActivateBackward(float[], float[], int, int, int, Activation)"/> turns it into <c>dz</c> in place.
/// A step's rows are contiguous, so each call is one pass over <c>batch·units</c> values.
/// </summary>
public static class SimpleRnn
{
    /// <summary><c>h = act(z)</c> over step <paramref name="step"/>'s rows of <paramref name="hidden"/>, in place.</summary>
    public static void Activate(float[] hidden, int step, int batch, int units, Activation activation)
        => Activate(hidden, step, batch, units, activation, SimdPaths.Best);

    internal static void Activate(float[] hidden, int step, int batch, int units, Activation activation, SimdPath path)
    {
        Span<float> h = Rows(hidden, step, batch, units, nameof(hidden));
        switch (activation)
        {
            case Activation.Tanh: ActivationDriver.Apply<TanhFunction>(h, h, path); break;
            case Activation.Sigmoid: ActivationDriver.Apply<SigmoidFunction>(h, h, path); break;
            case Activation.HardSigmoid: ActivationDriver.Apply<HardSigmoidFunction>(h, h, path); break;
            case Activation.Relu: ActivationDriver.Apply<ReluFunction>(h, h, path); break;
            case Activation.Linear: break;
            default: throw Unsupported(activation);
        }
    }

    /// <summary>
    /// <c>dz = dh · act'(z)</c> over step <paramref name="step"/>'s rows of <paramref name="hiddenGradients"/>, in place, each
    /// derivative from the step's output <c>h</c> in <paramref name="hidden"/>.
    /// </summary>
    public static void ActivateBackward(float[] hidden, float[] hiddenGradients, int step, int batch, int units, Activation activation)
        => ActivateBackward(hidden, hiddenGradients, step, batch, units, activation, SimdPaths.Best);

    internal static void ActivateBackward(float[] hidden, float[] hiddenGradients, int step, int batch, int units, Activation activation, SimdPath path)
    {
        Span<float> h = Rows(hidden, step, batch, units, nameof(hidden)), dh = Rows(hiddenGradients, step, batch, units, nameof(hiddenGradients));
        switch (activation)
        {
            case Activation.Tanh: GradientDriver.Apply<TanhGradient>(h, dh, dh, path); break;
            case Activation.Sigmoid: GradientDriver.Apply<SigmoidGradient>(h, dh, dh, path); break;
            case Activation.HardSigmoid: GradientDriver.Apply<HardSigmoidGradient>(h, dh, dh, path); break;
            case Activation.Relu: GradientDriver.Apply<ReluGradient>(h, dh, dh, path); break;
            case Activation.Linear: break;
            default: throw Unsupported(activation);
        }
    }

    private static Span<float> Rows(float[] buffer, int step, int batch, int units, string name)
    {
        ArgumentNullException.ThrowIfNull(buffer, name);
        int end = (step + 1) * batch * units;
        if (step < 0 || buffer.Length < end)
            throw new ArgumentException($"{name} holds {buffer.Length} values; step {step} of the SimpleRNN's sizes needs {end}.", name);
        return buffer.AsSpan(step * batch * units, batch * units);
    }

    private static ArgumentOutOfRangeException Unsupported(Activation function)
        => new("activation", function, $"The SimpleRNN applies tanh, sigmoid, hard_sigmoid, relu or linear; got {function}.");
}
