namespace Compiled;

/// <summary>
/// Keras's <c>TimeDistributed(layer)</c>: the wrapped layer applied to every step of a <c>(timesteps, ...)</c> input alike,
/// with one set of weights. C# attributes cannot nest, so the wrapper applies to the layer attribute that follows it, in a
/// Sequential model's list and on a functional node property alike:
/// <code>
/// [TimeDistributed]   // wraps the next attribute
/// [Dense(8, Activation = Activation.Relu)]
/// </code>
/// Output <c>(timesteps, ...)</c> of the wrapped layer's output per step; the wrapped layer's weights, which Keras names in
/// the wrapper's scope (<c>time_distributed/kernel:0</c>). Wraps Dense. A mask of padded steps passes through it.
/// </summary>
/// <example><c>[TimeDistributed] [Dense(10)]</c> is Keras's <c>TimeDistributed(Dense(10))</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class TimeDistributedAttribute : Attribute
{
    /// <summary>The layer's name; Keras's default is <c>time_distributed</c>, <c>time_distributed_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to (set here, not on the wrapped layer).</summary>
    public string? Input { get; set; }
}
