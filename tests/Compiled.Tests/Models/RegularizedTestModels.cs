namespace Compiled.Tests.Models;

/// <summary>Dense layers with every regularizer form Keras writes: l1_l2, l2, l1 and the L1L2 class with its own defaults.</summary>
[Sequential(Input = 3)]
[Dense(4, Activation = Activation.Tanh, KernelRegularizer = "l1_l2(l1=0.01, l2=0.02)", BiasRegularizer = "l2(0.05)")]
[Dense(2, KernelRegularizer = "l1(0.03)", BiasRegularizer = "L1L2(l2=0.5)")]
public partial class RegularizedNet;

/// <summary>The same network without regularizers: what a file of <see cref="RegularizedNet"/> does not match.</summary>
[Sequential(Input = 3)]
[Dense(4, Activation = Activation.Tanh)]
[Dense(2)]
public partial class UnregularizedNet;

/// <summary>Dense layers with a constraint of each kind, on kernels and biases.</summary>
[Sequential(Input = 3)]
[Dense(4, KernelConstraint = "max_norm(0.5)", BiasConstraint = "non_neg()")]
[Dense(3, KernelConstraint = "unit_norm(axis=1)", BiasConstraint = "min_max_norm(min_value=0.5, max_value=1.0, rate=0.5, axis=0)")]
public partial class ConstrainedNet;

/// <summary>A convolution whose filters are each held to norm 1 over all three of their axes, as Keras's docs advise.</summary>
[Sequential(InputShape = new[] { 5, 5, 2 })]
[Conv2D(3, 2, KernelConstraint = "max_norm(1, axis=[0, 1, 2])", KernelRegularizer = "l2")]
[Flatten]
[Dense(2)]
public partial class ConstrainedConvNet;

/// <summary>Recurrent and embedding arguments: the recurrent kernel's own regularizer and constraint, the embeddings'.</summary>
[Sequential(Input = 4)]
[Embedding(10, 3, EmbeddingsRegularizer = "l2(0.001)", EmbeddingsConstraint = "unit_norm(axis=1)")]
[LSTM(2, KernelRegularizer = "l1(0.01)", RecurrentRegularizer = "l2(0.02)", BiasRegularizer = "l1_l2", RecurrentConstraint = "max_norm(3)")]
public partial class RegularizedRecurrentNet;

/// <summary>A network with non-trainable weights between trainable ones, for Keras's get_weights order.</summary>
[Sequential(InputShape = new[] { 4, 4, 2 })]
[Conv2D(2, 3)]
[BatchNormalization]
[Flatten]
[Dense(3)]
public partial class NormalizedNet;

/// <summary>Activity regularizers on a hidden layer and on a softmax output, beside a kernel regularizer.</summary>
[Sequential(Input = 3)]
[Dense(4, Activation = Activation.Tanh, ActivityRegularizer = "l1_l2(l1=0.01, l2=0.02)")]
[Dense(3, Activation = Activation.Softmax, ActivityRegularizer = "l2(0.3)", KernelRegularizer = "l2(0.01)")]
public partial class ActivityRegularizedNet;
