using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Compiled;

public abstract partial class Model
{
    /// <summary>The samples <paramref name="x"/> and <paramref name="y"/> hold, once they agree and every target has the form its loss takes.</summary>
    private int CheckPairs(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int samples = CheckPairs(x.Length, y.Length);
        CheckClassIndices(y, samples);
        return samples;
    }

    /// <summary>The samples <paramref name="xLength"/> inputs and <paramref name="yLength"/> targets make, once their counts agree.</summary>
    private int CheckPairs(int xLength, int yLength)
    {
        int samples = SampleCount(xLength, _inputSize, "x", "input", _inputShape);
        if (yLength % _targetSize != 0)
            throw new ArgumentException($"{Name}: y holds {yLength} values, not a whole number of samples of {TargetForm()}.{TargetHint(yLength, samples)}", "y");
        int targets = yLength / _targetSize;
        if (samples != targets)
            throw new ArgumentException($"{Name}: x holds {samples} sample(s) but y holds {targets} target(s) of {TargetForm()}; they must match.{TargetHint(yLength, samples)}", "y");
        return samples;
    }

    /// <summary>What one sample's targets are: their count, and each output's form when its loss takes class indices.</summary>
    private string TargetForm()
    {
        if (!_losses.Any(l => l.TakesClassIndices)) return $"{_targetSize} target values each";
        IEnumerable<string> parts = _heads.Select(h => _losses[h.Index].TakesClassIndices
            ? $"{h.TargetSize} class index(es) for '{h.Output.Name}' ({_losses[h.Index].Name}: one per row, a whole number from 0 to {h.Width - 1})"
            : $"{h.TargetSize} value(s) for '{h.Output.Name}'");
        return $"{_targetSize} target values each: " + string.Join(", ", parts);
    }

    /// <summary>
    /// A hint when targets of <paramref name="length"/> values for <paramref name="samples"/> samples look like the other
    /// form: one value per output (one-hot) for a loss that takes class indices, or class indices for one that does not.
    /// </summary>
    private string TargetHint(long length, int samples)
    {
        int classIndices = _heads.Sum(h => h.RowsPerSample);
        if (samples > 0 && length == (long)samples * _outputSize && _outputSize != _targetSize)
            return $" y seems to hold one value per output (one-hot targets?); {string.Join(", ", _losses.Where(l => l.TakesClassIndices).Select(l => l.Name).Distinct())} takes one class index per row instead.";
        if (samples > 0 && length == (long)samples * classIndices && classIndices != _targetSize)
            return $" y seems to hold one class index per row; {string.Join(", ", _losses.Where(l => !l.TakesClassIndices).Select(l => l.Name).Distinct())} takes one value per output (one-hot rows: Utils.ToCategorical), or compile with sparse_categorical_crossentropy.";
        return "";
    }

    /// <summary>Every target of an output whose loss takes class indices is a whole number from 0 to the classes less one.</summary>
    private void CheckClassIndices(ReadOnlySpan<float> y, int samples)
    {
        if (_losses.Length == 0) return;
        foreach (OutputHead head in _heads)
        {
            Loss loss = _losses[head.Index];
            if (!loss.TakesClassIndices) continue;
            for (int sample = 0; sample < samples; sample++)
            {
                ReadOnlySpan<float> targets = y.Slice(sample * _targetSize + head.TargetOffset, head.TargetSize);
                foreach (float target in targets)
                    if (!(target >= 0 && target < head.Width && target == MathF.Floor(target)))
                        throw new ArgumentException(
                            $"{Name}: sample {sample} of y has the target {target.ToString(System.Globalization.CultureInfo.InvariantCulture)} for '{head.Output.Name}', whose loss {loss.Name} takes class indices: " +
                            $"whole numbers from 0 to {head.Width - 1}, one per row ({head.TargetSize} per sample).", "y");
            }
        }
    }

    /// <summary>One sample's target shape as Keras prints it: the output's shape, with one class index per row for a loss that takes them.</summary>
    private int[] TargetShape()
        => _heads.Length > 1 ? [_targetSize]
            : _losses.Length > 0 && _losses[0].TakesClassIndices ? [.. _heads[0].Output.Shape.Take(_heads[0].Output.Shape.Count - 1), 1]
            : _outputShape;

    private int SampleCount(int length, int size, string argument, string what, int[] shape)
    {
        if (length % size != 0)
            throw new ArgumentException($"{Name}: {argument} holds {length} values, not a whole number of samples of {size} {what} values each ({what} shape {Shape(shape)}).", argument);
        return length / size;
    }

    private void CheckColumns(int columns, int size, string argument, string what, int[] shape)
    {
        if (columns != size)
            throw new ArgumentException($"{Name}: expected {size} {what} values per sample ({what} shape {Shape(shape)}); {argument} has {columns} per row.{(what == "target" ? TargetHint(columns, 1) : "")}", argument);
    }

    private float[] Flatten(float[][] rows, int size, string argument, string what, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rows, argument);
        float[] flat = new float[rows.Length * size];
        for (int i = 0; i < rows.Length; i++)
        {
            float[] row = rows[i] ?? throw new ArgumentException($"{Name}: {argument}[{i}] is null.", argument);
            if (row.Length != size)
                throw new ArgumentException($"{Name}: expected {size} {what} values per sample ({what} shape {Shape(shape)}); {argument}[{i}] has {row.Length}.", argument);
            row.CopyTo(flat, i * size);
        }
        return flat;
    }

    private static Span<float> AsSpan(float[,] array)
        => MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    private static int Product(int[] shape)
    {
        int product = 1;
        foreach (int d in shape) product *= d;
        return product;
    }

    /// <summary>A shape as Keras prints it, with <c>None</c> for the batch axis.</summary>
    public static string Shape(ReadOnlySpan<int> shape) => "(None, " + string.Join(", ", shape.ToArray()) + ")";
}
