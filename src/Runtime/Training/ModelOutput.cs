namespace Compiled;

/// <summary>
/// One output of a model. A model with several outputs lays a sample's predictions out as the outputs' values one
/// after another, in this order, and its targets likewise (each output's as its loss takes them); Keras sums the
/// outputs' losses.
/// </summary>
/// <param name="Name">The output layer's name: Keras prefixes the output's loss and metrics with it (<c>out_loss</c>).</param>
/// <param name="Shape">One sample's shape of this output, without the batch axis.</param>
/// <param name="FinalActivation">
/// The activation the output ends in, when its input (the logits) is at hand so that a loss may start from it
/// (<see cref="Loss.FusedActivation"/>): <c>Softmax</c> or <c>Sigmoid</c>; <c>Linear</c> when there is none.
/// </param>
public sealed record ModelOutput(string Name, IReadOnlyList<int> Shape, Activation FinalActivation);
