using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>Dense's bias gradient, the column sums of <c>dy</c>: every SIMD path adds the rows in the same order, so all agree to the bit.</summary>
public class ColumnSumsTests
{
    public static TheoryData<string> Paths() => new() { "Scalar", "Vector256", "Vector512" };

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_gives_the_float64_sums_and_the_same_bits_as_the_scalar_path(string pathName)
    {
        SimdPath path = Enum.Parse<SimdPath>(pathName);
        Skip.IfNot(SimdPaths.IsSupported(path), $"This CPU does not accelerate the {path} path.");
        var random = new SeededRandom(41);
        foreach (int width in new[] { 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 100 })
        {
            foreach (int rows in new[] { 1, 2, 5, 32, 33 })
            {
                float[] values = Enumerable.Range(0, rows * width).Select(_ => (float)random.NextGaussian()).ToArray();
                // A sentinel past the end shows the overlapping last vector writes nothing beyond the sums.
                float[] sums = Enumerable.Repeat(float.NaN, width + 1).ToArray();
                float[] scalar = new float[width];
                Dense.ColumnSums(values, sums, rows, width, path);
                Dense.ColumnSums(values, scalar, rows, width, SimdPath.Scalar);

                for (int j = 0; j < width; j++)
                {
                    double expected = 0;
                    for (int r = 0; r < rows; r++) expected += values[r * width + j];
                    Assert.Equal(expected, sums[j], tolerance: 1e-4 * rows);
                    Assert.Equal(scalar[j], sums[j]);
                }
                Assert.True(float.IsNaN(sums[width]), $"width {width}, rows {rows}: wrote past the sums");
            }
        }
    }
}
