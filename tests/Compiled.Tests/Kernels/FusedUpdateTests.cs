using Compiled.Kernels;

namespace Compiled.Tests.Kernels;

/// <summary>
/// Every optimizer's fused update on every SIMD path and every length from 0 to 70 (whole vectors, tails, both)
/// gives the scalar path's bits, which <c>OptimizerFormulaTests</c> hold to Keras's formulas in float64; so a
/// position's update does not depend on where a vector or a split of the work falls. A slot of the wrong length is
/// refused before anything changes.
/// </summary>
public class FusedUpdateTests
{
    public static TheoryData<string> Rules => new(s_rules.Keys);

    private delegate void Rule(Span<float> p, ReadOnlySpan<float> g, Span<float> slot0, Span<float> slot1, Span<float> slot2, SimdPath path);

    private static readonly Dictionary<string, Rule> s_rules = new()
    {
        ["adam"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new AdamStep(0.05f, 0.9f, 0.99f, 1e-3f, false), p, g, a, b, c, path),
        ["adam amsgrad"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new AdamStep(0.05f, 0.9f, 0.99f, 1e-3f, true), p, g, a, b, c, path),
        ["rmsprop"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new RmspropStep(0.01f, 0.9f, 0f, 1e-3f, false), p, g, a, b, c, path),
        ["rmsprop centered"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new RmspropStep(0.01f, 0.9f, 0f, 1e-3f, true), p, g, a, b, c, path),
        ["rmsprop momentum"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new RmspropStep(0.01f, 0.9f, 0.5f, 1e-3f, false), p, g, a, b, c, path),
        ["rmsprop momentum centered"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new RmspropStep(0.01f, 0.9f, 0.5f, 1e-3f, true), p, g, a, b, c, path),
        ["adagrad"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new AdagradStep(0.05f, 1e-3f), p, g, a, b, c, path),
        ["adadelta"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new AdadeltaStep(1f, 0.95f, 1e-3f), p, g, a, b, c, path),
        ["adamax"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new AdamaxStep(0.05f, 0.9f, 0.99f, 1e-3f), p, g, a, b, c, path),
        ["nadam"] = (p, g, a, b, c, path) => FusedUpdate.Apply(new NadamStep(0.05f, 0.9f, 0.99f, 1e-3f, 1.2f, 0.8f, 1.5f), p, g, a, b, c, path),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_path_and_length_gives_the_scalar_paths_bits(string rule)
    {
        var random = new SeededRandom(13);
        foreach (SimdPath path in Enum.GetValues<SimdPath>())
        {
            if (path == SimdPath.Scalar || !SimdPaths.IsSupported(path)) continue;
            for (int length = 0; length <= 70; length++)
            {
                // Slots of 0.05 to 0.1 suit every reading: a mean, a second moment, or (centered RMSprop) a mean
                // whose square stays below the second moment.
                float[] p = Values(random, length, -1, 1), g = Values(random, length, -1, 1);
                float[][] slots = [Values(random, length, 0.05, 0.1), Values(random, length, 0.05, 0.1), Values(random, length, 0.05, 0.1)];
                float[] p2 = p.ToArray();
                float[][] slots2 = slots.Select(s => s.ToArray()).ToArray();

                for (int step = 0; step < 2; step++)
                {
                    s_rules[rule](p, g, slots[0], slots[1], slots[2], path);
                    s_rules[rule](p2, g, slots2[0], slots2[1], slots2[2], SimdPath.Scalar);
                }

                AssertClose(p2, p, $"{rule} {path} length {length} parameters");
                for (int s = 0; s < 3; s++) AssertClose(slots2[s], slots[s], $"{rule} {path} length {length} slot {s}");
            }
        }
    }

    [Fact]
    public void A_slot_of_the_wrong_length_is_refused_before_anything_changes()
    {
        float[] p = [1, 2, 3], m = new float[3], v = new float[2];
        var error = Assert.Throws<ArgumentException>(() => FusedUpdate.Apply(new AdamStep(0.1f, 0.9f, 0.999f, 1e-7f, false), p, [1f, 1f, 1f], m, v, [], SimdPaths.Best));
        Assert.Contains("2 slot(s), each one value per parameter (3); got slots of 3, 2 and 0", error.Message);
        Assert.Equal([1f, 2f, 3f], p);
        Assert.Equal(new float[3], m);
    }

    [Fact]
    public void Gradients_of_the_wrong_length_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => FusedUpdate.Apply(new AdagradStep(0.1f, 1e-7f), new float[4], new float[3], new float[4], [], [], SimdPaths.Best));
        Assert.Contains("Got 3 gradients for 4 parameters", error.Message);
    }

    private static float[] Values(SeededRandom random, int count, double low, double high)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(low + (high - low) * random.NextDouble());
        return values;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(actual[i]) == BitConverter.SingleToInt32Bits(expected[i]), $"{what}[{i}] = {actual[i]:R}, scalar path {expected[i]:R}.");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Updating_the_parameters_in_two_parts_gives_the_bits_of_one_pass(string rule)
    {
        const int Length = 100, Split = 37;
        var random = new SeededRandom(5);
        float[] p = Values(random, Length, -1, 1), g = Values(random, Length, -1, 1);
        float[][] slots = [Values(random, Length, 0.05, 0.1), Values(random, Length, 0.05, 0.1), Values(random, Length, 0.05, 0.1)];
        float[] p2 = p.ToArray();
        float[][] slots2 = slots.Select(s => s.ToArray()).ToArray();

        s_rules[rule](p, g, slots[0], slots[1], slots[2], SimdPaths.Best);
        // As two threads would split the work: 37 and 63 elements, neither a whole number of vectors.
        s_rules[rule](p2.AsSpan(0, Split), g.AsSpan(0, Split), slots2[0].AsSpan(0, Split), slots2[1].AsSpan(0, Split), slots2[2].AsSpan(0, Split), SimdPaths.Best);
        s_rules[rule](p2.AsSpan(Split), g.AsSpan(Split), slots2[0].AsSpan(Split), slots2[1].AsSpan(Split), slots2[2].AsSpan(Split), SimdPaths.Best);

        AssertClose(p, p2, $"{rule} parameters");
        for (int s = 0; s < 3; s++) AssertClose(slots[s], slots2[s], $"{rule} slot {s}");
    }
}
