using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Compiled.Kernels;

/// <summary>
/// The kernels of Keras's LSTM, which the generated code calls around its loop over time steps. Every buffer is
/// time-major in processing order (step by step, each step a batch of rows), so that one step's rows are contiguous
/// for the recurrent product and the whole sequence is one matrix for the input and weight products:
/// <list type="bullet">
/// <item><c>inputs</c> <c>(steps, batch, features)</c>: the input, step <c>s</c> holding time <c>s</c>, or <c>T-1-s</c> with <c>go_backwards</c>;</item>
/// <item><c>gates</c> <c>(steps, batch, 4·units)</c>: <c>x·kernel + h·recurrent_kernel + bias</c>, then, after <c>Cell</c>, the gates
/// <c>i, f, c̃, o</c> themselves, in Keras's order;</item>
/// <item><c>cells</c>, <c>cellActivations</c>, <c>hidden</c> <c>(steps, batch, units)</c>: <c>c</c>, <c>activation(c)</c> and <c>h</c> of each step.</item>
/// </list>
/// The initial states are zero. The backward pass keeps the same layout for the gradients.
/// </summary>
public static class Lstm
{
    /// <summary>Step <paramref name="step"/>'s rows of a time-major buffer: <c>batch × width</c> values.</summary>
    public static Span<float> Step(float[] buffer, int step, int batch, int width) => Recurrent.Step(buffer, step, batch, width);

    /// <summary>
    /// The input product of every step at once: copies <paramref name="x"/> <c>(batch, steps, features)</c> into
    /// <paramref name="inputs"/> time-major in processing order (reversed in time with <paramref name="goBackwards"/>),
    /// then <c>gates = inputs · kernel + bias</c>, one product of <c>steps·batch</c> rows. With an
    /// <paramref name="inputMask"/> <c>(batch, features)</c> (input dropout while training), every step of sample
    /// <c>b</c> is multiplied by its row, as Keras applies one mask to the whole sequence.
    /// </summary>
    public static void ProjectInputs(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> inputs, Span<float> gates,
        int batch, int steps, int features, int units, bool goBackwards, ReadOnlySpan<float> inputMask = default)
        => Recurrent.ProjectInputs(x, kernel, bias, inputs, gates, batch, steps, features, 4 * units, goBackwards, inputMask);

    /// <summary>
    /// One step of the cell, over the step's gate pre-activations <c>z</c> (<c>x·kernel + h·recurrent_kernel + bias</c>), as
    /// tf.keras 2's <c>LSTMCell</c> computes it: <c>i = σ(zᵢ)</c>, <c>f = σ(z_f)</c>, <c>c̃ = act(z_c)</c>, <c>o = σ(z_o)</c>,
    /// <c>c = f·c₋₁ + i·c̃</c>, <c>h = o·act(c)</c>, with σ the recurrent activation and <c>c₋₁ = 0</c> at step 0. The gates
    /// replace their pre-activations in <paramref name="gates"/>; <c>c</c>, <c>act(c)</c> and <c>h</c> go to the step's rows of
    /// <paramref name="cells"/>, <paramref name="cellActivations"/> and <paramref name="hidden"/>, all kept for the backward pass.
    /// </summary>
    public static void Cell(Span<float> gates, Span<float> cells, Span<float> cellActivations, Span<float> hidden, int step, int batch, int units,
        Activation activation, Activation recurrentActivation)
        => Cell(gates, cells, cellActivations, hidden, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void Cell(Span<float> gates, Span<float> cells, Span<float> cellActivations, Span<float> hidden, int step, int batch, int units,
        Activation activation, Activation recurrentActivation, SimdPath path)
    {
        int end = (step + 1) * batch;
        Check(gates.Length, end * 4 * units, nameof(gates));
        Check(cells.Length, end * units, nameof(cells));
        Check(cellActivations.Length, end * units, nameof(cellActivations));
        Check(hidden.Length, end * units, nameof(hidden));
        if (batch == 0 || units == 0) return;
        CellRows rows = new(step, batch, units, path);
        ref float g = ref MemoryMarshal.GetReference(gates), c = ref MemoryMarshal.GetReference(cells);
        ref float a = ref MemoryMarshal.GetReference(cellActivations), h = ref MemoryMarshal.GetReference(hidden);
        switch (activation)
        {
            case Activation.Tanh: rows.Forward<TanhFunction>(recurrentActivation, ref g, ref c, ref a, ref h); break;
            case Activation.Sigmoid: rows.Forward<SigmoidFunction>(recurrentActivation, ref g, ref c, ref a, ref h); break;
            case Activation.HardSigmoid: rows.Forward<HardSigmoidFunction>(recurrentActivation, ref g, ref c, ref a, ref h); break;
            case Activation.Relu: rows.Forward<ReluFunction>(recurrentActivation, ref g, ref c, ref a, ref h); break;
            case Activation.Linear: rows.Forward<LinearFunction>(recurrentActivation, ref g, ref c, ref a, ref h); break;
            default: throw Unsupported(nameof(activation), activation);
        }
    }

    /// <summary>
    /// The layer's output from the hidden states: with <paramref name="returnSequences"/> every step's <c>h</c>,
    /// <c>(batch, steps, units)</c> in processing order (so reversed in time with <c>go_backwards</c>, as Keras returns
    /// it); otherwise the last step's, <c>(batch, units)</c>.
    /// </summary>
    public static void Outputs(ReadOnlySpan<float> hidden, Span<float> output, int batch, int steps, int units, bool returnSequences)
        => Recurrent.Outputs(hidden, output, batch, steps, units, returnSequences);

    /// <summary>
    /// Starts the backward pass: each step's <c>dh</c> from the output's gradient (every step's with
    /// <paramref name="returnSequences"/>, else the last step's and zeros before it), and a zero carried <c>dc</c>.
    /// </summary>
    public static void OutputGradients(ReadOnlySpan<float> outputGradient, Span<float> hiddenGradients, Span<float> cellGradient,
        int batch, int steps, int units, bool returnSequences)
    {
        Check(cellGradient.Length, batch * units, nameof(cellGradient));
        cellGradient.Slice(0, batch * units).Clear();
        Recurrent.OutputGradients(outputGradient, hiddenGradients, batch, steps, units, returnSequences);
    }

    /// <summary>
    /// One step of backpropagation through time, from the step's <c>dh</c> (its output's gradient plus what the next step
    /// sent back) and the <c>dc</c> carried from the next step:
    /// <c>dc = dc₊₁·f₊₁ + dh·o·act'(c)</c>, <c>dz_o = dh·act(c)·σ'(o)</c>, <c>dzᵢ = dc·c̃·σ'(i)</c>, <c>dz_f = dc·c₋₁·σ'(f)</c>,
    /// <c>dz_c = dc·i·act'(c̃)</c>, each derivative from the function's output. Writes the step's <c>dz</c> to
    /// <paramref name="gateGradients"/> and replaces the carried <paramref name="cellGradient"/> by <c>dc·f</c>.
    /// </summary>
    public static void CellBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cells, ReadOnlySpan<float> cellActivations, ReadOnlySpan<float> hiddenGradients,
        Span<float> cellGradient, Span<float> gateGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation)
        => CellBackward(gates, cells, cellActivations, hiddenGradients, cellGradient, gateGradients, step, batch, units, activation, recurrentActivation, SimdPaths.Best);

    internal static void CellBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cells, ReadOnlySpan<float> cellActivations, ReadOnlySpan<float> hiddenGradients,
        Span<float> cellGradient, Span<float> gateGradients, int step, int batch, int units, Activation activation, Activation recurrentActivation, SimdPath path)
    {
        int end = (step + 1) * batch;
        Check(gates.Length, end * 4 * units, nameof(gates));
        Check(cells.Length, end * units, nameof(cells));
        Check(cellActivations.Length, end * units, nameof(cellActivations));
        Check(hiddenGradients.Length, end * units, nameof(hiddenGradients));
        Check(gateGradients.Length, end * 4 * units, nameof(gateGradients));
        Check(cellGradient.Length, batch * units, nameof(cellGradient));
        if (batch == 0 || units == 0) return;
        CellRows rows = new(step, batch, units, path);
        ref float g = ref MemoryMarshal.GetReference(gates), c = ref MemoryMarshal.GetReference(cells), a = ref MemoryMarshal.GetReference(cellActivations);
        ref float dh = ref MemoryMarshal.GetReference(hiddenGradients), dc = ref MemoryMarshal.GetReference(cellGradient), dz = ref MemoryMarshal.GetReference(gateGradients);
        switch (activation)
        {
            case Activation.Tanh: rows.Backward<TanhFunction>(recurrentActivation, ref g, ref c, ref a, ref dh, ref dc, ref dz); break;
            case Activation.Sigmoid: rows.Backward<SigmoidFunction>(recurrentActivation, ref g, ref c, ref a, ref dh, ref dc, ref dz); break;
            case Activation.HardSigmoid: rows.Backward<HardSigmoidFunction>(recurrentActivation, ref g, ref c, ref a, ref dh, ref dc, ref dz); break;
            case Activation.Relu: rows.Backward<ReluFunction>(recurrentActivation, ref g, ref c, ref a, ref dh, ref dc, ref dz); break;
            case Activation.Linear: rows.Backward<LinearFunction>(recurrentActivation, ref g, ref c, ref a, ref dh, ref dc, ref dz); break;
            default: throw Unsupported(nameof(activation), activation);
        }
    }

    /// <summary>
    /// Ends the backward pass with one product per weight over every step at once:
    /// <c>dKernel = inputsᵀ · dz</c>, <c>dRecurrentKernel = Σₛ hₛ₋₁ᵀ · dzₛ</c> (the hidden states of steps 0…T-2 against
    /// the gradients of steps 1…T-1, as one product), <c>dBias = Σ dz</c>, each overwritten; then, unless
    /// <paramref name="inputGradient"/> is empty, <c>dx = dz · kernelᵀ</c>, computed into <paramref name="inputs"/> (no
    /// longer needed) and written back batch-major in time order (through the forward pass's <paramref name="inputMask"/>,
    /// if it had one), added to <paramref name="inputGradient"/> with <paramref name="accumulate"/>.
    /// </summary>
    public static void WeightGradients(Span<float> inputs, ReadOnlySpan<float> hidden, ReadOnlySpan<float> gateGradients, ReadOnlySpan<float> kernel,
        Span<float> kernelGradient, Span<float> recurrentKernelGradient, Span<float> biasGradient, Span<float> inputGradient,
        int batch, int steps, int features, int units, bool goBackwards, ReadOnlySpan<float> inputMask = default, bool accumulate = false)
        => Recurrent.WeightGradients(inputs, hidden, gateGradients, kernel, kernelGradient, recurrentKernelGradient, biasGradient, inputGradient,
            batch, steps, features, units, 4 * units, goBackwards, inputMask, accumulate);

    private static void Check(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values; the LSTM's sizes need {needed}.", name);
    }

    private static ArgumentOutOfRangeException Unsupported(string name, Activation function)
        => new(name, function, $"The LSTM applies tanh, sigmoid, hard_sigmoid, relu or linear; got {function}.");

    /// <summary>
    /// The rows of one step, walked a vector of units at a time: the units of gate <c>k</c> of row <c>b</c> are at
    /// <c>(b·4 + k)·units</c>. The last vector of a row overlaps the one before it rather than leaving a scalar tail; it is
    /// computed before anything of the row is stored, since the forward pass writes the gates over their pre-activations
    /// and the backward pass writes the carried <c>dc</c> over itself.
    /// </summary>
    private readonly struct CellRows(int step, int batch, int units, SimdPath path)
    {
        public void Forward<TCell>(Activation recurrentActivation, ref float gates, ref float cells, ref float activations, ref float hidden)
            where TCell : struct, IActivationFunction
        {
            switch (recurrentActivation)
            {
                case Activation.Sigmoid: Forward<TCell, SigmoidFunction>(ref gates, ref cells, ref activations, ref hidden); break;
                case Activation.HardSigmoid: Forward<TCell, HardSigmoidFunction>(ref gates, ref cells, ref activations, ref hidden); break;
                case Activation.Tanh: Forward<TCell, TanhFunction>(ref gates, ref cells, ref activations, ref hidden); break;
                case Activation.Relu: Forward<TCell, ReluFunction>(ref gates, ref cells, ref activations, ref hidden); break;
                case Activation.Linear: Forward<TCell, LinearFunction>(ref gates, ref cells, ref activations, ref hidden); break;
                default: throw Unsupported(nameof(recurrentActivation), recurrentActivation);
            }
        }

        public void Backward<TCell>(Activation recurrentActivation, ref float gates, ref float cells, ref float activations,
            ref float hiddenGradients, ref float cellGradient, ref float gateGradients)
            where TCell : struct, IActivationFunction
        {
            switch (recurrentActivation)
            {
                case Activation.Sigmoid: Backward<TCell, SigmoidFunction>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients); break;
                case Activation.HardSigmoid: Backward<TCell, HardSigmoidFunction>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients); break;
                case Activation.Tanh: Backward<TCell, TanhFunction>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients); break;
                case Activation.Relu: Backward<TCell, ReluFunction>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients); break;
                case Activation.Linear: Backward<TCell, LinearFunction>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients); break;
                default: throw Unsupported(nameof(recurrentActivation), recurrentActivation);
            }
        }

        private void Forward<TCell, TGate>(ref float gates, ref float cells, ref float activations, ref float hidden)
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            if (path == SimdPath.Vector512 && units >= Vector512<float>.Count)
                ForwardRows<Vector512<float>, Vector512Ops, TCell, TGate>(ref gates, ref cells, ref activations, ref hidden);
            else if (path != SimdPath.Scalar && units >= Vector256<float>.Count)
                ForwardRows<Vector256<float>, Vector256Ops, TCell, TGate>(ref gates, ref cells, ref activations, ref hidden);
            else
                ForwardRows<float, ScalarOps, TCell, TGate>(ref gates, ref cells, ref activations, ref hidden);
        }

        private void Backward<TCell, TGate>(ref float gates, ref float cells, ref float activations, ref float hiddenGradients, ref float cellGradient, ref float gateGradients)
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            if (path == SimdPath.Vector512 && units >= Vector512<float>.Count)
                BackwardRows<Vector512<float>, Vector512Ops, TCell, TGate>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients);
            else if (path != SimdPath.Scalar && units >= Vector256<float>.Count)
                BackwardRows<Vector256<float>, Vector256Ops, TCell, TGate>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients);
            else
                BackwardRows<float, ScalarOps, TCell, TGate>(ref gates, ref cells, ref activations, ref hiddenGradients, ref cellGradient, ref gateGradients);
        }

        private void ForwardRows<TVector, TOps, TCell, TGate>(ref float gates, ref float cells, ref float activations, ref float hidden)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = (nuint)units, width = (nuint)TOps.Count, last = u - width;
            nuint first = (nuint)(step * batch);
            for (nuint b = 0; b < (nuint)batch; b++)
            {
                ref float z = ref Unsafe.Add(ref gates, (first + b) * 4 * u);
                ref float c = ref Unsafe.Add(ref cells, (first + b) * u);
                // Step 0 starts from c₋₁ = 0 and reads no previous row.
                ref float previous = ref step == 0 ? ref c : ref Unsafe.Subtract(ref c, (nuint)batch * u);
                ref float a = ref Unsafe.Add(ref activations, (first + b) * u);
                ref float h = ref Unsafe.Add(ref hidden, (first + b) * u);
                CellValues<TVector> tail = ForwardUnits<TVector, TOps, TCell, TGate>(ref z, ref previous, last, u);
                for (nuint j = 0; j < last; j += width)
                    Store<TVector, TOps>(ForwardUnits<TVector, TOps, TCell, TGate>(ref z, ref previous, j, u), ref z, ref c, ref a, ref h, j, u);
                Store<TVector, TOps>(tail, ref z, ref c, ref a, ref h, last, u);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private CellValues<TVector> ForwardUnits<TVector, TOps, TCell, TGate>(ref float z, ref float previous, nuint j, nuint u)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            TVector i = TGate.Apply<TVector, TOps>(TOps.Load(ref z, j));
            TVector f = TGate.Apply<TVector, TOps>(TOps.Load(ref z, u + j));
            TVector candidate = TCell.Apply<TVector, TOps>(TOps.Load(ref z, 2 * u + j));
            TVector o = TGate.Apply<TVector, TOps>(TOps.Load(ref z, 3 * u + j));
            TVector kept = step == 0 ? TOps.Zero : TOps.Multiply(f, TOps.Load(ref previous, j));
            TVector c = TOps.Add(kept, TOps.Multiply(i, candidate));
            TVector a = TCell.Apply<TVector, TOps>(c);
            return new CellValues<TVector>(i, f, candidate, o, c, a, TOps.Multiply(o, a));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store<TVector, TOps>(in CellValues<TVector> values, ref float z, ref float c, ref float a, ref float h, nuint j, nuint u)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
        {
            TOps.Store(values.I, ref z, j);
            TOps.Store(values.F, ref z, u + j);
            TOps.Store(values.Candidate, ref z, 2 * u + j);
            TOps.Store(values.O, ref z, 3 * u + j);
            TOps.Store(values.C, ref c, j);
            TOps.Store(values.Activation, ref a, j);
            TOps.Store(values.H, ref h, j);
        }

        private void BackwardRows<TVector, TOps, TCell, TGate>(ref float gates, ref float cells, ref float activations, ref float hiddenGradients,
            ref float cellGradient, ref float gateGradients)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            nuint u = (nuint)units, width = (nuint)TOps.Count, last = u - width;
            nuint first = (nuint)(step * batch);
            for (nuint b = 0; b < (nuint)batch; b++)
            {
                Rows row = new(
                    ref Unsafe.Add(ref gates, (first + b) * 4 * u),
                    ref step == 0 ? ref cells : ref Unsafe.Add(ref cells, (first - (nuint)batch + b) * u),
                    ref Unsafe.Add(ref activations, (first + b) * u),
                    ref Unsafe.Add(ref hiddenGradients, (first + b) * u),
                    ref Unsafe.Add(ref cellGradient, b * u),
                    ref Unsafe.Add(ref gateGradients, (first + b) * 4 * u));
                GradientValues<TVector> tail = BackwardUnits<TVector, TOps, TCell, TGate>(row, last, u);
                for (nuint j = 0; j < last; j += width)
                    Store<TVector, TOps>(BackwardUnits<TVector, TOps, TCell, TGate>(row, j, u), row, j, u);
                Store<TVector, TOps>(tail, row, last, u);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private GradientValues<TVector> BackwardUnits<TVector, TOps, TCell, TGate>(in Rows row, nuint j, nuint u)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
            where TCell : struct, IActivationFunction
            where TGate : struct, IActivationFunction
        {
            TVector i = TOps.Load(ref row.Gates, j), f = TOps.Load(ref row.Gates, u + j);
            TVector candidate = TOps.Load(ref row.Gates, 2 * u + j), o = TOps.Load(ref row.Gates, 3 * u + j);
            TVector a = TOps.Load(ref row.Activations, j), dh = TOps.Load(ref row.HiddenGradients, j);
            TVector dc = TOps.Add(TOps.Load(ref row.CellGradient, j), TOps.Multiply(TOps.Multiply(dh, o), TCell.Derivative<TVector, TOps>(a)));
            TVector previous = step == 0 ? TOps.Zero : TOps.Load(ref row.PreviousCells, j);
            return new GradientValues<TVector>(
                I: TOps.Multiply(TOps.Multiply(dc, candidate), TGate.Derivative<TVector, TOps>(i)),
                F: TOps.Multiply(TOps.Multiply(dc, previous), TGate.Derivative<TVector, TOps>(f)),
                Candidate: TOps.Multiply(TOps.Multiply(dc, i), TCell.Derivative<TVector, TOps>(candidate)),
                O: TOps.Multiply(TOps.Multiply(dh, a), TGate.Derivative<TVector, TOps>(o)),
                Carried: TOps.Multiply(dc, f));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store<TVector, TOps>(in GradientValues<TVector> values, in Rows row, nuint j, nuint u)
            where TVector : struct
            where TOps : struct, IVectorOps<TVector>
        {
            TOps.Store(values.I, ref row.GateGradients, j);
            TOps.Store(values.F, ref row.GateGradients, u + j);
            TOps.Store(values.Candidate, ref row.GateGradients, 2 * u + j);
            TOps.Store(values.O, ref row.GateGradients, 3 * u + j);
            TOps.Store(values.Carried, ref row.CellGradient, j);
        }
    }

    /// <summary>One row's gates, cell, activation of the cell and output, a vector of units at a time.</summary>
    private readonly record struct CellValues<TVector>(TVector I, TVector F, TVector Candidate, TVector O, TVector C, TVector Activation, TVector H);

    /// <summary>One row's gate pre-activation gradients and the <c>dc</c> carried to the step before.</summary>
    private readonly record struct GradientValues<TVector>(TVector I, TVector F, TVector Candidate, TVector O, TVector Carried);

    /// <summary>Where one row of the backward pass reads and writes (the previous step's cells are not read at step 0).</summary>
    private readonly ref struct Rows
    {
        public readonly ref float Gates;
        public readonly ref float PreviousCells;
        public readonly ref float Activations;
        public readonly ref float HiddenGradients;
        public readonly ref float CellGradient;
        public readonly ref float GateGradients;

        public Rows(ref float gates, ref float previousCells, ref float activations, ref float hiddenGradients, ref float cellGradient, ref float gateGradients)
        {
            Gates = ref gates;
            PreviousCells = ref previousCells;
            Activations = ref activations;
            HiddenGradients = ref hiddenGradients;
            CellGradient = ref cellGradient;
            GateGradients = ref gateGradients;
        }
    }
}
