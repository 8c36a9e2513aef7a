namespace Compiled;

/// <summary>
/// What Keras's layers with a <c>kernel</c> and a <c>bias</c> (Dense, Conv1D, Conv2D, and the recurrent layers) share
/// beyond their own arguments: regularizers and constraints on those weights, written as Keras writes them in Python
/// and checked at build time (CMP070–CMP074 on the argument at fault). Attributes cannot take objects, so each is a
/// string in Keras's own call syntax: <c>KernelRegularizer = "l1_l2(l1=0.01, l2=0.01)"</c>,
/// <c>KernelConstraint = "max_norm(2, axis=0)"</c>.
/// </summary>
public abstract class KernelLayerAttribute : Attribute
{
    /// <summary>
    /// Keras's <c>kernel_regularizer</c>: <c>"l1(0.01)"</c>, <c>"l2(0.01)"</c> or <c>"l1_l2(l1=0.01, l2=0.01)"</c> (a bare
    /// <c>"l2"</c> takes Keras's default 0.01); its penalty <c>l1·Σ|w| + l2·Σw²</c> is added to the training loss. Null: none.
    /// </summary>
    public string? KernelRegularizer { get; set; }

    /// <summary>Keras's <c>bias_regularizer</c>, as <see cref="KernelRegularizer"/>.</summary>
    public string? BiasRegularizer { get; set; }

    /// <summary>
    /// Keras's <c>activity_regularizer</c>, on the layer's output (after its activation), as <see cref="KernelRegularizer"/>:
    /// its penalty is divided by the batch size, as tf.keras 2 divides it.
    /// </summary>
    public string? ActivityRegularizer { get; set; }

    /// <summary>
    /// Keras's <c>kernel_constraint</c>, applied after every optimizer update: <c>"max_norm(max_value=2, axis=0)"</c>,
    /// <c>"non_neg()"</c>, <c>"unit_norm(axis=0)"</c> or <c>"min_max_norm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)"</c>;
    /// <c>axis</c> may be a list (<c>axis=[0, 1, 2]</c>: a Conv2D filter's norm). Null: none.
    /// </summary>
    public string? KernelConstraint { get; set; }

    /// <summary>Keras's <c>bias_constraint</c>, as <see cref="KernelConstraint"/>.</summary>
    public string? BiasConstraint { get; set; }
}

/// <summary>
/// What Keras's recurrent layers (LSTM, GRU, SimpleRNN) add to <see cref="KernelLayerAttribute"/>: a regularizer and a
/// constraint on the <c>recurrent_kernel</c>.
/// </summary>
public abstract class RecurrentLayerAttribute : KernelLayerAttribute
{
    /// <summary>Keras's <c>recurrent_regularizer</c>, on the recurrent kernel, as <see cref="KernelLayerAttribute.KernelRegularizer"/>.</summary>
    public string? RecurrentRegularizer { get; set; }

    /// <summary>Keras's <c>recurrent_constraint</c>, on the recurrent kernel, as <see cref="KernelLayerAttribute.KernelConstraint"/>.</summary>
    public string? RecurrentConstraint { get; set; }
}
