using Compiled;

namespace Compiled.Tests.Models;

/// <summary>
/// The network of the Keras 2.1.3 fixture <c>simple_rnn_flatten_recorded</c>, with Keras's own layer names: SimpleRNN(50)
/// with an input dropout of 0.2 returning its sequence of one step of one feature, flattened, then Dense(1).
/// </summary>
[Sequential(InputShape = new[] { 1, 1 })]
[SimpleRNN(50, Dropout = 0.2, ReturnSequences = true, Name = "simple_rnn_1")]
[Flatten(Name = "flatten_1")]
[Dense(1, Name = "dense_1")]
public partial class KerasSimpleRnnFlattenNet;

/// <summary>
/// The functional network of the tf.keras 2.2.4-tf fixture <c>simple_rnn_stacked_tfkeras</c>: SimpleRNN(6) returning its
/// sequence, relu, SimpleRNN(4) returning its sequence, relu, over three steps of four features.
/// </summary>
[Functional(nameof(Activation9))]
public partial class KerasStackedSimpleRnnNet
{
    [Input(3, 4, Name = "input_21")] public partial LayerInfo Sequences { get; }
    [SimpleRNN(6, ReturnSequences = true, Name = "simple_rnn_8", Input = nameof(Sequences))] public partial LayerInfo SimpleRnn8 { get; }
    [Activation(Activation.Relu, Name = "activation_8", Input = nameof(SimpleRnn8))] public partial LayerInfo Activation8 { get; }
    [SimpleRNN(4, ReturnSequences = true, Name = "simple_rnn_9", Input = nameof(Activation8))] public partial LayerInfo SimpleRnn9 { get; }
    [Activation(Activation.Relu, Name = "activation_9", Input = nameof(SimpleRnn9))] public partial LayerInfo Activation9 { get; }
}
