using System.Globalization;

namespace Compiled.Tests.Training;

/// <summary>
/// SGD against Keras 2's update rule, worked out by hand:
/// <code>
/// lr_t = lr / (1 + decay * t)        t = updates already applied (0 for the first)
/// v    = momentum * v - lr_t * g
/// p   += momentum * v - lr_t * g     nesterov
/// p   += v                           otherwise (momentum 0: p -= lr_t * g)
/// </code>
/// Every scenario starts from p = [1, -2] with lr = 0.1 and applies the gradients
/// g1 = [0.5, -1], g2 = [1, 2], g3 = [-0.5, 0.25]. With decay 0.1 the rates are
/// lr_0 = 0.1, lr_1 = 0.1 / 1.1 = 0.0909090909, lr_2 = 0.1 / 1.2 = 0.0833333333 (and 0.1 / 1.3 next).
/// </summary>
public class SgdTests
{
    // float32 arithmetic on values of magnitude ~2: a few ulps (2.4e-7 each).
    private const double Tolerance = 2e-6;

    private static readonly float[][] Gradients = [[0.5f, -1f], [1f, 2f], [-0.5f, 0.25f]];

    [Fact]
    public void Plain_sgd_subtracts_lr_times_the_gradient()
    {
        var sgd = new SGD(lr: 0.1);
        float[] p = [1f, -2f];

        Step(sgd, p, 0);
        // [1 - 0.1·0.5, -2 - 0.1·(-1)] = [0.95, -1.9]
        AssertClose([0.95, -1.9], p);
        Step(sgd, p, 1);
        // [0.95 - 0.1·1, -1.9 - 0.1·2] = [0.85, -2.1]
        AssertClose([0.85, -2.1], p);
        Step(sgd, p, 2);
        // [0.85 - 0.1·(-0.5), -2.1 - 0.1·0.25] = [0.9, -2.125]
        AssertClose([0.9, -2.125], p);

        Assert.Equal(3, sgd.Iterations);
        Assert.Equal(0.1, sgd.CurrentLearningRate, 12);
        Assert.True(sgd.Velocity.IsEmpty, "plain SGD keeps no velocity");
    }

    [Fact]
    public void Plain_sgd_with_decay_shrinks_the_rate_by_one_plus_decay_times_updates_applied()
    {
        var sgd = new SGD(lr: 0.1, decay: 0.1);
        float[] p = [1f, -2f];

        Assert.Equal(0.1, sgd.CurrentLearningRate, 12);
        Step(sgd, p, 0);
        // lr_0 = 0.1: [0.95, -1.9]
        AssertClose([0.95, -1.9], p);
        Assert.Equal(0.0909090909, sgd.CurrentLearningRate, 9);
        Step(sgd, p, 1);
        // lr_1 = 0.0909090909: [0.95 - 0.0909090909, -1.9 - 0.1818181818] = [0.8590909091, -2.0818181818]
        AssertClose([0.8590909091, -2.0818181818], p);
        Assert.Equal(0.0833333333, sgd.CurrentLearningRate, 9);
        Step(sgd, p, 2);
        // lr_2 = 0.0833333333: [0.8590909091 + 0.0416666667, -2.0818181818 - 0.0208333333] = [0.9007575758, -2.1026515152]
        AssertClose([0.9007575758, -2.1026515152], p);

        Assert.Equal(3, sgd.Iterations);
        // Next: 0.1 / (1 + 0.1·3) = 0.0769230769
        Assert.Equal(0.0769230769, sgd.CurrentLearningRate, 9);
    }

    [Fact]
    public void Momentum_adds_the_velocity()
    {
        var sgd = new SGD(lr: 0.1, momentum: 0.9);
        float[] p = [1f, -2f];

        Step(sgd, p, 0);
        // v1 = 0.9·0 - 0.1·[0.5, -1] = [-0.05, 0.1]; p1 = [0.95, -1.9]
        AssertClose([-0.05, 0.1], sgd.Velocity);
        AssertClose([0.95, -1.9], p);
        Step(sgd, p, 1);
        // v2 = 0.9·[-0.05, 0.1] - 0.1·[1, 2] = [-0.045 - 0.1, 0.09 - 0.2] = [-0.145, -0.11]
        // p2 = [0.95 - 0.145, -1.9 - 0.11] = [0.805, -2.01]
        AssertClose([-0.145, -0.11], sgd.Velocity);
        AssertClose([0.805, -2.01], p);
        Step(sgd, p, 2);
        // v3 = 0.9·[-0.145, -0.11] - 0.1·[-0.5, 0.25] = [-0.1305 + 0.05, -0.099 - 0.025] = [-0.0805, -0.124]
        // p3 = [0.805 - 0.0805, -2.01 - 0.124] = [0.7245, -2.134]
        AssertClose([-0.0805, -0.124], sgd.Velocity);
        AssertClose([0.7245, -2.134], p);

        Assert.Equal(3, sgd.Iterations);
        Assert.Equal(0.1, sgd.CurrentLearningRate, 12);
    }

    [Fact]
    public void Nesterov_momentum_looks_ahead_along_the_velocity()
    {
        var sgd = new SGD(lr: 0.1, momentum: 0.9, nesterov: true);
        float[] p = [1f, -2f];

        Step(sgd, p, 0);
        // v1 = [-0.05, 0.1]; p1 = p0 + 0.9·v1 - 0.1·g1 = [1 - 0.045 - 0.05, -2 + 0.09 + 0.1] = [0.905, -1.81]
        AssertClose([-0.05, 0.1], sgd.Velocity);
        AssertClose([0.905, -1.81], p);
        Step(sgd, p, 1);
        // v2 = [-0.145, -0.11]; p2 = [0.905 - 0.1305 - 0.1, -1.81 - 0.099 - 0.2] = [0.6745, -2.109]
        AssertClose([-0.145, -0.11], sgd.Velocity);
        AssertClose([0.6745, -2.109], p);
        Step(sgd, p, 2);
        // v3 = [-0.0805, -0.124]; p3 = [0.6745 - 0.07245 + 0.05, -2.109 - 0.1116 - 0.025] = [0.65205, -2.2456]
        AssertClose([-0.0805, -0.124], sgd.Velocity);
        AssertClose([0.65205, -2.2456], p);

        Assert.Equal(3, sgd.Iterations);
        Assert.Equal(0.1, sgd.CurrentLearningRate, 12);
    }

    [Fact]
    public void Momentum_with_decay_decays_the_rate_applied_to_each_new_gradient()
    {
        var sgd = new SGD(lr: 0.1, momentum: 0.9, decay: 0.1);
        float[] p = [1f, -2f];

        Step(sgd, p, 0);
        // lr_0 = 0.1: v1 = [-0.05, 0.1]; p1 = [0.95, -1.9]
        AssertClose([-0.05, 0.1], sgd.Velocity);
        AssertClose([0.95, -1.9], p);
        Step(sgd, p, 1);
        // lr_1 = 0.0909090909: v2 = [-0.045 - 0.0909090909, 0.09 - 0.1818181818] = [-0.1359090909, -0.0918181818]
        // p2 = [0.95 - 0.1359090909, -1.9 - 0.0918181818] = [0.8140909091, -1.9918181818]
        AssertClose([-0.1359090909, -0.0918181818], sgd.Velocity);
        AssertClose([0.8140909091, -1.9918181818], p);
        Step(sgd, p, 2);
        // lr_2 = 0.0833333333: v3 = 0.9·v2 - lr_2·g3 = [-0.1223181818 + 0.0416666667, -0.0826363636 - 0.0208333333]
        //                                           = [-0.0806515152, -0.1034696970]
        // p3 = [0.8140909091 - 0.0806515152, -1.9918181818 - 0.1034696970] = [0.7334393939, -2.0952878788]
        AssertClose([-0.0806515152, -0.1034696970], sgd.Velocity);
        AssertClose([0.7334393939, -2.0952878788], p);

        Assert.Equal(3, sgd.Iterations);
        Assert.Equal(0.0769230769, sgd.CurrentLearningRate, 9);
    }

    [Fact]
    public void Nesterov_with_decay_uses_the_decayed_rate_in_both_terms()
    {
        var sgd = new SGD(lr: 0.1, momentum: 0.9, decay: 0.1, nesterov: true);
        float[] p = [1f, -2f];

        Step(sgd, p, 0);
        // lr_0 = 0.1: v1 = [-0.05, 0.1]; p1 = [0.905, -1.81]
        AssertClose([-0.05, 0.1], sgd.Velocity);
        AssertClose([0.905, -1.81], p);
        Step(sgd, p, 1);
        // lr_1 = 0.0909090909: v2 = [-0.1359090909, -0.0918181818]
        // p2 = p1 + 0.9·v2 - lr_1·g2 = [0.905 - 0.1223181818 - 0.0909090909, -1.81 - 0.0826363636 - 0.1818181818]
        //    = [0.6917727273, -2.0744545455]
        AssertClose([-0.1359090909, -0.0918181818], sgd.Velocity);
        AssertClose([0.6917727273, -2.0744545455], p);
        Step(sgd, p, 2);
        // lr_2 = 0.0833333333: v3 = [-0.0806515152, -0.1034696970]
        // p3 = p2 + 0.9·v3 - lr_2·g3 = [0.6917727273 - 0.0725863636 + 0.0416666667, -2.0744545455 - 0.0931227273 - 0.0208333333]
        //    = [0.6608530303, -2.1884106061]
        AssertClose([-0.0806515152, -0.1034696970], sgd.Velocity);
        AssertClose([0.6608530303, -2.1884106061], p);

        Assert.Equal(3, sgd.Iterations);
        Assert.Equal(0.0769230769, sgd.CurrentLearningRate, 9);
    }

    [Fact]
    public void Defaults_are_keras_2s()
    {
        var sgd = new SGD();
        Assert.Equal(0.01, sgd.LearningRate);
        Assert.Equal(0.0, sgd.Momentum);
        Assert.Equal(0.0, sgd.Decay);
        Assert.False(sgd.Nesterov);
        Assert.Equal("SGD", sgd.Name);
        Assert.Equal(0, sgd.Iterations);
        Assert.Equal(0.01, sgd.CurrentLearningRate);
    }

    [Fact]
    public void Gradients_of_the_wrong_length_throw()
    {
        var sgd = new SGD(lr: 0.1, momentum: 0.5);
        var ex = Assert.Throws<ArgumentException>(() => sgd.Apply(new float[3], new float[2]));
        Assert.Contains("2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, sgd.Iterations);
    }

    [Fact]
    public void A_momentum_optimizer_refuses_a_second_parameter_buffer_of_another_size()
    {
        var sgd = new SGD(lr: 0.1, momentum: 0.5);
        sgd.Apply(new float[3], new float[3]);
        Assert.Throws<InvalidOperationException>(() => sgd.Apply(new float[4], new float[4]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Learning_rate_must_be_positive(double lr)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(lr: lr));
        Assert.Equal("lr", ex.ParamName);
        Assert.Contains(lr.ToString(CultureInfo.CurrentCulture), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Momentum_must_be_in_zero_to_one(double momentum)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(momentum: momentum));
        Assert.Equal("momentum", ex.ParamName);
        Assert.Contains(momentum.ToString(CultureInfo.CurrentCulture), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(-1.0)]
    public void Decay_must_not_be_negative(double decay)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(decay: decay));
        Assert.Equal("decay", ex.ParamName);
        Assert.Contains(decay.ToString(CultureInfo.CurrentCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        var sgd = new SGD(lr: 1e-9, momentum: 0.0, decay: 0.0);
        Assert.Equal(1e-9, sgd.LearningRate);
        Assert.Equal(0.999, new SGD(momentum: 0.999).Momentum);
    }

    private static void Step(SGD sgd, float[] parameters, int step) => sgd.Apply(parameters, Gradients[step]);

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance, $"[{i}] = {actual[i]}, expected {expected[i]}.");
    }
}
