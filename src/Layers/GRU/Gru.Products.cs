namespace Compiled.Kernels;

public static partial class Gru
{
    /// <summary>
    /// <c>reset_after=False</c>, forward: adds <c>h₋₁ · recurrent_kernel[:, :2·units]</c> to the z and r blocks of step
    /// <paramref name="step"/>'s gates (step ≥ 1; the state before step 0 is zero). The candidate's block waits for the reset gate.
    /// </summary>
    public static void AddUpdateResetProducts(ReadOnlySpan<float> hidden, ReadOnlySpan<float> recurrentKernel, Span<float> gates, int step, int batch, int units)
    {
        int width = 3 * units;
        CheckStep(step, hidden.Length, step * batch * units, nameof(hidden));
        Check(recurrentKernel.Length, units * width, nameof(recurrentKernel));
        Check(gates.Length, (step + 1) * batch * width, nameof(gates));
        Product(hidden.Slice((step - 1) * batch * units), units, 1, recurrentKernel, width, 1, gates.Slice(step * batch * width), width, batch, units, 2 * units);
    }

    /// <summary>
    /// <c>reset_after=False</c>, forward: adds <c>(r ⊙ h₋₁) · recurrent_kernel[:, 2·units:]</c>, from step
    /// <paramref name="step"/>'s rows of <paramref name="resetHidden"/>, to the candidate's block of its gates (step ≥ 1).
    /// </summary>
    public static void AddCandidateProduct(ReadOnlySpan<float> resetHidden, ReadOnlySpan<float> recurrentKernel, Span<float> gates, int step, int batch, int units)
    {
        int width = 3 * units;
        CheckStep(step, resetHidden.Length, (step + 1) * batch * units, nameof(resetHidden));
        Check(recurrentKernel.Length, units * width, nameof(recurrentKernel));
        Check(gates.Length, (step + 1) * batch * width, nameof(gates));
        Product(resetHidden.Slice(step * batch * units), units, 1, recurrentKernel.Slice(2 * units), width, 1,
            gates.Slice(step * batch * width + 2 * units), width, batch, units, units);
    }

    /// <summary>
    /// <c>reset_after=False</c>, backward through step <paramref name="step"/>'s reset gate and recurrent products (step ≥ 1),
    /// after <see cref="CandidateBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, int, Activation, Activation)"/>:
    /// <c>d(r ⊙ h₋₁) = dh̃ · recurrent_kernel[:, 2·units:]ᵀ</c> into <paramref name="resetGradient"/> <c>(batch, units)</c>, the reset
    /// gate's pre-activation gradient <c>d(r ⊙ h₋₁) ⊙ h₋₁ ⊙ σ'(r)</c> into the r block of the step's gate gradients, and
    /// <c>dh₋₁ += d(r ⊙ h₋₁) ⊙ r + [dz, dr] · recurrent_kernel[:, :2·units]ᵀ</c> into the previous step's hidden gradients.
    /// </summary>
    public static void ResetBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, ReadOnlySpan<float> recurrentKernel, Span<float> resetGradient,
        Span<float> gateGradients, Span<float> hiddenGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation)
        => ResetBackward(gates, hidden, recurrentKernel, resetGradient, gateGradients, hiddenGradients, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void ResetBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, ReadOnlySpan<float> recurrentKernel, Span<float> resetGradient,
        Span<float> gateGradients, Span<float> hiddenGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation, SimdPath path)
    {
        int width = 3 * units, end = (step + 1) * batch;
        CheckStep(step, gates.Length, end * width, nameof(gates));
        Check(hidden.Length, end * units, nameof(hidden));
        Check(recurrentKernel.Length, units * width, nameof(recurrentKernel));
        Check(resetGradient.Length, batch * units, nameof(resetGradient));
        Check(gateGradients.Length, end * width, nameof(gateGradients));
        Check(hiddenGradients.Length, end * units, nameof(hiddenGradients));
        Span<float> stepGradients = gateGradients.Slice(step * batch * width, batch * width);
        // d(r ⊙ h₋₁)[b, i] = Σⱼ dh̃[b, j] · recurrent_kernel[i, 2·units + j]: the kernel's h block read transposed in place.
        Product(stepGradients.Slice(2 * units), width, 1, recurrentKernel.Slice(2 * units), 1, width, resetGradient, units, batch, units, units, overwrite: true);
        ResetGatesBackwardRows rows = new(gates, hidden, resetGradient, gateGradients, hiddenGradients, step, batch, units);
        Run(ref rows, batch, units, activation, recurrentActivation, path);
        Product(stepGradients, width, 1, recurrentKernel, 1, width, hiddenGradients.Slice((step - 1) * batch * units), units, batch, 2 * units, units);
    }

    /// <summary>
    /// <c>C[m, n] (+)= A[m, k] · B[k, n]</c> with each operand read through its own strides (<c>A[i, p]</c> at
    /// <c>i·aRow + p·aColumn</c>, <c>C[i, j]</c> at <c>i·ldc + j</c>): the GRU's products over one block of columns of
    /// its <c>(units, 3·units)</c> recurrent kernel, and of its gradients, without copying them out. The packed product
    /// takes any strides and, like <see cref="Gemm"/>'s own, gives the same bits on any number of threads.
    /// </summary>
    private static unsafe void Product(ReadOnlySpan<float> a, nint aRow, nint aColumn, ReadOnlySpan<float> b, nint bRow, nint bColumn,
        Span<float> c, nint ldc, int m, int k, int n, bool overwrite = false)
    {
        if (m == 0 || k == 0 || n == 0) return;
        int threads = (long)m * k * n >= Gemm.ParallelLimit ? Gemm.MaxThreads : 1;
        fixed (float* pa = a, pb = b, pc = c)
        {
            GemmProblem problem = new()
            {
                A = pa, B = pb, C = pc,
                ARow = aRow, ACol = aColumn, BRow = bRow, BCol = bColumn, Ldc = ldc,
                M = m, K = k, N = n, Overwrite = overwrite,
            };
            GemmWorkers.Run(problem, SimdPaths.Best, threads);
        }
    }

    /// <summary>Checks a buffer's length for a per-step product, which only steps after the first have.</summary>
    private static void CheckStep(int step, int length, int needed, string name)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "Only steps after the first have a recurrent product (the state before step 0 is zero).");
        Check(length, needed, name);
    }
}
