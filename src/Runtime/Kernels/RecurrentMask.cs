using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// How a recurrent layer honours a Keras mask of padded steps, as tf.keras 2's <c>backend.rnn</c> does: at a masked step
/// every state is carried over unchanged from the step before (zeros before the first step), and the step's output is the
/// previous output, which for a layer whose output is its hidden state is that carried state, or zeros where the layer
/// sets <c>zero_output_for_mask</c> (each copy inside <c>Bidirectional</c> when it returns sequences). Backward, a
/// masked step passes its state gradients through to the step before unchanged, and its cell gets no gradient, so
/// neither its weights nor its input do.
/// </summary>
/// <remarks>
/// The mask is <c>(batch, steps)</c> in input time order, 1 for a step that counts and 0 for a padded one, as the layer
/// that makes it writes it. The state buffers are time-major in processing order (<c>(steps, batch, width)</c>, step
/// <c>s</c> holding time <c>s</c>, or <c>steps-1-s</c> with <c>go_backwards</c>), as the recurrent kernels keep them.
/// A kind calls these kernels only when its input is masked, so a model without masks runs none of them.
/// </remarks>
public static class RecurrentMask
{
    /// <summary>
    /// After the cell of processing step <paramref name="step"/>: the rows of the samples whose step is masked take the
    /// step before's rows of <paramref name="states"/> (zeros at step 0). Called once per state (an LSTM's <c>c</c> and <c>h</c>).
    /// </summary>
    public static void CarryStates(ReadOnlySpan<float> mask, Span<float> states, int step, int batch, int steps, int width, bool goBackwards)
    {
        Check(mask, batch, steps, step);
        Check(states.Length, (step + 1) * batch * width, nameof(states));
        int time = Time(step, steps, goBackwards);
        for (int b = 0; b < batch; b++)
        {
            if (mask[b * steps + time] != 0) continue;
            Span<float> row = states.Slice((step * batch + b) * width, width);
            if (step == 0) row.Clear();
            else states.Slice(((step - 1) * batch + b) * width, width).CopyTo(row);
        }
    }

    /// <summary>
    /// Copies the rows of the samples whose step <paramref name="step"/> is masked from <paramref name="from"/> to
    /// <paramref name="to"/>, both <c>(batch, width)</c>: a kind whose cell backward replaces a carried state gradient
    /// (an LSTM's <c>dc</c>) keeps it before the cell and puts it back after, so that it passes a masked step unchanged.
    /// </summary>
    public static void CopyMaskedRows(ReadOnlySpan<float> mask, ReadOnlySpan<float> from, Span<float> to, int step, int batch, int steps, int width, bool goBackwards)
    {
        Check(mask, batch, steps, step);
        Check(from.Length, batch * width, nameof(from));
        Check(to.Length, batch * width, nameof(to));
        int time = Time(step, steps, goBackwards);
        for (int b = 0; b < batch; b++)
            if (mask[b * steps + time] == 0) from.Slice(b * width, width).CopyTo(to.Slice(b * width, width));
    }

    /// <summary>
    /// After the cell backward of processing step <paramref name="step"/>: for the samples whose step is masked, the
    /// step's gate gradients (<c>(steps, batch, gateWidth)</c>) become zero, so the step adds nothing to the weights', the
    /// input's or the step before's gradients, and the gradient of the step's hidden state (<c>(steps, batch, units)</c>)
    /// is added to the step before's, since that state is this one.
    /// </summary>
    public static void SkipMaskedSteps(ReadOnlySpan<float> mask, Span<float> hiddenGradients, Span<float> gateGradients, int step, int batch, int steps,
        int units, int gateWidth, bool goBackwards)
    {
        Check(mask, batch, steps, step);
        Check(hiddenGradients.Length, (step + 1) * batch * units, nameof(hiddenGradients));
        Check(gateGradients.Length, (step + 1) * batch * gateWidth, nameof(gateGradients));
        int time = Time(step, steps, goBackwards);
        for (int b = 0; b < batch; b++)
        {
            if (mask[b * steps + time] != 0) continue;
            gateGradients.Slice((step * batch + b) * gateWidth, gateWidth).Clear();
            if (step == 0) continue;
            Span<float> before = hiddenGradients.Slice(((step - 1) * batch + b) * units, units);
            TensorPrimitives.Add(before, hiddenGradients.Slice((step * batch + b) * units, units), before);
        }
    }

    /// <summary>
    /// Before the cell backward of processing step <paramref name="step"/>: for the samples whose step is masked, the
    /// gradient of the step's hidden state (<c>(steps, batch, units)</c>) moves to the step before's, since that state is
    /// this one, and becomes zero here, so a cell backward that is linear in it (a SimpleRNN's, a GRU's) gives the step no
    /// gradient for its weights, its input or the step before. A kind whose cell also carries a gradient of its own across
    /// steps (an LSTM's <c>dc</c>) uses <see cref="SkipMaskedSteps"/> and <see cref="CopyMaskedRows"/> instead.
    /// </summary>
    public static void PassOverMaskedSteps(ReadOnlySpan<float> mask, Span<float> hiddenGradients, int step, int batch, int steps, int units, bool goBackwards)
    {
        Check(mask, batch, steps, step);
        Check(hiddenGradients.Length, (step + 1) * batch * units, nameof(hiddenGradients));
        int time = Time(step, steps, goBackwards);
        for (int b = 0; b < batch; b++)
        {
            if (mask[b * steps + time] != 0) continue;
            Span<float> row = hiddenGradients.Slice((step * batch + b) * units, units);
            if (step > 0)
            {
                Span<float> before = hiddenGradients.Slice(((step - 1) * batch + b) * units, units);
                TensorPrimitives.Add(before, row, before);
            }
            row.Clear();
        }
    }

    /// <summary>
    /// Keras's <c>zero_output_for_mask</c>: the masked steps' rows of a returned sequence <paramref name="sequence"/>
    /// (<c>(batch, steps, width)</c> in processing order) become zero. Backward, applied to the sequence's gradient
    /// before it enters the layer, it drops the gradient of those constant outputs.
    /// </summary>
    public static void ZeroMaskedSteps(ReadOnlySpan<float> mask, Span<float> sequence, int batch, int steps, int width, bool goBackwards)
    {
        Check(mask, batch, steps, 0);
        Check(sequence.Length, batch * steps * width, nameof(sequence));
        for (int b = 0; b < batch; b++)
            for (int s = 0; s < steps; s++)
                if (mask[b * steps + Time(s, steps, goBackwards)] == 0) sequence.Slice((b * steps + s) * width, width).Clear();
    }

    /// <summary>The input time processing step <paramref name="step"/> reads.</summary>
    private static int Time(int step, int steps, bool goBackwards) => goBackwards ? steps - 1 - step : step;

    private static void Check(ReadOnlySpan<float> mask, int batch, int steps, int step)
    {
        Check(mask.Length, batch * steps, nameof(mask));
        if ((uint)step >= (uint)steps) throw new ArgumentOutOfRangeException(nameof(step), step, $"The sequence has {steps} steps.");
    }

    private static void Check(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} values; the recurrent layer's sizes need {needed}.", name);
    }
}
