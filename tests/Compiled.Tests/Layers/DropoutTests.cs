using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>Inverted dropout: reproducible masks from (seed, step, element), the expected keep fraction, identity at rate 0.</summary>
public class DropoutTests
{
    [Fact]
    public void The_same_seed_and_step_give_the_same_mask_and_a_new_step_or_seed_a_different_one()
    {
        float[] x = Enumerable.Range(0, 1000).Select(i => 1f + i).ToArray();
        float[] Mask(ulong seed, long step)
        {
            float[] y = new float[x.Length], mask = new float[x.Length];
            Dropout.Forward(x, y, mask, 0.5f, seed, step);
            return mask;
        }
        Assert.Equal(Mask(42, 3), Mask(42, 3));
        Assert.NotEqual(Mask(42, 3), Mask(42, 4));
        Assert.NotEqual(Mask(42, 3), Mask(43, 3));
    }

    [Fact]
    public void A_batch_in_chunks_gets_the_mask_of_the_whole_batch()
    {
        var random = new SeededRandom(1);
        float[] x = PoolingTests.Gaussian(random, 997);
        float[] y = new float[x.Length], mask = new float[x.Length];
        Dropout.Forward(x, y, mask, 0.25f, 9, 17);
        float[] chunkedY = new float[x.Length], chunkedMask = new float[x.Length];
        foreach (var (start, length) in new[] { (0, 300), (300, 1), (301, 696) })
            Dropout.Forward(x.AsSpan(start, length), chunkedY.AsSpan(start, length), chunkedMask.AsSpan(start, length), 0.25f, 9, 17, start);
        Assert.Equal(mask, chunkedMask);
        Assert.Equal(y, chunkedY);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void Kept_values_are_scaled_and_the_keep_fraction_is_within_statistical_bounds(float rate)
    {
        const int n = 100_000;
        var random = new SeededRandom(8);
        float[] x = PoolingTests.Gaussian(random, n);
        float[] y = new float[n], mask = new float[n];
        Dropout.Forward(x, y, mask, rate, 1234, 0);
        float scale = (float)(1.0 / (1.0 - rate));
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (!(mask[i] == 0f || mask[i] == scale)) Assert.Fail($"mask[{i}] = {mask[i]}, expected 0 or {scale}");
            if (y[i] != x[i] * mask[i]) Assert.Fail($"y[{i}] = {y[i]}, expected {x[i] * mask[i]}");
            if (mask[i] != 0f) kept++;
        }
        // Binomial(n, 1 - rate): five standard deviations either side.
        double p = 1 - rate, sigma = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(kept, n * p - 5 * sigma, n * p + 5 * sigma);
        // Neighbouring elements are independent: the keep rate after a kept element is the same.
        int pairs = 0, both = 0;
        for (int i = 1; i < n; i++) if (mask[i - 1] != 0f) { pairs++; if (mask[i] != 0f) both++; }
        double pairSigma = Math.Sqrt(pairs * p * (1 - p));
        Assert.InRange(both, pairs * p - 5 * pairSigma, pairs * p + 5 * pairSigma);
    }

    [Fact]
    public void Rate_zero_is_the_identity_and_backward_multiplies_by_the_mask()
    {
        var random = new SeededRandom(4);
        float[] x = PoolingTests.Gaussian(random, 77);
        float[] y = new float[77], mask = new float[77];
        Dropout.Forward(x, y, mask, 0f, 5, 6);
        Assert.Equal(x, y);
        Assert.All(mask, m => Assert.Equal(1f, m));

        Dropout.Forward(x, y, mask, 0.4f, 5, 6);
        float[] dy = PoolingTests.Gaussian(random, 77), dx = new float[77];
        Dropout.Backward(dy, mask, dx);
        for (int i = 0; i < 77; i++) Assert.Equal(dy[i] * mask[i], dx[i]);
        Dropout.Backward(dy, mask, dx, accumulate: true);
        for (int i = 0; i < 77; i++) Assert.Equal(2 * (dy[i] * mask[i]), dx[i], 1e-6);

        // In place: y may be x.
        float[] inPlace = (float[])x.Clone();
        Dropout.Forward(inPlace, inPlace, mask, 0.4f, 5, 6);
        Dropout.Forward(x, y, mask, 0.4f, 5, 6);
        Assert.Equal(y, inPlace);
    }

    [Fact]
    public void Bad_rates_and_short_spans_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[4], new float[4], new float[4], 1f, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[4], new float[4], new float[4], -0.1f, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[4], new float[4], new float[4], float.NaN, 0, 0));
        var e = Assert.Throws<ArgumentException>(() => Dropout.Forward(new float[4], new float[4], new float[3], 0.5f, 0, 0));
        Assert.Contains("4", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Throws<ArgumentException>(() => Dropout.Backward(new float[4], new float[3], new float[4]));
    }
}
