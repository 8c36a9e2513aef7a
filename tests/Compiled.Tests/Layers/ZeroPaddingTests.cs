using Compiled.Kernels;

namespace Compiled.Tests.Layers;

/// <summary>Zero padding against a float64 reference; its backward is the adjoint (the crop) of its forward.</summary>
public class ZeroPaddingTests
{
    private static readonly (int B, int H, int W, int C, int Top, int Bottom, int Left, int Right)[] Cases =
    {
        (1, 3, 3, 1, 1, 1, 1, 1),
        (2, 4, 5, 3, 2, 0, 1, 3),
        (3, 1, 7, 5, 0, 0, 2, 1),   // ZeroPadding1D((2, 1))
        (1, 2, 2, 17, 0, 0, 0, 0),
        (2, 5, 3, 8, 3, 2, 0, 0),
    };

    [Fact]
    public void Forward_places_the_input_inside_zeros_and_backward_crops()
    {
        var random = new SeededRandom(2);
        foreach (var c in Cases)
        {
            int oh = c.Top + c.H + c.Bottom, ow = c.Left + c.W + c.Right;
            float[] x = PoolingTests.Gaussian(random, c.B * c.H * c.W * c.C);
            float[] y = PoolingTests.Sentinel(c.B * oh * ow * c.C + 1);
            ZeroPadding.Forward(x, y, c.B, c.H, c.W, c.C, c.Top, c.Bottom, c.Left, c.Right);
            for (int b = 0; b < c.B; b++)
            for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            for (int k = 0; k < c.C; k++)
            {
                int h = i - c.Top, w = j - c.Left;
                double expected = h >= 0 && h < c.H && w >= 0 && w < c.W ? x[((b * c.H + h) * c.W + w) * c.C + k] : 0.0;
                Assert.Equal(expected, y[((b * oh + i) * ow + j) * c.C + k]);
            }
            Assert.True(float.IsNaN(y[^1]), $"{c}: wrote past y");

            // Adjoint: <dy, pad(x)> = <crop(dy), x> for any dy and x.
            float[] dy = PoolingTests.Gaussian(random, c.B * oh * ow * c.C);
            float[] dx = PoolingTests.Sentinel(x.Length + 1);
            ZeroPadding.Backward(dy, dx, c.B, c.H, c.W, c.C, c.Top, c.Bottom, c.Left, c.Right);
            double left = 0, right = 0;
            for (int i = 0; i < dy.Length; i++) left += (double)dy[i] * y[i];
            for (int i = 0; i < x.Length; i++) right += (double)dx[i] * x[i];
            Assert.Equal(left, right, 1e-9);
            Assert.True(float.IsNaN(dx[^1]), $"{c}: wrote past dx");
            foreach (var (i, numeric) in PoolingTests.FiniteDifferences(x, dy, xs => Padded(xs, c.B, c.H, c.W, c.C, c.Top, c.Bottom, c.Left, c.Right)))
                Assert.Equal(numeric, dx[i], 1e-6);

            float[] added = dx.Take(x.Length).Select(v => v + 1f).ToArray();
            Array.Fill(dx, 1f);
            ZeroPadding.Backward(dy, dx, c.B, c.H, c.W, c.C, c.Top, c.Bottom, c.Left, c.Right, accumulate: true);
            Assert.Equal(added, dx.Take(x.Length).ToArray());
        }
    }

    [Fact]
    public void Short_spans_and_negative_padding_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ZeroPadding.Forward(new float[8], new float[16], 2, 2, 2, 1, 1, 1, 1, 1));
        Assert.Contains("32", e.Message);
        Assert.Contains("16", e.Message);
        Assert.Throws<ArgumentException>(() => ZeroPadding.Forward(new float[7], new float[32], 2, 2, 2, 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => ZeroPadding.Backward(new float[32], new float[7], 2, 2, 2, 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => ZeroPadding.Forward(new float[8], new float[32], 2, 2, 2, 1, -1, 1, 1, 1));
    }

    private static double[] Padded(double[] x, int batch, int height, int width, int channels, int top, int bottom, int left, int right)
    {
        int oh = top + height + bottom, ow = left + width + right;
        var y = new double[batch * oh * ow * channels];
        for (int b = 0; b < batch; b++)
        for (int i = 0; i < height; i++)
        for (int j = 0; j < width; j++)
        for (int k = 0; k < channels; k++)
            y[((b * oh + i + top) * ow + j + left) * channels + k] = x[((b * height + i) * width + j) * channels + k];
        return y;
    }
}
