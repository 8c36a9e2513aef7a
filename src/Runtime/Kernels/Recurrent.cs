using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// The kernels every recurrent layer (LSTM, GRU, SimpleRNN) calls around its loop over time steps. Their buffers are time-major
/// in processing order (step by step, each step a batch of rows), so that one step's rows are contiguous for the
/// recurrent product and the whole sequence is one matrix for the input and weight products:
/// <list type="bullet">
/// <item><c>inputs</c> <c>(steps, batch, features)</c>: the input, step <c>s</c> holding time <c>s</c>, or <c>T-1-s</c> with <c>go_backwards</c>;</item>
/// <item><c>preactivations</c> <c>(steps, batch, width)</c>: <c>x·kernel + bias</c>, to which each step adds <c>h·recurrent_kernel</c>
/// (<c>width</c> is the kernel's columns: <c>units</c> for a SimpleRNN, <c>3·units</c> for a GRU's gates, <c>4·units</c> for an LSTM's);</item>
/// <item><c>hidden</c> <c>(steps, batch, units)</c>: each step's output <c>h</c>.</item>
/// </list>
/// The backward pass keeps the same layout for the gradients.
/// </summary>
public static class Recurrent
{
    /// <summary>Step <paramref name="step"/>'s rows of a time-major buffer: <c>batch × width</c> values.</summary>
    public static Span<float> Step(float[] buffer, int step, int batch, int width) => new(buffer, step * batch * width, batch * width);

    /// <summary>
    /// The input product of every step at once: copies <paramref name="x"/> <c>(batch, steps, features)</c> into
    /// <paramref name="inputs"/> time-major in processing order (reversed in time with <paramref name="goBackwards"/>),
    /// then <c>preactivations = inputs · kernel + bias</c>, one product of <c>steps·batch</c> rows of <paramref name="width"/>
    /// columns. With an <paramref name="inputMask"/> <c>(batch, features)</c> (input dropout while training), every step of
    /// sample <c>b</c> is multiplied by its row, as Keras applies one mask to the whole sequence.
    /// </summary>
    public static void ProjectInputs(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> inputs, Span<float> preactivations,
        int batch, int steps, int features, int width, bool goBackwards, ReadOnlySpan<float> inputMask = default)
    {
        int rows = steps * batch;
        Check(x.Length, rows * features, nameof(x));
        Check(inputs.Length, rows * features, nameof(inputs));
        if (!inputMask.IsEmpty) Check(inputMask.Length, batch * features, nameof(inputMask));
        for (int s = 0; s < steps; s++)
        {
            int time = goBackwards ? steps - 1 - s : s;
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> from = x.Slice((b * steps + time) * features, features);
                Span<float> to = inputs.Slice((s * batch + b) * features, features);
                if (inputMask.IsEmpty) from.CopyTo(to);
                else TensorPrimitives.Multiply(from, inputMask.Slice(b * features, features), to);
            }
        }
        Dense.Forward(inputs, kernel, bias, preactivations, rows, features, width);
    }

    /// <summary>
    /// The layer's output from the hidden states: with <paramref name="returnSequences"/> every step's <c>h</c>,
    /// <c>(batch, steps, units)</c> in processing order (so reversed in time with <c>go_backwards</c>, as Keras returns
    /// it); otherwise the last step's, <c>(batch, units)</c>.
    /// </summary>
    public static void Outputs(ReadOnlySpan<float> hidden, Span<float> output, int batch, int steps, int units, bool returnSequences)
    {
        Check(hidden.Length, steps * batch * units, nameof(hidden));
        Check(output.Length, (returnSequences ? steps : 1) * batch * units, nameof(output));
        if (!returnSequences)
        {
            hidden.Slice((steps - 1) * batch * units, batch * units).CopyTo(output);
            return;
        }
        for (int s = 0; s < steps; s++)
            for (int b = 0; b < batch; b++)
                hidden.Slice((s * batch + b) * units, units).CopyTo(output.Slice((b * steps + s) * units, units));
    }

    /// <summary>
    /// Starts the backward pass: each step's <c>dh</c> from the output's gradient, time-major as <see cref="Outputs"/> read
    /// it (every step's with <paramref name="returnSequences"/>, else the last step's and zeros before it).
    /// </summary>
    public static void OutputGradients(ReadOnlySpan<float> outputGradient, Span<float> hiddenGradients, int batch, int steps, int units, bool returnSequences)
    {
        Check(outputGradient.Length, (returnSequences ? steps : 1) * batch * units, nameof(outputGradient));
        Check(hiddenGradients.Length, steps * batch * units, nameof(hiddenGradients));
        if (!returnSequences)
        {
            hiddenGradients.Slice(0, (steps - 1) * batch * units).Clear();
            outputGradient.Slice(0, batch * units).CopyTo(hiddenGradients.Slice((steps - 1) * batch * units));
            return;
        }
        for (int s = 0; s < steps; s++)
            for (int b = 0; b < batch; b++)
                outputGradient.Slice((b * steps + s) * units, units).CopyTo(hiddenGradients.Slice((s * batch + b) * units, units));
    }

    /// <summary>
    /// Ends the backward pass with one product per weight over every step at once, from the pre-activations' gradients
    /// <c>dz</c> <c>(steps, batch, width)</c>: <c>dKernel = inputsᵀ · dz</c>, <c>dRecurrentKernel = Σₛ hₛ₋₁ᵀ · dzₛ</c> (the
    /// hidden states of steps 0…T-2 against the gradients of steps 1…T-1, as one product), <c>dBias = Σ dz</c>, each
    /// overwritten (an empty <paramref name="recurrentKernelGradient"/> or <paramref name="biasGradient"/> left to the caller,
    /// as a GRU computes its recurrent kernel's from gradients of its own); then, unless <paramref name="inputGradient"/> is empty, <c>dx = dz · kernelᵀ</c>, computed into
    /// <paramref name="inputs"/> (no longer needed) and written back batch-major in time order (through the forward pass's
    /// <paramref name="inputMask"/>, if it had one), added to <paramref name="inputGradient"/> with <paramref name="accumulate"/>.
    /// </summary>
    public static void WeightGradients(Span<float> inputs, ReadOnlySpan<float> hidden, ReadOnlySpan<float> preactivationGradients, ReadOnlySpan<float> kernel,
        Span<float> kernelGradient, Span<float> recurrentKernelGradient, Span<float> biasGradient, Span<float> inputGradient,
        int batch, int steps, int features, int units, int width, bool goBackwards, ReadOnlySpan<float> inputMask = default, bool accumulate = false)
    {
        int rows = steps * batch;
        Check(inputs.Length, rows * features, nameof(inputs));
        Check(hidden.Length, rows * units, nameof(hidden));
        Check(preactivationGradients.Length, rows * width, nameof(preactivationGradients));
        ReadOnlySpan<float> dz = preactivationGradients.Slice(0, rows * width);

        kernelGradient = kernelGradient.Slice(0, features * width);
        kernelGradient.Clear();
        if (!recurrentKernelGradient.IsEmpty)
        {
            recurrentKernelGradient = recurrentKernelGradient.Slice(0, units * width);
            recurrentKernelGradient.Clear();
        }
        if (!biasGradient.IsEmpty)
        {
            biasGradient = biasGradient.Slice(0, width);
            biasGradient.Clear();
        }
        // The recurrent kernel's product pairs the states of steps 0…T-2 with the gradients of steps 1…T-1.
        int recurrentRows = recurrentKernelGradient.IsEmpty || steps < 2 ? 0 : units;
        Gemm.MultiplyAddTransposedAStacked(inputs, kernelGradient, features, hidden.Slice(0, recurrentRows == 0 ? 0 : (rows - batch) * units), recurrentKernelGradient,
            recurrentRows, depth2: recurrentRows == 0 ? rows : batch, biasGradient, dz, rows, width, SimdPaths.Best);
        if (inputGradient.IsEmpty) return;

        Check(inputGradient.Length, rows * features, nameof(inputGradient));
        if (!inputMask.IsEmpty) Check(inputMask.Length, batch * features, nameof(inputMask));
        Span<float> stepInputGradients = inputs.Slice(0, rows * features);
        stepInputGradients.Clear();
        Gemm.MultiplyAddTransposedB(dz, kernel, stepInputGradients, rows, width, features);
        for (int s = 0; s < steps; s++)
        {
            int time = goBackwards ? steps - 1 - s : s;
            for (int b = 0; b < batch; b++)
            {
                Span<float> from = stepInputGradients.Slice((s * batch + b) * features, features);
                Span<float> to = inputGradient.Slice((b * steps + time) * features, features);
                if (!inputMask.IsEmpty) TensorPrimitives.Multiply(from, inputMask.Slice(b * features, features), from);
                if (accumulate) TensorPrimitives.Add(to, from, to);
                else from.CopyTo(to);
            }
        }
    }

    private static void Check(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values; the recurrent layer's sizes need {needed}.", name);
    }
}
