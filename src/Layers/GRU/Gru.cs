namespace Compiled.Kernels;

/// <summary>
/// The kernels of Keras's GRU, which the generated code calls around its loop over time steps, beside every recurrent
/// layer's (<see cref="Recurrent"/>: the steps' rows, the outputs and their gradients). As there, every buffer is
/// time-major in processing order, one step's rows contiguous:
/// <list type="bullet">
/// <item><c>inputs</c> <c>(steps, batch, features)</c>: the input, step <c>s</c> holding time <c>s</c>, or <c>T-1-s</c> with <c>go_backwards</c>;</item>
/// <item><c>gates</c> <c>(steps, batch, 3·units)</c>: <c>x·kernel</c> plus the input bias, the blocks z, r, h in Keras's order
/// (with <c>reset_after=False</c> the recurrent products are added to them); after the step's cell, the gates <c>z</c>,
/// <c>r</c> and the candidate <c>h̃</c> themselves;</item>
/// <item><c>recurrent</c> <c>(steps, batch, 3·units)</c>, with <c>reset_after=True</c> only: <c>h₋₁·recurrent_kernel</c> plus the
/// recurrent bias, kept because the reset gate multiplies its h block;</item>
/// <item><c>resetHidden</c> <c>(steps, batch, units)</c>, with <c>reset_after=False</c> only: <c>r ⊙ h₋₁</c>, the operand of the candidate's recurrent product;</item>
/// <item><c>hidden</c> <c>(steps, batch, units)</c>: each step's <c>h</c>.</item>
/// </list>
/// The initial state is zero. The backward pass keeps the same layout for the gradients: <c>gateGradients</c> are the
/// gradients of the input side's pre-activations (<c>x·kernel + bias</c>), and with <c>reset_after=True</c>
/// <c>recurrentGradients</c> those of the recurrent side's, which differ in the h block by the factor <c>r</c>.
/// </summary>
public static partial class Gru
{
    /// <summary>
    /// The input product of every step at once, <see cref="Recurrent.ProjectInputs"/> with the input bias:
    /// <paramref name="x"/> <c>(batch, steps, features)</c> into <paramref name="inputs"/> time-major in processing order,
    /// then <c>gates = inputs · kernel + input bias</c>, one product of <c>steps·batch</c> rows. With <paramref name="resetAfter"/>
    /// the bias is Keras's <c>(2, 3·units)</c>, its second row the recurrent bias, which fills every row of
    /// <paramref name="recurrent"/> for the per-step products to add to (zeros without a bias).
    /// </summary>
    public static void ProjectInputs(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> inputs, Span<float> gates,
        Span<float> recurrent, int batch, int steps, int features, int units, bool resetAfter, bool goBackwards, ReadOnlySpan<float> inputMask = default)
    {
        int rows = steps * batch, width = 3 * units;
        ReadOnlySpan<float> inputBias = bias.IsEmpty ? bias : bias.Slice(0, width);
        Recurrent.ProjectInputs(x, kernel, inputBias, inputs, gates, batch, steps, features, width, goBackwards, inputMask);
        if (!resetAfter) return;
        Check(recurrent.Length, rows * width, nameof(recurrent));
        for (int row = 0; row < rows; row++)
        {
            Span<float> to = recurrent.Slice(row * width, width);
            if (bias.IsEmpty) to.Clear();
            else bias.Slice(width, width).CopyTo(to);
        }
    }

    /// <summary>
    /// Ends the backward pass with one product per weight over every step at once, each gradient overwritten:
    /// <c>dKernel = inputsᵀ · dGates</c>, the input bias's column sums and <c>dx</c> as every recurrent layer's
    /// (<see cref="Recurrent.WeightGradients"/>, from <paramref name="gateGradients"/>); the recurrent kernel's from the
    /// hidden states of steps 0…T-2 against the gradients of steps 1…T-1: with <paramref name="resetAfter"/> <c>Σ hₛ₋₁ᵀ · dRecurrentₛ</c>, otherwise <c>Σ hₛ₋₁ᵀ · dGates[z, r]</c> for its
    /// z and r columns and <c>Σ (r ⊙ hₛ₋₁)ᵀ · dGates[h]</c> for its h columns; with
    /// <paramref name="resetAfter"/> the recurrent bias's column sums from <paramref name="recurrentGradients"/>. Unless
    /// <paramref name="inputGradient"/> is empty, <c>dx = dGates · kernelᵀ</c> goes back batch-major in time order through
    /// the forward pass's <paramref name="inputMask"/>, if it had one; added with <paramref name="accumulate"/>.
    /// </summary>
    public static void WeightGradients(Span<float> inputs, ReadOnlySpan<float> hidden, ReadOnlySpan<float> resetHidden, ReadOnlySpan<float> gateGradients,
        ReadOnlySpan<float> recurrentGradients, ReadOnlySpan<float> kernel, Span<float> kernelGradient, Span<float> recurrentKernelGradient, Span<float> biasGradient,
        Span<float> inputGradient, int batch, int steps, int features, int units, bool resetAfter, bool goBackwards,
        ReadOnlySpan<float> inputMask = default, bool accumulate = false)
    {
        int rows = steps * batch, width = 3 * units, later = rows - batch;
        Check(inputs.Length, rows * features, nameof(inputs));
        Check(hidden.Length, rows * units, nameof(hidden));
        Check(gateGradients.Length, rows * width, nameof(gateGradients));
        Check(recurrentGradients.Length, resetAfter ? rows * width : 0, nameof(recurrentGradients));
        Check(resetHidden.Length, resetAfter ? 0 : rows * units, nameof(resetHidden));
        Check(kernelGradient.Length, features * width, nameof(kernelGradient));
        Check(recurrentKernelGradient.Length, units * width, nameof(recurrentKernelGradient));
        if (!biasGradient.IsEmpty) Check(biasGradient.Length, (resetAfter ? 2 : 1) * width, nameof(biasGradient));
        ReadOnlySpan<float> dGates = gateGradients.Slice(0, rows * width);

        // The recurrent kernel's gradient is the GRU's own (from dRecurrent, or block by block); the rest is every recurrent layer's.
        recurrentKernelGradient = recurrentKernelGradient.Slice(0, units * width);
        recurrentKernelGradient.Clear();
        if (steps > 1)
        {
            if (resetAfter)
                Gemm.MultiplyAddTransposedA(hidden.Slice(0, later * units), recurrentGradients.Slice(batch * width, later * width), recurrentKernelGradient, units, later, width);
            else
            {
                // Two column blocks of the same (units, 3·units) matrix, each read and written in place.
                ReadOnlySpan<float> stepsAfterFirst = dGates.Slice(batch * width);
                Product(hidden, 1, units, stepsAfterFirst, width, 1, recurrentKernelGradient, width, units, later, 2 * units);
                Product(resetHidden.Slice(batch * units), 1, units, stepsAfterFirst.Slice(2 * units), width, 1,
                    recurrentKernelGradient.Slice(2 * units), width, units, later, units);
            }
        }
        if (resetAfter && !biasGradient.IsEmpty) Dense.ColumnSums(recurrentGradients, biasGradient.Slice(width, width), rows, width, SimdPaths.Best);
        Recurrent.WeightGradients(inputs, hidden, dGates, kernel, kernelGradient, Span<float>.Empty, biasGradient.IsEmpty ? biasGradient : biasGradient.Slice(0, width),
            inputGradient, batch, steps, features, units, width, goBackwards, inputMask, accumulate);
    }

    private static void Check(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values; the GRU's sizes need {needed}.", name);
    }
}
