using Compiled;

namespace Samples.Iris;

/// <summary>The Iris classifier: 4 measurements in, 16 ReLU units, 3 class probabilities out (131 parameters).</summary>
[Sequential(Input = 4)]
[Dense(16, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Softmax)]
public partial class IrisNet;
