namespace Compiled.Tests.Optimizers;

/// <summary>
/// tf.keras 2's <c>ExponentialDecay</c>, <c>InverseTimeDecay</c> and <c>PiecewiseConstantDecay</c>, worked by hand, and an
/// optimizer taking each update's rate from its schedule at the updates already applied (then Keras's legacy decay).
/// </summary>
public class LearningRateScheduleTests
{
    [Fact]
    public void Exponential_decay_multiplies_by_the_rate_per_decay_steps()
    {
        var smooth = new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.5);
        Assert.Equal(0.1, smooth.Rate(0), 12);
        Assert.Equal(0.0707106781, smooth.Rate(5), 9);   // 0.1·0.5^0.5
        Assert.Equal(0.05, smooth.Rate(10), 12);
        Assert.Equal(0.0353553391, smooth.Rate(15), 9);  // 0.1·0.5^1.5
        var stairs = new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.5, staircase: true);
        Assert.Equal(0.1, stairs.Rate(9), 12);
        Assert.Equal(0.05, stairs.Rate(15), 12);
    }

    [Fact]
    public void Inverse_time_decay_divides_by_one_plus_the_rate_times_decay_periods()
    {
        var smooth = new InverseTimeDecay(0.1, decaySteps: 10, decayRate: 1.0);
        Assert.Equal(0.1, smooth.Rate(0), 12);
        Assert.Equal(0.0666666667, smooth.Rate(5), 9);   // 0.1/1.5
        Assert.Equal(0.04, smooth.Rate(15), 12);         // 0.1/2.5
        var stairs = new InverseTimeDecay(0.1, decaySteps: 10, decayRate: 1.0, staircase: true);
        Assert.Equal(0.1, stairs.Rate(9), 12);
        Assert.Equal(0.05, stairs.Rate(15), 12);         // 0.1/2
    }

    [Fact]
    public void Piecewise_constant_decay_changes_rate_just_after_each_boundary()
    {
        var pieces = new PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001]);
        Assert.Equal([0.1, 0.1, 0.01, 0.01, 0.001, 0.001], new long[] { 0, 10, 11, 20, 21, 1000 }.Select(pieces.Rate));
    }

    [Fact]
    public void An_optimizer_takes_each_updates_rate_from_its_schedule_at_the_updates_applied()
    {
        // Rates 0.1 for updates after 0 and 1 updates, then 0.01: p = 1 − 0.1 − 0.1 − 0.01 = 0.79 with g = 1.
        var sgd = new SGD { LearningRateSchedule = new PiecewiseConstantDecay([1], [0.1, 0.01]) };
        float[] p = [1f];
        for (int step = 0; step < 3; step++) sgd.Apply(p, [1f]);
        Assert.Equal(0.79, p[0], 6);
        Assert.Equal(0.01, sgd.CurrentLearningRate, 12);
    }

    [Fact]
    public void Legacy_decay_divides_the_scheduled_rate()
    {
        var adam = new Adam(decay: 0.5) { LearningRateSchedule = new ExponentialDecay(0.1, decaySteps: 1, decayRate: 0.5) };
        adam.Apply(new float[2], [1f, -1f]);
        adam.Apply(new float[2], [1f, -1f]);
        // After 2 updates: 0.1·0.5² / (1 + 0.5·2) = 0.0125
        Assert.Equal(0.0125, adam.CurrentLearningRate, 12);
    }

    [Fact]
    public void Adam_with_a_schedule_follows_keras_over_several_steps()
    {
        var schedule = new InverseTimeDecay(0.05, decaySteps: 1, decayRate: 0.5);
        var adam = new Adam(epsilon: 0.05) { LearningRateSchedule = schedule };
        double[] expected = [0.5, -0.25], m = new double[2], v = new double[2];
        float[] p = [0.5f, -0.25f];
        for (int t = 1; t <= 4; t++)
        {
            float[] g = [0.3f / t, -0.6f / t];
            adam.Apply(p, g);
            KerasUpdateFormulas.Adam(expected, [g[0], g[1]], m, v, null, t, schedule.Rate(t - 1), 0.9, 0.999, 0.05);
            Assert.Equal(expected[0], p[0], 6);
            Assert.Equal(expected[1], p[1], 6);
        }
    }

    [Fact]
    public void Nadam_refuses_a_schedule_as_keras_does()
    {
        var error = Assert.Throws<NotSupportedException>(() => new Nadam { LearningRateSchedule = new ExponentialDecay(0.1, 10, 0.9) });
        Assert.Contains("Nadam does not take a learning-rate schedule (ExponentialDecay)", error.Message);
    }

    [Fact]
    public void Invalid_schedules_are_refused_naming_the_argument()
    {
        Assert.Equal("decaySteps", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 0, 0.9)).ParamName);
        Assert.Equal("decayRate", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 10, 0)).ParamName);
        Assert.Equal("initialLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(-0.1, 10, 0.5)).ParamName);
        Assert.Equal("decayRate", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.1, 10, -0.5)).ParamName);
        var count = Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([10], [0.1]));
        Assert.Contains("values must hold one more rate than boundaries has steps (2); got 1", count.Message);
        var order = Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([10, 10], [0.1, 0.01, 0.001]));
        Assert.Contains("boundaries must increase; got 10 then 10", order.Message);
    }
}
