namespace Compiled;

/// <summary>
/// One weight tensor of a layer as Keras names and shapes it (Keras's <c>tf.Variable</c> of <c>layer.weights</c>):
/// Dense's <c>kernel</c> <c>(inputs, units)</c> and <c>bias</c> <c>(units,)</c>; BatchNormalization's <c>gamma</c>,
/// <c>beta</c>, <c>moving_mean</c> and <c>moving_variance</c>. Its values are a slice of one of the model's buffers,
/// row-major in Keras's layout: <see cref="Model.Parameters"/> when trainable, <see cref="Model.NonTrainableParameters"/> otherwise.
/// </summary>
public sealed class LayerVariable
{
    /// <param name="name">Keras's variable name: <c>kernel</c>, <c>bias</c>, <c>gamma</c>, <c>beta</c>, <c>moving_mean</c>, <c>moving_variance</c>.</param>
    /// <param name="shape">Its shape, as Keras (and an HDF5 file) stores it.</param>
    /// <param name="offset">Where it starts in its buffer.</param>
    /// <param name="trainable">Whether the optimizer updates it (it lives in <see cref="Model.Parameters"/>), or only the layer's forward pass does (<see cref="Model.NonTrainableParameters"/>).</param>
    public LayerVariable(string name, IReadOnlyList<int> shape, int offset, bool trainable = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        int length = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            length = checked(length * d);
        }
        (Name, Shape, Offset, Length, Trainable) = (name, shape.ToArray(), offset, length, trainable);
    }

    /// <summary>Keras's variable name: <c>kernel</c>, <c>bias</c>, …</summary>
    public string Name { get; }

    /// <summary>Its shape, as Keras stores it.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Where it starts in its buffer (<see cref="Model.Parameters"/> or <see cref="Model.NonTrainableParameters"/>).</summary>
    public int Offset { get; }

    /// <summary>How many values it holds: the product of its <see cref="Shape"/>.</summary>
    public int Length { get; }

    /// <summary>Whether the optimizer updates it; Keras's <c>trainable</c>.</summary>
    public bool Trainable { get; }

    /// <summary>
    /// The name scope Keras creates the variable in below its layer, when not the layer itself: an LSTM's weights
    /// belong to its cell, so tf.keras 2 names them <c>lstm/lstm_cell/kernel:0</c>. Null for most variables
    /// (<c>dense/kernel:0</c>).
    /// </summary>
    public string? Scope { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({string.Join(", ", Shape)}{(Shape.Count == 1 ? "," : "")}){(Trainable ? "" : " non-trainable")} at {Offset}";
}
