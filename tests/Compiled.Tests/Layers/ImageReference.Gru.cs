namespace Compiled.Tests.Layers;

internal sealed partial class ImageReference
{
    /// <summary>
    /// Keras's GRU on a <c>(timesteps, features)</c> shape, from a zero state, as tf.keras 2's <c>GRUCell</c> computes it:
    /// weights kernel <c>(features, 3u)</c> at <paramref name="offset"/>, then recurrent_kernel <c>(u, 3u)</c>, then the bias,
    /// <c>(2, 3u)</c> (input bias, recurrent bias) with <paramref name="resetAfter"/> or <c>(3u)</c> without, gates in the
    /// order z, r, h. Per step <c>z = σ(x_z + h_z)</c>, <c>r = σ(x_r + h_r)</c>, the candidate <c>act(x_h + r·(h·U_h + b_h))</c>
    /// with <paramref name="resetAfter"/>, else <c>act(x_h + (r·h)·U_h)</c>, and <c>h = z·h + (1 - z)·candidate</c>. With
    /// <paramref name="goBackwards"/> the steps are read from the last, and a returned sequence is in that order. An
    /// <paramref name="inputMask"/> <c>(batch, features)</c> multiplies every step's input. A <paramref name="stepMask"/>
    /// leaves the state as it was at a masked step, as <see cref="Lstm"/> does.
    /// </summary>
    public ImageReference Gru(int units, int offset, bool returnSequences = false, bool goBackwards = false, bool bias = true, bool resetAfter = true,
        string activation = "tanh", string recurrentActivation = "sigmoid", Func<float[]>? inputMask = null, Func<bool[]?>? stepMask = null,
        bool zeroMaskedOutputs = false)
    {
        int steps = _shape[0], features = _shape[1], width = 3 * units;
        int recurrentOffset = offset + features * width, biasOffset = recurrentOffset + units * width;
        Func<double, double> act = Function(activation), gate = Function(recurrentActivation);
        _layers.Add((x, p, batch) =>
        {
            double[] y = new double[batch * (returnSequences ? steps : 1) * units];
            float[]? mask = inputMask?.Invoke();
            bool[]? counts = stepMask?.Invoke();
            for (int b = 0; b < batch; b++)
            {
                double[] h = new double[units];
                for (int s = 0; s < steps; s++)
                {
                    int t = goBackwards ? steps - 1 - s : s;
                    if (counts is not null && !counts[b * steps + t])
                    {
                        if (returnSequences && !zeroMaskedOutputs) h.CopyTo(y, (b * steps + s) * units);
                        continue;
                    }
                    double[] fromInput = new double[width], fromState = new double[width];
                    for (int k = 0; k < width; k++)
                    {
                        double sum = bias ? p[biasOffset + k] : 0;
                        for (int f = 0; f < features; f++)
                            sum += x[(b * steps + t) * features + f] * (mask is null ? 1 : mask[b * features + f]) * p[offset + f * width + k];
                        fromInput[k] = sum;
                        double recurrent = bias && resetAfter ? p[biasOffset + width + k] : 0;
                        for (int j = 0; j < units; j++) recurrent += h[j] * p[recurrentOffset + j * width + k];
                        fromState[k] = recurrent;
                    }
                    double[] z = new double[units], r = new double[units], next = new double[units];
                    for (int j = 0; j < units; j++)
                    {
                        z[j] = gate(fromInput[j] + fromState[j]);
                        r[j] = gate(fromInput[units + j] + fromState[units + j]);
                    }
                    for (int j = 0; j < units; j++)
                    {
                        double candidate;
                        if (resetAfter) candidate = act(fromInput[2 * units + j] + r[j] * fromState[2 * units + j]);
                        else
                        {
                            double sum = fromInput[2 * units + j];
                            for (int i = 0; i < units; i++) sum += r[i] * h[i] * p[recurrentOffset + i * width + 2 * units + j];
                            candidate = act(sum);
                        }
                        next[j] = z[j] * h[j] + (1 - z[j]) * candidate;
                    }
                    h = next;
                    if (returnSequences) h.CopyTo(y, (b * steps + s) * units);
                }
                if (!returnSequences) h.CopyTo(y, b * units);
            }
            return y;
        });
        _shape = returnSequences ? [steps, units] : [units];
        return this;
    }

    /// <summary>
    /// Keras's <c>Bidirectional(GRU(units))</c>: the forward copy's weights at <paramref name="offset"/>, the backward copy's
    /// right after them, merged as <see cref="Bidirectional"/> merges the LSTM's; with <paramref name="masked"/> both honour
    /// <see cref="StepMask"/>, zeros at masked steps of returned sequences.
    /// </summary>
    public ImageReference BidirectionalGru(int units, int offset, string mergeMode, bool returnSequences = false, bool resetAfter = true,
        string activation = "tanh", string recurrentActivation = "sigmoid", bool masked = false)
    {
        int steps = _shape[0], features = _shape[1], copy = 3 * units * (features + units + (resetAfter ? 2 : 1));
        Func<bool[]?>? stepMask = masked ? () => _stepMask : null;
        var forward = new ImageReference(steps, features).Gru(units, offset, returnSequences, false, true, resetAfter, activation, recurrentActivation,
            stepMask: stepMask, zeroMaskedOutputs: returnSequences)._layers[0];
        var backward = new ImageReference(steps, features).Gru(units, offset + copy, returnSequences, true, true, resetAfter, activation, recurrentActivation,
            stepMask: stepMask, zeroMaskedOutputs: returnSequences)._layers[0];
        return Merged(units, mergeMode, returnSequences, forward, backward);
    }
}
