namespace Compiled.Datasets;

/// <summary>
/// Grey-scale images and their class labels, as Keras's <c>load_data</c> returns them: <see cref="Pixels"/> is
/// Keras's <c>x</c> (uint8, shape <c>(Count, Height, Width)</c>, row-major) and <see cref="Labels"/> its <c>y</c>.
/// <see cref="Normalized"/> gives what a model takes, <c>x.astype("float32") / 255</c> flattened to
/// <c>(Count, Height * Width)</c>.
/// </summary>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData();   // float[60000, 784] in [0, 1], int[60000], ...
/// model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), batchSize: 128, epochs: 5);
/// </code>
/// </example>
public sealed class LabelledImages
{
    /// <summary>Images and labels that belong together.</summary>
    /// <param name="pixels">One byte per pixel, image after image, each row after row: <c>Count * height * width</c> bytes.</param>
    /// <param name="labels">One class index per image.</param>
    /// <param name="height">Rows of pixels per image.</param>
    /// <param name="width">Pixels per row.</param>
    public LabelledImages(byte[] pixels, int[] labels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if ((long)labels.Length * height * width != pixels.Length)
            throw new ArgumentException($"{labels.Length} images of {height}x{width} pixels need {(long)labels.Length * height * width} bytes; got {pixels.Length}.", nameof(pixels));
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>The number of images (and labels).</summary>
    public int Count => Labels.Length;

    /// <summary>Rows of pixels per image (28 for MNIST).</summary>
    public int Height { get; }

    /// <summary>Pixels per row (28 for MNIST).</summary>
    public int Width { get; }

    /// <summary>
    /// The raw pixels, 0 (background) to 255, as the data set stores them: image <c>i</c>'s pixel at row <c>r</c>,
    /// column <c>c</c> is <c>Pixels[(i * Height + r) * Width + c]</c>. Keras's uint8 <c>x</c>.
    /// </summary>
    public byte[] Pixels { get; }

    /// <summary>Each image's class (0 to 9 for MNIST); ready for <see cref="Utils.ToCategorical"/>. Keras's <c>y</c>.</summary>
    public int[] Labels { get; }

    /// <summary>
    /// The images as a model takes them: one row of <c>Height * Width</c> floats per image, each pixel divided by
    /// 255 into [0, 1] (Keras's <c>x.astype("float32") / 255</c>, reshaped to <c>(Count, Height * Width)</c>).
    /// A new array on every call.
    /// </summary>
    public float[,] Normalized()
    {
        float[,] images = new float[Count, Height * Width];
        if (images.Length == 0) return images;
        Span<float> values = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref images[0, 0], images.Length);
        ReadOnlySpan<byte> pixels = Pixels;
        for (int i = 0; i < pixels.Length; i++) values[i] = pixels[i] / 255f;
        return images;
    }

    /// <summary><c>var (x, y) = images;</c>: <see cref="Normalized"/> and <see cref="Labels"/>.</summary>
    public void Deconstruct(out float[,] images, out int[] labels)
    {
        images = Normalized();
        labels = Labels;
    }
}
