namespace Compiled;

/// <summary>
/// Keras's <c>Bidirectional(layer, merge_mode='concat')</c>, as tf.keras 2 computes it. C# attributes cannot nest, so the
/// wrapper applies to the layer attribute that follows it, in a Sequential model's list and on a functional node property alike:
/// <code>
/// [Bidirectional(MergeMode = MergeMode.Concat)]   // wraps the next attribute
/// [LSTM(64)]
/// </code>
/// The layer runs twice over its input: a forward copy, and a backward copy with <c>go_backwards</c> flipped, each with its
/// own weights (Keras's <c>forward_lstm</c> and <c>backward_lstm</c>). With <c>ReturnSequences</c> the backward copy's
/// output sequence is turned back to input time order and the two are merged step by step; otherwise their last states
/// are merged. Output <c>(timesteps, 2·units)</c> or <c>(2·units)</c> with <see cref="MergeMode.Concat"/>, <c>units</c>
/// wide with the others; twice the wrapped layer's parameters.
/// </summary>
/// <example>
/// <c>[Bidirectional] [LSTM(64)]</c> is Keras's <c>Bidirectional(LSTM(64))</c>; <c>[Bidirectional(MergeMode = MergeMode.Sum)]
/// [LSTM(32, ReturnSequences = true)]</c> adds the two runs at every step.
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class BidirectionalAttribute : Attribute
{
    /// <summary>How the two runs' outputs are combined; default <see cref="MergeMode.Concat"/>.</summary>
    public MergeMode MergeMode { get; set; } = MergeMode.Concat;

    /// <summary>The layer's name; Keras's default is <c>bidirectional</c>, <c>bidirectional_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to (set here, not on the wrapped layer).</summary>
    public string? Input { get; set; }
}

/// <summary>
/// How <see cref="BidirectionalAttribute"/> combines its forward output <c>f</c> and backward output <c>b</c>, Keras's
/// <c>merge_mode</c>. Keras's <c>None</c> (the two outputs returned apart) is not supported.
/// </summary>
public enum MergeMode
{
    /// <summary><c>'concat'</c>: <c>[f, b]</c> on the last axis, twice the wrapped layer's units.</summary>
    Concat,

    /// <summary><c>'sum'</c>: <c>f + b</c>.</summary>
    Sum,

    /// <summary><c>'mul'</c>: <c>f · b</c>.</summary>
    Mul,

    /// <summary><c>'ave'</c>: <c>(f + b) / 2</c>.</summary>
    Ave,
}
