namespace Compiled.Kernels;

public static partial class Gru
{
    /// <summary>
    /// The length of a buffer that holds the two column blocks of a <c>(units, 3·units)</c> recurrent kernel packed by
    /// <see cref="PackRecurrentBlocks"/>, either way.
    /// </summary>
    public static int PackedBlocksLength(int units)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        return Math.Max(Gemm.PackedLength(units, 2 * units), Gemm.PackedLength(2 * units, units)) + Gemm.PackedLength(units, units);
    }

    /// <summary>
    /// <c>reset_after=False</c>: packs the two column blocks of the recurrent kernel its steps multiply by, once per pass
    /// (<see cref="Gemm.PackB(ReadOnlySpan{float}, Span{float}, int, int, bool)"/>'s packing, the blocks read in place):
    /// <c>recurrent_kernel[:, :2·units]</c> (the z and r columns) then <c>recurrent_kernel[:, 2·units:]</c> (the h
    /// columns) for the forward products (<see cref="AddUpdateResetProducts"/>, <see cref="AddCandidateProduct"/>); with
    /// <paramref name="transposed"/> their transposes, for the backward pass's (<see cref="ResetBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, int, Activation, Activation)"/>).
    /// <paramref name="packed"/> holds <see cref="PackedBlocksLength"/> floats.
    /// </summary>
    public static void PackRecurrentBlocks(ReadOnlySpan<float> recurrentKernel, Span<float> packed, int units, bool transposed = false)
    {
        int width = 3 * units;
        Check(recurrentKernel.Length, units * width, nameof(recurrentKernel));
        Check(packed.Length, PackedBlocksLength(units), nameof(packed));
        Span<float> updateReset = packed.Slice(0, CandidateBlock(units, transposed)), candidate = packed.Slice(CandidateBlock(units, transposed));
        SimdPath path = SimdPaths.Best;
        if (transposed)
        {
            // op(B)[p, j] = recurrent_kernel[j, p]: rows of the transpose are the kernel's columns.
            Gemm.PackB(recurrentKernel, 1, width, updateReset, 2 * units, units, path);
            Gemm.PackB(recurrentKernel.Slice(2 * units), 1, width, candidate, units, units, path);
        }
        else
        {
            Gemm.PackB(recurrentKernel, width, 1, updateReset, units, 2 * units, path);
            Gemm.PackB(recurrentKernel.Slice(2 * units), width, 1, candidate, units, units, path);
        }
    }

    /// <summary>
    /// <c>reset_after=False</c>, forward: adds <c>h₋₁ · recurrent_kernel[:, :2·units]</c> to the z and r blocks of step
    /// <paramref name="step"/>'s gates (step ≥ 1; the state before step 0 is zero), the block packed by
    /// <see cref="PackRecurrentBlocks"/>. The candidate's block waits for the reset gate.
    /// </summary>
    public static void AddUpdateResetProducts(ReadOnlySpan<float> hidden, ReadOnlySpan<float> packedBlocks, Span<float> gates, int step, int batch, int units)
    {
        int width = 3 * units;
        CheckStep(step, hidden.Length, step * batch * units, nameof(hidden));
        Check(packedBlocks.Length, PackedBlocksLength(units), nameof(packedBlocks));
        Check(gates.Length, (step + 1) * batch * width, nameof(gates));
        Gemm.MultiplyAddPacked(hidden.Slice((step - 1) * batch * units), units, packedBlocks, gates.Slice(step * batch * width), width, batch, units, 2 * units,
            overwrite: false, SimdPaths.Best);
    }

    /// <summary>
    /// <c>reset_after=False</c>, forward: adds <c>(r ⊙ h₋₁) · recurrent_kernel[:, 2·units:]</c>, from step
    /// <paramref name="step"/>'s rows of <paramref name="resetHidden"/>, to the candidate's block of its gates (step ≥ 1),
    /// the block packed by <see cref="PackRecurrentBlocks"/>.
    /// </summary>
    public static void AddCandidateProduct(ReadOnlySpan<float> resetHidden, ReadOnlySpan<float> packedBlocks, Span<float> gates, int step, int batch, int units)
    {
        int width = 3 * units;
        CheckStep(step, resetHidden.Length, (step + 1) * batch * units, nameof(resetHidden));
        Check(packedBlocks.Length, PackedBlocksLength(units), nameof(packedBlocks));
        Check(gates.Length, (step + 1) * batch * width, nameof(gates));
        Gemm.MultiplyAddPacked(resetHidden.Slice(step * batch * units), units, packedBlocks.Slice(CandidateBlock(units, transposed: false)), gates.Slice(step * batch * width + 2 * units), width, batch, units, units,
            overwrite: false, SimdPaths.Best);
    }

    /// <summary>
    /// <c>reset_after=False</c>, backward through step <paramref name="step"/>'s reset gate and recurrent products (step ≥ 1),
    /// after <see cref="CandidateBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, int, Activation, Activation)"/>,
    /// the recurrent kernel's blocks packed transposed by <see cref="PackRecurrentBlocks"/>:
    /// <c>d(r ⊙ h₋₁) = dh̃ · recurrent_kernel[:, 2·units:]ᵀ</c> into <paramref name="resetGradient"/> <c>(batch, units)</c>, the reset
    /// gate's pre-activation gradient <c>d(r ⊙ h₋₁) ⊙ h₋₁ ⊙ σ'(r)</c> into the r block of the step's gate gradients, and
    /// <c>dh₋₁ += d(r ⊙ h₋₁) ⊙ r + [dz, dr] · recurrent_kernel[:, :2·units]ᵀ</c> into the previous step's hidden gradients.
    /// </summary>
    public static void ResetBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, ReadOnlySpan<float> packedBlocks, Span<float> resetGradient,
        Span<float> gateGradients, Span<float> hiddenGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation)
        => ResetBackward(gates, hidden, packedBlocks, resetGradient, gateGradients, hiddenGradients, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void ResetBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, ReadOnlySpan<float> packedBlocks, Span<float> resetGradient,
        Span<float> gateGradients, Span<float> hiddenGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation, SimdPath path)
    {
        int width = 3 * units, end = (step + 1) * batch;
        CheckStep(step, gates.Length, end * width, nameof(gates));
        Check(hidden.Length, end * units, nameof(hidden));
        Check(packedBlocks.Length, PackedBlocksLength(units), nameof(packedBlocks));
        Check(resetGradient.Length, batch * units, nameof(resetGradient));
        Check(gateGradients.Length, end * width, nameof(gateGradients));
        Check(hiddenGradients.Length, end * units, nameof(hiddenGradients));
        ReadOnlySpan<float> updateReset = packedBlocks, candidate = packedBlocks.Slice(CandidateBlock(units, transposed: true));
        Span<float> stepGradients = gateGradients.Slice(step * batch * width, batch * width);
        // d(r ⊙ h₋₁)[b, i] = Σⱼ dh̃[b, j] · recurrent_kernel[i, 2·units + j]: the h block's transpose.
        Gemm.MultiplyAddPacked(stepGradients.Slice(2 * units), width, candidate, resetGradient, units, batch, units, units, overwrite: true, SimdPaths.Best);
        ResetGatesBackwardRows rows = new(gates, hidden, resetGradient, gateGradients, hiddenGradients, step, batch, units);
        Run(ref rows, batch, units, activation, recurrentActivation, path);
        Gemm.MultiplyAddPacked(stepGradients, width, updateReset, hiddenGradients.Slice((step - 1) * batch * units), units, batch, 2 * units, units,
            overwrite: false, SimdPaths.Best);
    }

    /// <summary>
    /// Where the h columns' block starts in a buffer of <see cref="PackRecurrentBlocks"/>: after the z and r columns'
    /// block, <c>units × 2·units</c> packed, or <c>2·units × units</c> with <paramref name="transposed"/>.
    /// </summary>
    private static int CandidateBlock(int units, bool transposed) => transposed ? Gemm.PackedLength(2 * units, units) : Gemm.PackedLength(units, 2 * units);

    /// <summary>
    /// <c>C[m, n] (+)= A[m, k] · B[k, n]</c> with each operand read through its own strides (<c>A[i, p]</c> at
    /// <c>i·aRow + p·aColumn</c>, <c>C[i, j]</c> at <c>i·ldc + j</c>): the weight gradients' products over every step
    /// into one block of columns of the <c>(units, 3·units)</c> recurrent kernel's gradient, without copying them out
    /// (once per pass, so nothing to pack ahead as the per-step products do). The packed product
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
