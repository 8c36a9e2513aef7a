namespace Compiled.Kernels;

/// <summary>
/// Zero padding of channels_last images: <c>x</c> of shape <c>(batch, height, width, channels)</c> to <c>y</c> of shape
/// <c>(batch, top + height + bottom, left + width + right, channels)</c> with
/// <c>y[b, top + i, left + j, c] = x[b, i, j, c]</c> and zeros elsewhere (Keras's <c>ZeroPadding2D(((top, bottom), (left, right)))</c>;
/// <c>ZeroPadding1D((left, right))</c> is height 1 with no top or bottom).
/// Backward crops: <c>dx[b, i, j, c] = dy[b, top + i, left + j, c]</c>.
/// </summary>
public static class ZeroPadding
{
    /// <summary>Copies <paramref name="x"/> into the middle of <paramref name="y"/> and zeroes the border.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int height, int width, int channels,
        int top, int bottom, int left, int right)
    {
        var (outHeight, outWidth) = Check(nameof(Forward), x.Length, "x", y.Length, "y", batch, height, width, channels, top, bottom, left, right);
        int rowIn = width * channels, rowOut = outWidth * channels;
        int leftValues = left * channels, rightValues = right * channels;
        for (int b = 0; b < batch; b++)
        {
            Span<float> sample = y.Slice(b * outHeight * rowOut, outHeight * rowOut);
            sample.Slice(0, top * rowOut).Clear();
            sample.Slice((top + height) * rowOut, bottom * rowOut).Clear();
            for (int i = 0; i < height; i++)
            {
                Span<float> row = sample.Slice((top + i) * rowOut, rowOut);
                row.Slice(0, leftValues).Clear();
                x.Slice((b * height + i) * rowIn, rowIn).CopyTo(row.Slice(leftValues, rowIn));
                row.Slice(leftValues + rowIn, rightValues).Clear();
            }
        }
    }

    /// <summary>
    /// Crops <paramref name="dy"/> back to the input's shape; <paramref name="dx"/> is overwritten, or added to with
    /// <paramref name="accumulate"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels,
        int top, int bottom, int left, int right, bool accumulate = false)
    {
        var (outHeight, outWidth) = Check(nameof(Backward), dx.Length, "dx", dy.Length, "dy", batch, height, width, channels, top, bottom, left, right);
        int rowIn = width * channels, rowOut = outWidth * channels, leftValues = left * channels;
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < height; i++)
            {
                ReadOnlySpan<float> from = dy.Slice((b * outHeight + top + i) * rowOut + leftValues, rowIn);
                Span<float> to = dx.Slice((b * height + i) * rowIn, rowIn);
                if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(to, from, to);
                else from.CopyTo(to);
            }
        }
    }

    private static (int Height, int Width) Check(string kernel, int inputLength, string inputName, int outputLength, string outputName,
        int batch, int height, int width, int channels, int top, int bottom, int left, int right)
    {
        if (batch < 0 || height < 0 || width < 0 || channels < 0 || top < 0 || bottom < 0 || left < 0 || right < 0)
            throw new ArgumentException($"ZeroPadding.{kernel} needs non-negative sizes; got batch {batch}, {height}x{width}x{channels}, padding (({top}, {bottom}), ({left}, {right})).");
        int outHeight = top + height + bottom, outWidth = left + width + right;
        long inputNeeded = (long)batch * height * width * channels;
        long outputNeeded = (long)batch * outHeight * outWidth * channels;
        if (inputLength < inputNeeded)
            throw new ArgumentException($"ZeroPadding.{kernel}: {inputName} of shape ({batch}, {height}, {width}, {channels}) needs {inputNeeded} values; got {inputLength}.", inputName);
        if (outputLength < outputNeeded)
            throw new ArgumentException($"ZeroPadding.{kernel}: {outputName} of shape ({batch}, {outHeight}, {outWidth}, {channels}) needs {outputNeeded} values; got {outputLength}.", outputName);
        return (outHeight, outWidth);
    }
}
