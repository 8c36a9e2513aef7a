namespace Compiled;

/// <summary>Reading and setting the optimizer's constant learning rate, for the callbacks that change it.</summary>
internal static class LearningRates
{
    /// <summary>
    /// The optimizer of <paramref name="model"/>, once its rate is a constant one may change. Keras fails on a
    /// schedule here too (its <c>backend.get_value(optimizer.lr)</c> cannot read one); the schedule would go on
    /// deciding every rate, so setting the constant would silently do nothing.
    /// </summary>
    public static Optimizer Adjustable(Model model, string callback)
    {
        Optimizer optimizer = model.Optimizer
            ?? throw new InvalidOperationException($"{callback} needs a compiled model; call Compile before Fit.");
        if (optimizer.LearningRateSchedule is { } schedule)
            throw new InvalidOperationException($"{callback} sets the optimizer's learning rate, but this {optimizer.Name} takes its rate from a {schedule.Name} schedule; give the optimizer a constant learning rate.");
        return optimizer;
    }
}
