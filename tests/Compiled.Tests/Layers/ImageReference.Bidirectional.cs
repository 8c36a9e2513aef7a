namespace Compiled.Tests.Layers;

internal sealed partial class ImageReference
{
    /// <summary>
    /// Keras's <c>Bidirectional(LSTM(units))</c>: the forward copy's weights at <paramref name="offset"/>, the backward copy's
    /// (<c>go_backwards</c>) right after them; with <paramref name="returnSequences"/> the backward copy's sequence turned
    /// back to input order, then per step <c>[f, b]</c>, <c>f + b</c>, <c>f · b</c> or <c>(f + b) / 2</c> by <paramref name="mergeMode"/>.
    /// </summary>
    public ImageReference Bidirectional(int units, int offset, string mergeMode, bool returnSequences = false,
        string activation = "tanh", string recurrentActivation = "sigmoid")
    {
        int steps = _shape[0], features = _shape[1], copy = 4 * units * (features + units + 1);
        return Merged(units, mergeMode, returnSequences,
            new ImageReference(steps, features).Lstm(units, offset, returnSequences, false, true, activation, recurrentActivation)._layers[0],
            new ImageReference(steps, features).Lstm(units, offset + copy, returnSequences, true, true, activation, recurrentActivation)._layers[0]);
    }

    /// <summary>A Bidirectional layer's merge of its two copies' runs, the backward copy's sequence turned back to input order.</summary>
    private ImageReference Merged(int units, string mergeMode, bool returnSequences, Func<double[], double[], int, double[]> forward, Func<double[], double[], int, double[]> backward)
    {
        int steps = _shape[0];
        int outSteps = returnSequences ? steps : 1, width = mergeMode == "concat" ? 2 * units : units;
        _layers.Add((x, p, batch) =>
        {
            double[] f = forward(x, p, batch), r = backward(x, p, batch), y = new double[batch * outSteps * width];
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < outSteps; t++)
                    for (int j = 0; j < units; j++)
                    {
                        double a = f[(b * outSteps + t) * units + j], c = r[(b * outSteps + outSteps - 1 - t) * units + j];
                        int at = (b * outSteps + t) * width + j;
                        switch (mergeMode)
                        {
                            case "concat": y[at] = a; y[at + units] = c; break;
                            case "sum": y[at] = a + c; break;
                            case "mul": y[at] = a * c; break;
                            case "ave": y[at] = (a + c) / 2; break;
                            default: throw new ArgumentException(mergeMode);
                        }
                    }
            return y;
        });
        _shape = returnSequences ? [steps, width] : [width];
        return this;
    }
}
