using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>The fused SGD update on every path and length against the Keras 2 rule written out in double precision.</summary>
public class SgdStepTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_path_and_length_follows_the_keras_rule(bool nesterov)
    {
        const float lr = 0.05f, momentum = 0.9f;
        var random = new SeededRandom(8);
        foreach (SimdPath path in Enum.GetValues<SimdPath>())
        {
            if (!SimdPaths.IsSupported(path)) continue;
            for (int length = 0; length <= 70; length++)
            {
                float[] p = Values(random, length), v = Values(random, length), g = Values(random, length);
                double[] expectedP = new double[length], expectedV = new double[length];
                for (int i = 0; i < length; i++)
                {
                    expectedV[i] = momentum * (double)v[i] - lr * (double)g[i];
                    expectedP[i] = nesterov ? p[i] + momentum * expectedV[i] - lr * (double)g[i] : p[i] + expectedV[i];
                }

                SgdStep.Apply(p, v, g, lr, momentum, nesterov, path);

                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(expectedV[i], v[i], tolerance: 1e-6);
                    Assert.Equal(expectedP[i], p[i], tolerance: 1e-6);
                }
            }
        }
    }

    [Fact]
    public void Mismatched_lengths_name_all_three()
    {
        var error = Assert.Throws<ArgumentException>(() => SgdStep.Apply(new float[4], new float[3], new float[4], 0.1f, 0.9f, true));
        Assert.Contains("(4); got 3 and 4", error.Message);
    }

    private static float[] Values(SeededRandom random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(2 * random.NextDouble() - 1);
        return values;
    }
}
