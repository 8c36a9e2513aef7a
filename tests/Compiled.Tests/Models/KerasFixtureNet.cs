using Compiled;

namespace Compiled.Tests.Models;

/// <summary>
/// The network of the Keras 2.3.1 fixture <c>dl4j_simple_sparse_xent_mlp_keras_2_model.h5</c>, with Keras's own
/// layer names: <c>dense_1</c> (Dense 4 -> 3, linear), then <c>activation_1</c> (softmax).
/// </summary>
[Sequential(Input = 4, Name = "sequential_1")]
[Dense(3, Name = "dense_1")]
[Activation(Activation.Softmax, Name = "activation_1")]
public partial class KerasFixtureNet;
