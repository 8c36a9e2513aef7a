namespace Compiled;

/// <summary>
/// Makes a <c>partial</c> class a Keras-style Sequential model: the layer attributes that follow, in
/// source order, are compiled into a forward and a backward pass at build time.
/// </summary>
/// <example>
/// <code>
/// [Sequential(Input = 4)]
/// [Dense(16, Activation = Activation.Relu)]
/// [Dense(3, Activation = Activation.Softmax)]
/// public partial class IrisNet;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SequentialAttribute : Attribute
{
    /// <summary>The number of features of one sample, Keras's <c>Input(shape=(n,))</c>.</summary>
    public int Input { get; set; }

    /// <summary>The shape of one sample without the batch axis, Keras's <c>Input(shape=(...))</c>, for samples of more than one axis.</summary>
    public int[]? InputShape { get; set; }

    /// <summary>The model's name in its summary; Keras's default is <c>sequential</c>.</summary>
    public string? Name { get; set; }
}
