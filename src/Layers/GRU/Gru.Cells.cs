using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

public static partial class Gru
{
    /// <summary>
    /// <c>reset_after=True</c>: one step of tf.keras 2's <c>GRUCell</c>, from the step's input side <c>x·kernel + b_input</c>
    /// (<paramref name="gates"/>) and recurrent side <c>h₋₁·recurrent_kernel + b_recurrent</c> (<paramref name="recurrent"/>):
    /// <c>z = σ(x_z + r_z)</c>, <c>r = σ(x_r + r_r)</c>, <c>h̃ = act(x_h + r ⊙ r_h)</c>, <c>h = z ⊙ h₋₁ + (1 − z) ⊙ h̃</c>, with
    /// σ the recurrent activation and <c>h₋₁ = 0</c> at step 0. <c>z</c>, <c>r</c> and <c>h̃</c> replace the input side in
    /// <paramref name="gates"/>; <c>h</c> goes to the step's rows of <paramref name="hidden"/>.
    /// </summary>
    public static void Cell(Span<float> gates, ReadOnlySpan<float> recurrent, Span<float> hidden, int step, int batch, int units,
        Activation activation, Activation recurrentActivation)
        => Cell(gates, recurrent, hidden, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void Cell(Span<float> gates, ReadOnlySpan<float> recurrent, Span<float> hidden, int step, int batch, int units,
        Activation activation, Activation recurrentActivation, SimdPath path)
    {
        CheckCell(step, batch, units, gates.Length, hidden.Length);
        Check(recurrent.Length, (step + 1) * batch * 3 * units, nameof(recurrent));
        CellRows rows = new(gates, recurrent, hidden, step, batch, units);
        Run(ref rows, batch, units, activation, recurrentActivation, path);
    }

    /// <summary>
    /// <c>reset_after=True</c>: one step of backpropagation through time, from the step's <c>dh</c> (its output's gradient plus
    /// what the next step sent back): <c>dz = dh ⊙ (h₋₁ − h̃) ⊙ σ'(z)</c>, <c>dh̃ = dh ⊙ (1 − z) ⊙ act'(h̃)</c>,
    /// <c>dr = dh̃ ⊙ r_h ⊙ σ'(r)</c>, each derivative from the function's output. The input side's gradients <c>[dz, dr, dh̃]</c>
    /// go to <paramref name="gateGradients"/>, the recurrent side's <c>[dz, dr, dh̃ ⊙ r]</c> to <paramref name="recurrentGradients"/>,
    /// and the direct path <c>dh ⊙ z</c> is added to the previous step's <paramref name="hiddenGradients"/> (the recurrent
    /// product's part follows, <c>dRecurrent · recurrent_kernelᵀ</c>).
    /// </summary>
    public static void CellBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> hidden, Span<float> hiddenGradients,
        Span<float> gateGradients, Span<float> recurrentGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation)
        => CellBackward(gates, recurrent, hidden, hiddenGradients, gateGradients, recurrentGradients, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void CellBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> hidden, Span<float> hiddenGradients,
        Span<float> gateGradients, Span<float> recurrentGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation, SimdPath path)
    {
        int end = (step + 1) * batch * 3 * units;
        CheckCell(step, batch, units, gates.Length, hidden.Length);
        Check(recurrent.Length, end, nameof(recurrent));
        Check(hiddenGradients.Length, (step + 1) * batch * units, nameof(hiddenGradients));
        Check(gateGradients.Length, end, nameof(gateGradients));
        Check(recurrentGradients.Length, end, nameof(recurrentGradients));
        CellBackwardRows rows = new(gates, recurrent, hidden, hiddenGradients, gateGradients, recurrentGradients, step, batch, units);
        Run(ref rows, batch, units, activation, recurrentActivation, path);
    }

    /// <summary>
    /// <c>reset_after=False</c>: the gates of step <paramref name="step"/>, from their pre-activations in <paramref name="gates"/>
    /// (with <see cref="AddUpdateResetProducts"/>'s recurrent part): <c>z = σ(·)</c> and <c>r = σ(·)</c> in place, and
    /// <c>r ⊙ h₋₁</c> (zero at step 0) into the step's rows of <paramref name="resetHidden"/> for the candidate's product.
    /// </summary>
    public static void ResetGates(Span<float> gates, ReadOnlySpan<float> hidden, Span<float> resetHidden, int step, int batch, int units,
        Activation activation, Activation recurrentActivation)
        => ResetGates(gates, hidden, resetHidden, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void ResetGates(Span<float> gates, ReadOnlySpan<float> hidden, Span<float> resetHidden, int step, int batch, int units,
        Activation activation, Activation recurrentActivation, SimdPath path)
    {
        // It reads the previous step's hidden state only.
        CheckCell(step, batch, units, gates.Length, hidden.Length + batch * units);
        Check(resetHidden.Length, (step + 1) * batch * units, nameof(resetHidden));
        ResetGateRows rows = new(gates, hidden, resetHidden, step, batch, units);
        Run(ref rows, batch, units, activation, recurrentActivation, path);
    }

    /// <summary>
    /// <c>reset_after=False</c>: the rest of step <paramref name="step"/>, once <see cref="AddCandidateProduct"/> has added
    /// <c>(r ⊙ h₋₁)·recurrent_kernel_h</c> to the candidate's pre-activation: <c>h̃ = act(·)</c> in place and
    /// <c>h = z ⊙ h₋₁ + (1 − z) ⊙ h̃</c> into the step's rows of <paramref name="hidden"/>.
    /// </summary>
    public static void Candidate(Span<float> gates, Span<float> hidden, int step, int batch, int units, Activation activation, Activation recurrentActivation)
        => Candidate(gates, hidden, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void Candidate(Span<float> gates, Span<float> hidden, int step, int batch, int units, Activation activation, Activation recurrentActivation, SimdPath path)
    {
        CheckCell(step, batch, units, gates.Length, hidden.Length);
        CandidateRows rows = new(gates, hidden, step, batch, units);
        Run(ref rows, batch, units, activation, recurrentActivation, path);
    }

    /// <summary>
    /// <c>reset_after=False</c>: backpropagation through the candidate and the update gate of step <paramref name="step"/>:
    /// <c>dz = dh ⊙ (h₋₁ − h̃) ⊙ σ'(z)</c> and <c>dh̃ = dh ⊙ (1 − z) ⊙ act'(h̃)</c> into the step's <paramref name="gateGradients"/>
    /// (its r block cleared, for <see cref="ResetBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, int, Activation, Activation)"/>
    /// to fill after step 0), and <c>dh ⊙ z</c> added to the previous step's <paramref name="hiddenGradients"/>.
    /// </summary>
    public static void CandidateBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, Span<float> hiddenGradients, Span<float> gateGradients,
        int step, int batch, int units, Activation activation, Activation recurrentActivation)
        => CandidateBackward(gates, hidden, hiddenGradients, gateGradients, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void CandidateBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, Span<float> hiddenGradients, Span<float> gateGradients,
        int step, int batch, int units, Activation activation, Activation recurrentActivation, SimdPath path)
    {
        CheckCell(step, batch, units, gates.Length, hidden.Length);
        Check(hiddenGradients.Length, (step + 1) * batch * units, nameof(hiddenGradients));
        Check(gateGradients.Length, (step + 1) * batch * 3 * units, nameof(gateGradients));
        CandidateBackwardRows rows = new(gates, hidden, hiddenGradients, gateGradients, step, batch, units);
        Run(ref rows, batch, units, activation, recurrentActivation, path);
    }

    /// <summary>The gates and hidden states a step's cell kernel reads and writes; the hidden length passed is what the step needs of it.</summary>
    private static void CheckCell(int step, int batch, int units, int gates, int hidden)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Check(gates, (step + 1) * batch * 3 * units, nameof(gates));
        Check(hidden, (step + 1) * batch * units, nameof(hidden));
    }

    /// <summary>One vector (or, at a row's end, one float) of units of one row of a step: what each fused kernel computes.</summary>
    private interface IUnits
    {
        void Units<TVector, TOps, TCell, TGate>(nuint row, nuint j)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction;
    }

    /// <summary>Runs a fused kernel over every row of a step with the layer's two functions, on the widest path <paramref name="path"/> allows.</summary>
    private static void Run<TKernel>(ref TKernel kernel, int batch, int units, Activation activation, Activation recurrentActivation, SimdPath path)
        where TKernel : struct, IUnits, allows ref struct
    {
        switch (activation)
        {
            case Activation.Tanh: Run<TKernel, TanhFunction>(ref kernel, batch, units, recurrentActivation, path); break;
            case Activation.Sigmoid: Run<TKernel, SigmoidFunction>(ref kernel, batch, units, recurrentActivation, path); break;
            case Activation.HardSigmoid: Run<TKernel, HardSigmoidFunction>(ref kernel, batch, units, recurrentActivation, path); break;
            case Activation.Relu: Run<TKernel, ReluFunction>(ref kernel, batch, units, recurrentActivation, path); break;
            case Activation.Linear: Run<TKernel, LinearFunction>(ref kernel, batch, units, recurrentActivation, path); break;
            default: throw Unsupported(nameof(activation), activation);
        }
    }

    private static void Run<TKernel, TCell>(ref TKernel kernel, int batch, int units, Activation recurrentActivation, SimdPath path)
        where TKernel : struct, IUnits, allows ref struct
        where TCell : struct, IActivationFunction
    {
        switch (recurrentActivation)
        {
            case Activation.Sigmoid: Rows<TKernel, TCell, SigmoidFunction>(ref kernel, batch, units, path); break;
            case Activation.HardSigmoid: Rows<TKernel, TCell, HardSigmoidFunction>(ref kernel, batch, units, path); break;
            case Activation.Tanh: Rows<TKernel, TCell, TanhFunction>(ref kernel, batch, units, path); break;
            case Activation.Relu: Rows<TKernel, TCell, ReluFunction>(ref kernel, batch, units, path); break;
            case Activation.Linear: Rows<TKernel, TCell, LinearFunction>(ref kernel, batch, units, path); break;
            default: throw Unsupported(nameof(recurrentActivation), recurrentActivation);
        }
    }

    /// <summary>
    /// Each row's units a vector at a time, the rest one float at a time: unlike the LSTM's overlapping last vector, a
    /// scalar tail computes every unit once, so kernels may add to a buffer (<c>dh₋₁ +=</c>) and overwrite their inputs.
    /// Every path applies the same operations, so they give the same bits.
    /// </summary>
    private static void Rows<TKernel, TCell, TGate>(ref TKernel kernel, int batch, int units, SimdPath path)
        where TKernel : struct, IUnits, allows ref struct
        where TCell : struct, IActivationFunction
        where TGate : struct, IActivationFunction
    {
        nuint u = (nuint)units, wide = (nuint)Vector512<float>.Count, narrow = (nuint)Vector256<float>.Count;
        for (nuint b = 0; b < (nuint)batch; b++)
        {
            nuint j = 0;
            if (path == SimdPath.Vector512)
                for (; j + wide <= u; j += wide) kernel.Units<Vector512<float>, Vector512Ops, TCell, TGate>(b, j);
            if (path != SimdPath.Scalar)
                for (; j + narrow <= u; j += narrow) kernel.Units<Vector256<float>, Vector256Ops, TCell, TGate>(b, j);
            for (; j < u; j++) kernel.Units<float, ScalarOps, TCell, TGate>(b, j);
        }
    }

    private static ArgumentOutOfRangeException Unsupported(string name, Activation function)
        => new(name, function, $"The GRU applies tanh, sigmoid, hard_sigmoid, relu or linear; got {function}.");

    /// <summary>The first value of step <paramref name="step"/>'s rows of a time-major buffer <paramref name="width"/> values wide.</summary>
    private static ref float StepStart(ReadOnlySpan<float> buffer, int step, int batch, int width)
        => ref Unsafe.Add(ref MemoryMarshal.GetReference(buffer), (nint)step * batch * width);

    /// <summary>The previous step's first hidden value; at step 0, which reads none, the step's own.</summary>
    private static ref float PreviousStart(ReadOnlySpan<float> hidden, int step, int batch, int units)
        => ref StepStart(hidden, step == 0 ? 0 : step - 1, batch, units);

    /// <summary>Keras's <c>h = z ⊙ h₋₁ + (1 − z) ⊙ h̃</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Next<TVector, TOps>(TVector z, TVector previous, TVector candidate)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        => TOps.Add(TOps.Multiply(z, previous), TOps.Multiply(TOps.Subtract(TOps.Broadcast(1f), z), candidate));

    /// <summary>
    /// The gradients <see cref="Next{TVector, TOps}"/> sends back, through the functions that made <c>z</c> and <c>h̃</c>:
    /// the update gate's pre-activation <c>dh ⊙ (h₋₁ − h̃) ⊙ σ'(z)</c>, the candidate's <c>dh ⊙ (1 − z) ⊙ act'(h̃)</c>, and
    /// the direct path to the previous state, <c>dh ⊙ z</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVector Update, TVector Candidate, TVector Carried) NextBackward<TVector, TOps, TCell, TGate>(TVector dh, TVector z, TVector previous, TVector candidate)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TCell : struct, IActivationFunction
        where TGate : struct, IActivationFunction
        => (TOps.Multiply(TOps.Multiply(dh, TOps.Subtract(previous, candidate)), TGate.Derivative<TVector, TOps>(z)),
            TOps.Multiply(TOps.Multiply(dh, TOps.Subtract(TOps.Broadcast(1f), z)), TCell.Derivative<TVector, TOps>(candidate)),
            TOps.Multiply(dh, z));

    /// <summary><see cref="Cell(Span{float}, ReadOnlySpan{float}, Span{float}, int, int, int, Activation, Activation)"/>, row by row.</summary>
    private readonly ref struct CellRows(Span<float> gates, ReadOnlySpan<float> recurrent, Span<float> hidden, int step, int batch, int units) : IUnits
    {
        private readonly ref float _gates = ref StepStart(gates, step, batch, 3 * units);
        private readonly ref float _recurrent = ref StepStart(recurrent, step, batch, 3 * units);
        private readonly ref float _previous = ref PreviousStart(hidden, step, batch, units);
        private readonly ref float _hidden = ref StepStart(hidden, step, batch, units);
        private readonly nuint _units = (nuint)units;
        private readonly bool _first = step == 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Units<TVector, TOps, TCell, TGate>(nuint row, nuint j)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = _units;
            ref float g = ref Unsafe.Add(ref _gates, row * 3 * u);
            ref float r = ref Unsafe.Add(ref _recurrent, row * 3 * u);
            TVector z = TGate.Apply<TVector, TOps>(TOps.Add(TOps.Load(ref g, j), TOps.Load(ref r, j)));
            TVector reset = TGate.Apply<TVector, TOps>(TOps.Add(TOps.Load(ref g, u + j), TOps.Load(ref r, u + j)));
            TVector candidate = TCell.Apply<TVector, TOps>(TOps.Add(TOps.Load(ref g, 2 * u + j), TOps.Multiply(reset, TOps.Load(ref r, 2 * u + j))));
            TVector previous = _first ? TOps.Zero : TOps.Load(ref _previous, row * u + j);
            TOps.Store(z, ref g, j);
            TOps.Store(reset, ref g, u + j);
            TOps.Store(candidate, ref g, 2 * u + j);
            TOps.Store(Next<TVector, TOps>(z, previous, candidate), ref _hidden, row * u + j);
        }
    }

    /// <summary><see cref="CellBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, int, Activation, Activation)"/>, row by row.</summary>
    private readonly ref struct CellBackwardRows(ReadOnlySpan<float> gates, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> hidden, Span<float> hiddenGradients,
        Span<float> gateGradients, Span<float> recurrentGradients, int step, int batch, int units) : IUnits
    {
        private readonly ref float _gates = ref StepStart(gates, step, batch, 3 * units);
        private readonly ref float _recurrent = ref StepStart(recurrent, step, batch, 3 * units);
        private readonly ref float _previous = ref PreviousStart(hidden, step, batch, units);
        private readonly ref float _hiddenGradients = ref StepStart(hiddenGradients, step, batch, units);
        private readonly ref float _previousGradients = ref PreviousStart(hiddenGradients, step, batch, units);
        private readonly ref float _gateGradients = ref StepStart(gateGradients, step, batch, 3 * units);
        private readonly ref float _recurrentGradients = ref StepStart(recurrentGradients, step, batch, 3 * units);
        private readonly nuint _units = (nuint)units;
        private readonly bool _first = step == 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Units<TVector, TOps, TCell, TGate>(nuint row, nuint j)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = _units, at = row * u + j;
            ref float g = ref Unsafe.Add(ref _gates, row * 3 * u);
            TVector z = TOps.Load(ref g, j), reset = TOps.Load(ref g, u + j), candidate = TOps.Load(ref g, 2 * u + j);
            TVector previous = _first ? TOps.Zero : TOps.Load(ref _previous, at);
            var (update, candidateGradient, carried) = NextBackward<TVector, TOps, TCell, TGate>(TOps.Load(ref _hiddenGradients, at), z, previous, candidate);
            TVector recurrentCandidate = TOps.Load(ref Unsafe.Add(ref _recurrent, row * 3 * u), 2 * u + j);
            TVector resetGradient = TOps.Multiply(TOps.Multiply(candidateGradient, recurrentCandidate), TGate.Derivative<TVector, TOps>(reset));
            ref float dx = ref Unsafe.Add(ref _gateGradients, row * 3 * u);
            ref float dr = ref Unsafe.Add(ref _recurrentGradients, row * 3 * u);
            TOps.Store(update, ref dx, j);
            TOps.Store(resetGradient, ref dx, u + j);
            TOps.Store(candidateGradient, ref dx, 2 * u + j);
            TOps.Store(update, ref dr, j);
            TOps.Store(resetGradient, ref dr, u + j);
            TOps.Store(TOps.Multiply(candidateGradient, reset), ref dr, 2 * u + j);
            if (!_first) TOps.Store(TOps.Add(TOps.Load(ref _previousGradients, at), carried), ref _previousGradients, at);
        }
    }

    /// <summary><see cref="ResetGates(Span{float}, ReadOnlySpan{float}, Span{float}, int, int, int, Activation, Activation)"/>, row by row.</summary>
    private readonly ref struct ResetGateRows(Span<float> gates, ReadOnlySpan<float> hidden, Span<float> resetHidden, int step, int batch, int units) : IUnits
    {
        private readonly ref float _gates = ref StepStart(gates, step, batch, 3 * units);
        private readonly ref float _previous = ref PreviousStart(hidden, step, batch, units);
        private readonly ref float _resetHidden = ref StepStart(resetHidden, step, batch, units);
        private readonly nuint _units = (nuint)units;
        private readonly bool _first = step == 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Units<TVector, TOps, TCell, TGate>(nuint row, nuint j)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = _units;
            ref float g = ref Unsafe.Add(ref _gates, row * 3 * u);
            TVector z = TGate.Apply<TVector, TOps>(TOps.Load(ref g, j));
            TVector reset = TGate.Apply<TVector, TOps>(TOps.Load(ref g, u + j));
            TOps.Store(z, ref g, j);
            TOps.Store(reset, ref g, u + j);
            TOps.Store(_first ? TOps.Zero : TOps.Multiply(reset, TOps.Load(ref _previous, row * u + j)), ref _resetHidden, row * u + j);
        }
    }

    /// <summary><see cref="Candidate(Span{float}, Span{float}, int, int, int, Activation, Activation)"/>, row by row.</summary>
    private readonly ref struct CandidateRows(Span<float> gates, Span<float> hidden, int step, int batch, int units) : IUnits
    {
        private readonly ref float _gates = ref StepStart(gates, step, batch, 3 * units);
        private readonly ref float _previous = ref PreviousStart(hidden, step, batch, units);
        private readonly ref float _hidden = ref StepStart(hidden, step, batch, units);
        private readonly nuint _units = (nuint)units;
        private readonly bool _first = step == 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Units<TVector, TOps, TCell, TGate>(nuint row, nuint j)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = _units;
            ref float g = ref Unsafe.Add(ref _gates, row * 3 * u);
            TVector candidate = TCell.Apply<TVector, TOps>(TOps.Load(ref g, 2 * u + j));
            TVector previous = _first ? TOps.Zero : TOps.Load(ref _previous, row * u + j);
            TOps.Store(candidate, ref g, 2 * u + j);
            TOps.Store(Next<TVector, TOps>(TOps.Load(ref g, j), previous, candidate), ref _hidden, row * u + j);
        }
    }

    /// <summary><see cref="CandidateBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, int, Activation, Activation)"/>, row by row.</summary>
    private readonly ref struct CandidateBackwardRows(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, Span<float> hiddenGradients, Span<float> gateGradients,
        int step, int batch, int units) : IUnits
    {
        private readonly ref float _gates = ref StepStart(gates, step, batch, 3 * units);
        private readonly ref float _previous = ref PreviousStart(hidden, step, batch, units);
        private readonly ref float _hiddenGradients = ref StepStart(hiddenGradients, step, batch, units);
        private readonly ref float _previousGradients = ref PreviousStart(hiddenGradients, step, batch, units);
        private readonly ref float _gateGradients = ref StepStart(gateGradients, step, batch, 3 * units);
        private readonly nuint _units = (nuint)units;
        private readonly bool _first = step == 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Units<TVector, TOps, TCell, TGate>(nuint row, nuint j)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = _units, at = row * u + j;
            ref float g = ref Unsafe.Add(ref _gates, row * 3 * u);
            TVector previous = _first ? TOps.Zero : TOps.Load(ref _previous, at);
            var (update, candidate, carried) = NextBackward<TVector, TOps, TCell, TGate>(TOps.Load(ref _hiddenGradients, at), TOps.Load(ref g, j), previous,
                TOps.Load(ref g, 2 * u + j));
            ref float dx = ref Unsafe.Add(ref _gateGradients, row * 3 * u);
            TOps.Store(update, ref dx, j);
            TOps.Store(TOps.Zero, ref dx, u + j);
            TOps.Store(candidate, ref dx, 2 * u + j);
            if (!_first) TOps.Store(TOps.Add(TOps.Load(ref _previousGradients, at), carried), ref _previousGradients, at);
        }
    }

    /// <summary>The element-wise part of <c>ResetBackward</c>, row by row (steps after the first only).</summary>
    private readonly ref struct ResetGatesBackwardRows(ReadOnlySpan<float> gates, ReadOnlySpan<float> hidden, ReadOnlySpan<float> resetGradient,
        Span<float> gateGradients, Span<float> hiddenGradients, int step, int batch, int units) : IUnits
    {
        private readonly ref float _gates = ref StepStart(gates, step, batch, 3 * units);
        private readonly ref float _previous = ref PreviousStart(hidden, step, batch, units);
        private readonly ref float _resetGradient = ref MemoryMarshal.GetReference(resetGradient);
        private readonly ref float _gateGradients = ref StepStart(gateGradients, step, batch, 3 * units);
        private readonly ref float _previousGradients = ref PreviousStart(hiddenGradients, step, batch, units);
        private readonly nuint _units = (nuint)units;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Units<TVector, TOps, TCell, TGate>(nuint row, nuint j)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = _units, at = row * u + j;
            TVector reset = TOps.Load(ref _gates, row * 3 * u + u + j), resetHiddenGradient = TOps.Load(ref _resetGradient, at);
            TVector gradient = TOps.Multiply(TOps.Multiply(resetHiddenGradient, TOps.Load(ref _previous, at)), TGate.Derivative<TVector, TOps>(reset));
            TOps.Store(gradient, ref _gateGradients, row * 3 * u + u + j);
            TOps.Store(TOps.Add(TOps.Load(ref _previousGradients, at), TOps.Multiply(resetHiddenGradient, reset)), ref _previousGradients, at);
        }
    }
}
