namespace Compiled.Tests.Layers;

internal sealed partial class ImageReference
{
    /// <summary>
    /// Keras's SimpleRNN on a <c>(timesteps, features)</c> shape, from a zero state: weights kernel <c>(features, u)</c> at
    /// <paramref name="offset"/>, then recurrent_kernel <c>(u, u)</c>, then the bias <c>(u)</c>; per step
    /// <c>h = act(x·kernel + h·recurrent_kernel + bias)</c>. With <paramref name="goBackwards"/> the steps are read from the
    /// last, and a returned sequence is in that order. An <paramref name="inputMask"/> <c>(batch, features)</c> multiplies
    /// every step's input (input dropout, the mask as the layer drew it). A <paramref name="stepMask"/> leaves the state as it
    /// was at a masked step, as <see cref="Lstm"/> does.
    /// </summary>
    public ImageReference SimpleRnn(int units, int offset, bool returnSequences = false, bool goBackwards = false, bool bias = true,
        string activation = "tanh", Func<float[]>? inputMask = null, Func<bool[]?>? stepMask = null, bool zeroMaskedOutputs = false)
    {
        int steps = _shape[0], features = _shape[1];
        int recurrentOffset = offset + features * units, biasOffset = recurrentOffset + units * units;
        Func<double, double> act = Function(activation);
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
                    double[] next = new double[units];
                    for (int k = 0; k < units; k++)
                    {
                        double sum = bias ? p[biasOffset + k] : 0;
                        for (int f = 0; f < features; f++)
                            sum += x[(b * steps + t) * features + f] * (mask is null ? 1 : mask[b * features + f]) * p[offset + f * units + k];
                        for (int j = 0; j < units; j++) sum += h[j] * p[recurrentOffset + j * units + k];
                        next[k] = act(sum);
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

    /// <summary>Keras's <c>Bidirectional(SimpleRNN(units))</c>, as <see cref="Bidirectional(int, int, string, bool, string, string)"/> merges an LSTM's two copies.</summary>
    /// <remarks>With <paramref name="masked"/> both copies honour <see cref="StepMask"/>, zeros at masked steps of returned sequences.</remarks>
    public ImageReference BidirectionalSimpleRnn(int units, int offset, string mergeMode, bool returnSequences = false, bool goBackwards = false, string activation = "tanh",
        bool masked = false)
    {
        int steps = _shape[0], features = _shape[1], copy = units * (features + units + 1);
        Func<bool[]?>? stepMask = masked ? () => _stepMask : null;
        return Merged(units, mergeMode, returnSequences,
            new ImageReference(steps, features).SimpleRnn(units, offset, returnSequences, goBackwards, true, activation, stepMask: stepMask, zeroMaskedOutputs: returnSequences)._layers[0],
            new ImageReference(steps, features).SimpleRnn(units, offset + copy, returnSequences, !goBackwards, true, activation, stepMask: stepMask, zeroMaskedOutputs: returnSequences)._layers[0]);
    }
}
