using System.Numerics.Tensors;

namespace Compiled.Kernels;

/// <summary>
/// Keras's RepeatVector: <c>y[b, k, :] = x[b, :]</c> for <c>x</c> of shape <c>(batch, features)</c> and <c>y</c>
/// <c>(batch, n, features)</c>. Backward sums the copies' gradients: <c>dx[b, :] = Σ_k dy[b, k, :]</c>.
/// </summary>
public static class RepeatVector
{
    /// <summary>Copies each sample's vector into its <paramref name="n"/> steps of <paramref name="y"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int n, int features)
    {
        Check(nameof(Forward), x.Length, "x", y.Length, "y", batch, n, features);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> vector = x.Slice(b * features, features);
            Span<float> steps = y.Slice(b * n * features, n * features);
            for (int k = 0; k < n; k++) vector.CopyTo(steps.Slice(k * features, features));
        }
    }

    /// <summary>
    /// Writes each sample's gradient as the sum of its steps' gradients, added step by step in order (the same bits on
    /// every run); <paramref name="dx"/> is overwritten, or added to with <paramref name="accumulate"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int n, int features, bool accumulate = false)
    {
        Check(nameof(Backward), dx.Length, "dx", dy.Length, "dy", batch, n, features);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> steps = dy.Slice(b * n * features, n * features);
            Span<float> sum = dx.Slice(b * features, features);
            if (accumulate) TensorPrimitives.Add(sum, steps.Slice(0, features), sum);
            else steps.Slice(0, features).CopyTo(sum);
            for (int k = 1; k < n; k++) TensorPrimitives.Add(sum, steps.Slice(k * features, features), sum);
        }
    }

    private static void Check(string kernel, int vectorLength, string vectorName, int stepsLength, string stepsName, int batch, int n, int features)
    {
        if (batch < 0 || n <= 0 || features < 0)
            throw new ArgumentException($"RepeatVector.{kernel} needs a non-negative batch and features and a positive n; got batch {batch}, n {n}, {features} features.");
        long vectors = (long)batch * features, steps = vectors * n;
        if (vectorLength < vectors)
            throw new ArgumentException($"RepeatVector.{kernel}: {vectorName} of shape ({batch}, {features}) needs {vectors} values; got {vectorLength}.", vectorName);
        if (stepsLength < steps)
            throw new ArgumentException($"RepeatVector.{kernel}: {stepsName} of shape ({batch}, {n}, {features}) needs {steps} values; got {stepsLength}.", stepsName);
    }
}
