namespace Compiled;

public abstract partial class Model
{
    /// <summary>
    /// Predicts for one or more samples stored back to back in <paramref name="x"/>, writing their
    /// outputs back to back into <paramref name="y"/>; allocates nothing once warmed up.
    /// </summary>
    public void Predict(ReadOnlySpan<float> x, Span<float> y)
    {
        using CallScope call = EnterCall(nameof(Predict));
        int samples = SampleCount(x.Length, _inputSize, "x", "input", _inputShape);
        if (y.Length != samples * _outputSize)
            throw new ArgumentException($"{Name}: {samples} sample(s) give {samples * _outputSize} output values ({_outputSize} each, output shape {Shape(_outputShape)}), but y holds {y.Length}.", nameof(y));
        int chunk = Math.Min(samples, Math.Max(_capacity, PredictChunk));
        EnsureCapacity(chunk);
        for (int start = 0; start < samples; start += chunk)
        {
            int n = Math.Min(chunk, samples - start);
            Forward(x.Slice(start * _inputSize, n * _inputSize), n);
            Span<float> chunkOutputs = y.Slice(start * _outputSize, n * _outputSize);
            if (_heads.Length == 1)
                HeadOutput(0).Slice(0, n * _outputSize).CopyTo(chunkOutputs);
            else
                foreach (OutputHead head in _heads)
                    Kernels.Concatenation.Write(HeadOutput(head.Index).Slice(0, n * head.Size), chunkOutputs, n, head.Size, _outputSize, head.Offset);
        }
    }

    /// <summary>Predicts for samples stored back to back; returns their outputs back to back.</summary>
    public float[] Predict(ReadOnlySpan<float> x)
    {
        int samples = SampleCount(x.Length, _inputSize, "x", "input", _inputShape);
        long outputs = (long)samples * _outputSize;
        if (outputs > Array.MaxLength)
            throw new ArgumentException($"{Name}: {samples} sample(s) give {outputs:N0} output values ({_outputSize:N0} each), more than the {Array.MaxLength:N0} an array holds; predict fewer at a time, or into spans of your own with Predict(x, y).", nameof(x));
        float[] y = new float[outputs];
        Predict(x, y);
        return y;
    }

    /// <summary>Predicts for each row of <paramref name="x"/> (one sample per row), reading it in place.</summary>
    public float[,] Predict(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckColumns(x.GetLength(1), _inputSize, "x", "input", _inputShape);
        float[,] y = new float[x.GetLength(0), _outputSize];
        Predict(AsSpan(x), AsSpan(y));
        return y;
    }

    /// <summary>Predicts for each sample of <paramref name="x"/>.</summary>
    public float[][] Predict(float[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        float[] flat = Flatten(x, _inputSize, "x", "input", _inputShape);
        float[] y = Predict(flat);
        float[][] rows = new float[x.Length][];
        for (int i = 0; i < rows.Length; i++) rows[i] = y.AsSpan(i * _outputSize, _outputSize).ToArray();
        return rows;
    }
}
