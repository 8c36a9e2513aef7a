namespace Compiled;

/// <summary>
/// Keras's <c>RepeatVector(n)</c>: each sample's vector repeated <c>n</c> times, <c>output[k] = input</c> for every step
/// <c>k</c>. Input shape <c>(batch, features)</c>, output shape <c>(batch, n, features)</c>; no weights. Typically between
/// an encoder's summary vector and a decoder that reads one copy per output step.
/// </summary>
/// <example><c>[Dense(32)] [RepeatVector(10)]</c> gives <c>(None, 10, 32)</c>, as Keras's <c>RepeatVector(10)</c>.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class RepeatVectorAttribute : Attribute
{
    /// <param name="n">How many times the vector is repeated: the output's steps; positive.</param>
    public RepeatVectorAttribute(int n) => N = n;

    /// <summary>How many times the vector is repeated, Keras's <c>n</c>.</summary>
    public int N { get; }

    /// <summary>The layer's name; Keras's default is <c>repeat_vector</c>, <c>repeat_vector_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
