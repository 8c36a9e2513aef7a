namespace Compiled;

/// <summary>
/// One weight's values as Keras's <c>get_weights()</c> gives them (a NumPy array): its shape and its values,
/// row-major, with its Keras name (<c>dense/kernel:0</c>) for reading. A copy: changing it changes the model only
/// through <see cref="Model.SetWeights"/>.
/// </summary>
/// <param name="Name">Keras's variable name: <c>dense/kernel:0</c>, <c>lstm/lstm_cell/recurrent_kernel:0</c>. <see cref="Model.SetWeights"/> ignores it, as Keras does.</param>
/// <param name="Shape">Its shape, Keras's: a Dense kernel <c>(inputs, units)</c>.</param>
/// <param name="Values">Its values, row-major; as many as the shape holds.</param>
public sealed record Weight(string Name, IReadOnlyList<int> Shape, float[] Values)
{
    /// <summary>A weight for <see cref="Model.SetWeights"/>, without a name.</summary>
    public Weight(IReadOnlyList<int> shape, float[] values) : this("", shape, values)
    {
    }

    /// <summary>Its shape as Python prints it: <c>(4, 3)</c>, <c>(3,)</c>.</summary>
    public string ShapeText => Shape.Count == 1 ? $"({Shape[0]},)" : "(" + string.Join(", ", Shape) + ")";
}
