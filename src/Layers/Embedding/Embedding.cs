using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Compiled.Kernels;

/// <summary>
/// Keras's Embedding: <c>y[b, t, :] = embeddings[x[b, t], :]</c> for <c>x</c> of shape <c>(batch, steps)</c> holding token
/// indices as floats, <c>embeddings</c> <c>(inputDim, outputDim)</c> and <c>y</c> <c>(batch, steps, outputDim)</c>.
/// Backward adds each step's output gradient into the gradient of the row it read:
/// <c>dEmbeddings[i, :] = Σ over (b, t) with x[b, t] = i of dy[b, t, :]</c>. Indices have no gradient.
/// </summary>
/// <remarks>
/// The gradient is dense, every row written (zero where no step read it), because the optimizer updates the whole
/// parameter buffer: the update of Keras 2's SGD, whose momentum keeps moving rows a batch did not read. tf.keras 2's SGD
/// takes the gradient as sparse rows and with momentum updates only the rows read.
/// </remarks>
public static class Embedding
{
    /// <summary>Copies the row of <paramref name="embeddings"/> each index names into <paramref name="y"/>.</summary>
    /// <param name="x">The indices, <c>(batch, steps)</c>: whole numbers in <c>[0, inputDim)</c>, as floats.</param>
    /// <param name="embeddings">The embeddings, <c>(inputDim, outputDim)</c> row-major.</param>
    /// <param name="y">The vectors, <c>(batch, steps, outputDim)</c>.</param>
    /// <param name="batch">How many samples.</param>
    /// <param name="steps">How many indices each sample holds.</param>
    /// <param name="inputDim">The vocabulary's size, the embeddings' rows.</param>
    /// <param name="outputDim">The length of each vector, the embeddings' columns.</param>
    /// <param name="layerName">The layer's name, for the error about a bad index.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is not a whole number in <c>[0, inputDim)</c>; the message names the layer, the sample and step, the value and the range.</exception>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> embeddings, Span<float> y, int batch, int steps, int inputDim, int outputDim, string layerName)
    {
        int positions = Check(nameof(Forward), x.Length, embeddings.Length, y.Length, "y", batch, steps, inputDim, outputDim);
        for (int p = 0; p < positions; p++)
        {
            int row = Row(x[p], p, steps, inputDim, layerName);
            embeddings.Slice(row * outputDim, outputDim).CopyTo(y.Slice(p * outputDim, outputDim));
        }
    }

    /// <summary>
    /// Keras's <c>compute_mask</c> with <c>mask_zero=True</c>: <c>mask[p] = 1</c> where index <c>x[p]</c> is not 0, else 0,
    /// over the first <paramref name="positions"/> indices (<c>batch · steps</c>). Forward has checked the indices.
    /// </summary>
    public static void MaskZero(ReadOnlySpan<float> x, Span<float> mask, int positions)
    {
        if (x.Length < positions || mask.Length < positions)
            throw new ArgumentException($"The indices ({x.Length}) and the mask ({mask.Length}) need {positions} values each.");
        for (int p = 0; p < positions; p++) mask[p] = x[p] != 0 ? 1f : 0f;
    }

    /// <summary>
    /// Overwrites <paramref name="dEmbeddings"/> with the sum, for each row, of the output gradients of the steps that read
    /// it, added in the order of the steps (sample by sample), so the bits are the same on every run and thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is not a whole number in <c>[0, inputDim)</c>.</exception>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dEmbeddings, int batch, int steps, int inputDim, int outputDim, string layerName)
    {
        int positions = Check(nameof(Backward), x.Length, dEmbeddings.Length, dy.Length, "dy", batch, steps, inputDim, outputDim);
        dEmbeddings = dEmbeddings.Slice(0, inputDim * outputDim);
        dEmbeddings.Clear();
        for (int p = 0; p < positions; p++)
        {
            Span<float> gradient = dEmbeddings.Slice(Row(x[p], p, steps, inputDim, layerName) * outputDim, outputDim);
            TensorPrimitives.Add(gradient, dy.Slice(p * outputDim, outputDim), gradient);
        }
    }

    /// <summary>The row an index names: a whole number in range converts to int and back unchanged; NaN, fractions and values out of range fail one of the two compares.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row(float index, int position, int steps, int inputDim, string layerName)
    {
        int row = (int)index;
        if (row != index || (uint)row >= (uint)inputDim) ThrowBadIndex(index, position, steps, inputDim, layerName);
        return row;
    }

    [DoesNotReturn]
    private static void ThrowBadIndex(float index, int position, int steps, int inputDim, string layerName)
        => throw new ArgumentOutOfRangeException("x",
            $"Embedding '{layerName}' got index {index.ToString(CultureInfo.InvariantCulture)} at sample {position / steps}, step {position % steps}; " +
            $"expected a whole number from 0 to {inputDim - 1} (input_dim {inputDim}).");

    private static int Check(string kernel, int indices, int embeddings, int values, string valuesName, int batch, int steps, int inputDim, int outputDim)
    {
        if (batch < 0 || steps <= 0 || inputDim <= 0 || outputDim <= 0)
            throw new ArgumentException($"Embedding.{kernel} needs a non-negative batch and positive sizes; got batch {batch}, {steps} steps, input_dim {inputDim}, output_dim {outputDim}.");
        long positions = (long)batch * steps;
        if (indices < positions)
            throw new ArgumentException($"Embedding.{kernel}: x of shape ({batch}, {steps}) needs {positions} indices; got {indices}.", "x");
        if (embeddings < (long)inputDim * outputDim)
            throw new ArgumentException($"Embedding.{kernel}: the embeddings ({inputDim}, {outputDim}) need {(long)inputDim * outputDim} values; got {embeddings}.");
        if (values < positions * outputDim)
            throw new ArgumentException($"Embedding.{kernel}: {valuesName} of shape ({batch}, {steps}, {outputDim}) needs {positions * outputDim} values; got {values}.", valuesName);
        return (int)positions;
    }
}
