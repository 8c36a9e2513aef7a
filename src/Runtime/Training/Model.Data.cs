using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Compiled;

public abstract partial class Model
{
    private int CheckPairs(int xLength, int yLength)
    {
        int samples = SampleCount(xLength, _inputSize, "x", "input", _inputShape);
        int targets = SampleCount(yLength, _outputSize, "y", "output", _outputShape);
        if (samples != targets)
            throw new ArgumentException($"{Name}: x holds {samples} sample(s) but y holds {targets} target(s); they must match.", "y");
        return samples;
    }

    private int SampleCount(int length, int size, string argument, string what, int[] shape)
    {
        if (length % size != 0)
            throw new ArgumentException($"{Name}: {argument} holds {length} values, not a whole number of samples of {size} {what} values each ({what} shape {Shape(shape)}).", argument);
        return length / size;
    }

    private void CheckColumns(int columns, int size, string argument, string what, int[] shape)
    {
        if (columns != size)
            throw new ArgumentException($"{Name}: expected {size} {what} values per sample ({what} shape {Shape(shape)}); {argument} has {columns} per row.", argument);
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
