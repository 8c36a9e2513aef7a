namespace Compiled.Tests.Optimizers;

/// <summary>Keras's defaults, and arguments out of range refused with a message naming the argument, Keras's name for it, the range and the value.</summary>
public class OptimizerArgumentTests
{
    [Fact]
    public void Defaults_are_tf_keras_2s()
    {
        var adam = new Adam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7, false, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad, adam.Decay));
        var rmsprop = new RMSprop();
        Assert.Equal((0.001, 0.9, 0.0, 1e-7, false, 0.0), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Momentum, rmsprop.Epsilon, rmsprop.Centered, rmsprop.Decay));
        var adagrad = new Adagrad();
        Assert.Equal((0.001, 0.1, 1e-7, 0.0), (adagrad.LearningRate, adagrad.InitialAccumulatorValue, adagrad.Epsilon, adagrad.Decay));
        var adadelta = new Adadelta();
        Assert.Equal((0.001, 0.95, 1e-7, 0.0), (adadelta.LearningRate, adadelta.Rho, adadelta.Epsilon, adadelta.Decay));
        var adamax = new Adamax();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7, 0.0), (adamax.LearningRate, adamax.Beta1, adamax.Beta2, adamax.Epsilon, adamax.Decay));
        var nadam = new Nadam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7, 0.004), (nadam.LearningRate, nadam.Beta1, nadam.Beta2, nadam.Epsilon, nadam.ScheduleDecay));
    }

    [Fact]
    public void Slot_names_are_kerass_in_kerass_order()
    {
        Assert.Equal(["m", "v"], new Adam().SlotNames);
        Assert.Equal(["m", "v", "vhat"], new Adam(amsgrad: true).SlotNames);
        Assert.Equal(["rms"], new RMSprop().SlotNames);
        Assert.Equal(["rms", "momentum", "mg"], new RMSprop(momentum: 0.9, centered: true).SlotNames);
        Assert.Equal(["accumulator"], new Adagrad().SlotNames);
        Assert.Equal(["accum_grad", "accum_var"], new Adadelta().SlotNames);
        Assert.Equal(["m", "v"], new Adamax().SlotNames);
        Assert.Equal(["m", "v"], new Nadam().SlotNames);
    }

    public static TheoryData<string, Func<Optimizer>, string, string> Invalid => new()
    {
        { "learningRate", () => new Adam(learningRate: 0), "learning_rate", "positive" },
        { "learningRate", () => new RMSprop(learningRate: double.NaN), "learning_rate", "positive" },
        { "learningRate", () => new Nadam(learningRate: -1), "learning_rate", "positive" },
        { "beta1", () => new Adam(beta1: 1.0), "beta_1", "[0, 1)" },
        { "beta2", () => new Adamax(beta2: -0.1), "beta_2", "[0, 1)" },
        { "beta1", () => new Nadam(beta1: 1.5), "beta_1", "[0, 1)" },
        { "epsilon", () => new Adam(epsilon: 0), "epsilon", "positive" },
        { "epsilon", () => new Adagrad(epsilon: -1e-7), "epsilon", "positive" },
        { "rho", () => new RMSprop(rho: 1.0), "rho", "[0, 1)" },
        { "rho", () => new Adadelta(rho: -0.5), "rho", "[0, 1)" },
        { "momentum", () => new RMSprop(momentum: 1.0), "momentum", "[0, 1)" },
        { "initialAccumulatorValue", () => new Adagrad(initialAccumulatorValue: -0.1), "initial_accumulator_value", "0 or more" },
        { "decay", () => new Adam(decay: -0.01), "decay", "0 or more" },
        { "decay", () => new Adadelta(decay: double.PositiveInfinity), "decay", "0 or more" },
        { "scheduleDecay", () => new Nadam(scheduleDecay: -1), "schedule_decay", "0 or more" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_argument_out_of_range_is_refused_naming_it_and_the_range(string parameter, Func<Optimizer> create, string kerasName, string range)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains($"Keras's {kerasName}", error.Message, StringComparison.Ordinal);
        Assert.Contains(range, error.Message, StringComparison.Ordinal);
        Assert.Contains("got ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradients_of_the_wrong_length_are_refused_before_any_state_is_made()
    {
        var adam = new Adam();
        var error = Assert.Throws<ArgumentException>(() => adam.Apply(new float[3], new float[2]));
        Assert.Contains("Got 2 gradients for 3 parameters", error.Message);
        Assert.Equal(0, adam.Iterations);
        Assert.True(adam.GetSlot(0).IsEmpty);
    }

    [Fact]
    public void State_for_one_parameter_buffer_refuses_another_of_another_size()
    {
        var rmsprop = new RMSprop(momentum: 0.5);
        rmsprop.Apply(new float[3], new float[3]);
        var error = Assert.Throws<InvalidOperationException>(() => rmsprop.Apply(new float[4], new float[4]));
        Assert.Contains("holds state for 3 parameters and cannot update 4", error.Message);
    }

    [Fact]
    public void A_slot_index_out_of_range_names_the_slots_kept()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad().GetSlot(1));
        Assert.Contains("keeps 1 slot(s); got index 1", error.Message);
    }
}
