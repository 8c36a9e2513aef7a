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
