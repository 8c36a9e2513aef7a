namespace Compiled;

/// <summary>Updates a model's parameters from their gradients, Keras's <c>optimizer=</c> argument of <c>compile</c>.</summary>
public abstract class Optimizer
{
    /// <summary>Updates applied so far; Keras's <c>iterations</c>.</summary>
    public long Iterations { get; protected set; }

    /// <summary>The name Keras gives it in a saved configuration.</summary>
    public abstract string Name { get; }

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/> of the batch-mean loss.</summary>
    public abstract void Apply(Span<float> parameters, ReadOnlySpan<float> gradients);

    /// <summary>The optimizer for a Keras name with its defaults: <c>sgd</c>.</summary>
    public static Optimizer FromName(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => new SGD(),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; expected 'sgd'.", nameof(name)),
    };
}
