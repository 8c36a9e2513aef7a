namespace Compiled;

/// <summary>
/// One output of a model. A model with several outputs lays a sample's targets, and its predictions, out
/// as the outputs' values one after another, in this order; Keras sums the outputs' losses.
/// </summary>
/// <param name="Name">The output layer's name: Keras prefixes the output's loss and metrics with it (<c>out_loss</c>).</param>
/// <param name="Shape">One sample's shape of this output, without the batch axis.</param>
/// <param name="IsSoftmax">Whether the output ends in a softmax over its last axis, so cross-entropy can start from its logits.</param>
public sealed record ModelOutput(string Name, IReadOnlyList<int> Shape, bool IsSoftmax);
