namespace Compiled.Benchmarks;

/// <summary>The arithmetic a workload's step really does, for GFLOP/s figures; shared with the TorchSharp peer.</summary>
public static class StepCosts
{
    /// <summary>
    /// The real multiply-adds of one mnist_cnn_train step, per sample. Forward: conv1 26·26 positions × 32 filters
    /// × 3·3·1 taps, conv2 24·24 × 64 × 3·3·32, dense1 9216×128, dense2 128×10 (pooling, activations, loss and the
    /// update add no multiply-adds worth counting). Backward: each layer's kernel gradient costs its forward's
    /// multiply-adds again, and so does its input gradient, except the first layer's, which is not needed.
    /// About 35.8 million a sample: 9.16 GFLOP (two FLOPs a multiply-add) a step of 128.
    /// </summary>
    public static long MnistCnnMultiplyAddsPerSample
    {
        get
        {
            long conv1 = 26L * 26 * 32 * (3 * 3 * 1), conv2 = 24L * 24 * 64 * (3 * 3 * 32), dense1 = 9216L * 128, dense2 = 128L * 10;
            long forward = conv1 + conv2 + dense1 + dense2;
            long kernelGradients = forward, inputGradients = conv2 + dense1 + dense2;
            return forward + kernelGradients + inputGradients;
        }
    }

    /// <summary>GFLOP/s of a step of <paramref name="batch"/> samples taking <paramref name="microseconds"/>.</summary>
    public static double Gflops(long multiplyAddsPerSample, int batch, double microseconds) => 2.0 * multiplyAddsPerSample * batch / microseconds / 1e3;
}
