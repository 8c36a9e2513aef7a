using System.Text.Json;

namespace Compiled;

/// <summary>Updates a model's parameters from their gradients, Keras's <c>optimizer=</c> argument of <c>compile</c>.</summary>
public abstract class Optimizer
{
    // The model whose parameters this optimizer updates: its state (velocity, iterations) belongs to them.
    private Model? _owner;

    /// <summary>Updates applied so far; Keras's <c>iterations</c>.</summary>
    public long Iterations { get; protected set; }

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
    /// its <c>name</c>: SGD's <c>learning_rate</c>, <c>decay</c>, <c>momentum</c> and <c>nesterov</c>, as tf.keras 2.4 writes them.
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

    /// <summary>The optimizer for a Keras name with its defaults: <c>sgd</c>.</summary>
    public static Optimizer FromName(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => new SGD(),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; expected 'sgd'.", nameof(name)),
    };
}
