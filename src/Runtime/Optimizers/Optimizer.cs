using System.Text.Json;

namespace Compiled;

/// <summary>Updates a model's parameters from their gradients, Keras's <c>optimizer=</c> argument of <c>compile</c>.</summary>
public abstract class Optimizer
{
    // The model whose parameters this optimizer updates: its state (velocity, iterations) belongs to them.
    private Model? _owner;

    private double _learningRate;

    /// <summary>
    /// The constant learning rate, Keras's <c>learning_rate</c> (Keras 2's <c>lr</c>). Settable between updates, as
    /// Keras's <c>backend.set_value(optimizer.lr, …)</c> is: what <see cref="ReduceLROnPlateau"/> and
    /// <see cref="LearningRateScheduler"/> change. Legacy decay and a <see cref="LearningRateSchedule"/> apply on top.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a positive finite number.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = OptimizerArguments.Positive(value, nameof(LearningRate), "learning_rate");
    }

    /// <summary>Updates applied so far; Keras's <c>iterations</c>.</summary>
    public long Iterations { get; protected set; }

    /// <summary>
    /// A schedule giving each update's learning rate from the updates already applied, in place of the constant
    /// rate (Keras's <c>learning_rate=ExponentialDecay(...)</c>); null for the constant rate. Keras's legacy <c>decay</c>,
    /// when set too, divides the scheduled rate.
    /// </summary>
    public virtual LearningRateSchedule? LearningRateSchedule { get; init; }

    /// <summary>The rate of the next update before legacy decay: the schedule's at <see cref="Iterations"/>, else <paramref name="constantRate"/>.</summary>
    internal double ScheduledRate(double constantRate) => LearningRateSchedule?.Rate(Iterations) ?? constantRate;

    /// <summary>Keras's <c>learning_rate</c> setting: the constant as a float, or the schedule as <c>{"class_name": …, "config": {…}}</c>.</summary>
    internal void WriteLearningRate(Utf8JsonWriter writer, double constantRate)
    {
        if (LearningRateSchedule is not { } schedule)
        {
            writer.WritePythonFloat("learning_rate", constantRate);
            return;
        }
        writer.WriteStartObject("learning_rate");
        writer.WriteString("class_name", schedule.Name);
        writer.WriteStartObject("config");
        schedule.WriteKerasConfig(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The name Keras gives it in a saved configuration.</summary>
    public abstract string Name { get; }

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/> of the batch-mean loss.</summary>
    public abstract void Apply(Span<float> parameters, ReadOnlySpan<float> gradients);

    /// <summary>
    /// The state this optimizer keeps per trainable parameter, by Keras's slot names and in the order Keras creates
    /// them: <c>momentum</c> for SGD with momentum, <c>m</c> and <c>v</c> for Adam; empty for plain SGD. A checkpoint
    /// (Keras's <c>optimizer_weights</c>) saves each slot of each trainable variable, with <see cref="Iterations"/>.
    /// </summary>
    public virtual IReadOnlyList<string> SlotNames => [];

    /// <summary>
    /// The values of slot <paramref name="index"/> of <see cref="SlotNames"/>, one per parameter and laid out as
    /// <see cref="Model.Parameters"/>; empty while the optimizer has not created it (before its first update), when
    /// Keras's slot holds zeros.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an index of <see cref="SlotNames"/>.</exception>
    public virtual ReadOnlySpan<float> GetSlot(int index)
        => throw new ArgumentOutOfRangeException(nameof(index), $"This {Name} optimizer keeps {SlotNames.Count} slot(s); got index {index}.");

    /// <summary>
    /// Puts back the state a checkpoint saved: the number of updates applied and every slot, so that training resumes
    /// exactly where it stopped, as Keras's <c>load_model</c> restores <c>optimizer.iterations</c> and the slots.
    /// </summary>
    /// <param name="iterations">Updates already applied; not negative.</param>
    /// <param name="slots">One array per <see cref="SlotNames"/> entry, in order, each laid out as <see cref="Model.Parameters"/>.</param>
    /// <exception cref="ArgumentException">A slot count other than <see cref="SlotNames"/>' or a negative iteration count.</exception>
    public void RestoreState(long iterations, IReadOnlyList<float[]> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), $"iterations must not be negative; got {iterations}.");
        if (slots.Count != SlotNames.Count)
            throw new ArgumentException($"This {Name} optimizer keeps {SlotNames.Count} slot(s) [{string.Join(", ", SlotNames)}]; got {slots.Count}.", nameof(slots));
        RestoreSlots(slots);
        Iterations = iterations;
    }

    /// <summary>Takes the slots <see cref="RestoreState(long, IReadOnlyList{float[]})"/> was given, one per <see cref="SlotNames"/> entry (already counted).</summary>
    protected virtual void RestoreSlots(IReadOnlyList<float[]> slots)
    {
    }

    /// <summary>
    /// Writes this optimizer's settings into the open <c>config</c> object of Keras's <c>optimizer_config</c>, after
    /// its <c>name</c>, with tf.keras 2.4's keys in its order: SGD's <c>learning_rate</c>, <c>decay</c>, <c>momentum</c> and <c>nesterov</c>, Adam's <c>learning_rate</c>, <c>decay</c>, <c>beta_1</c>, …
    /// </summary>
    public virtual void WriteKerasConfig(Utf8JsonWriter writer) => ArgumentNullException.ThrowIfNull(writer);

    /// <summary>
    /// Claims this optimizer for <paramref name="model"/>. Its state (velocity, iteration count and with it the
    /// decayed learning rate) belongs to one model's parameters; sharing it would silently mix two models'
    /// momentum, so a second model is refused.
    /// </summary>
    internal void BindTo(Model model)
    {
        if (_owner is not null && !ReferenceEquals(_owner, model))
            throw new InvalidOperationException($"This {Name} optimizer already trains model '{_owner.Name}' ({_owner.GetType().Name}); its momentum and iteration count belong to that model's parameters. Give each model its own optimizer.");
        _owner = model;
    }

    /// <summary>
    /// The optimizer for a Keras string name with Keras's defaults, as <c>compile(optimizer='adam')</c> takes it:
    /// <c>sgd</c>, <c>rmsprop</c>, <c>adam</c>, <c>adadelta</c>, <c>adagrad</c>, <c>adamax</c> or <c>nadam</c>, in any case.
    /// </summary>
    /// <exception cref="ArgumentException">A name Keras does not give to any of these optimizers.</exception>
    public static Optimizer FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return KerasOptimizers.Find(name)?.WithDefaults()
            ?? throw new ArgumentException($"Unknown optimizer '{name}'; expected one of {KerasOptimizers.StringNames}.", nameof(name));
    }

    /// <summary>
    /// Keras's value of every element of slot <paramref name="index"/> before the first update, which a checkpoint
    /// saved before any update holds: 0, except Adagrad's accumulator.
    /// </summary>
    internal virtual float InitialSlotValue(int index) => 0f;

    /// <summary>
    /// Scalars besides the iteration count that Keras keeps in <c>optimizer_weights</c>, saved after it as
    /// <c>&lt;optimizer&gt;/&lt;name&gt;:0</c>: Nadam's <c>momentum_cache</c>. Each follows from the iteration count, so
    /// loading recomputes it rather than reads it.
    /// </summary>
    internal virtual IReadOnlyList<string> ScalarStateNames => [];

    /// <summary>The value of <see cref="ScalarStateNames"/> entry <paramref name="index"/>.</summary>
    internal virtual double GetScalarState(int index)
        => throw new ArgumentOutOfRangeException(nameof(index), $"This {Name} optimizer keeps {ScalarStateNames.Count} scalar(s); got index {index}.");
}
