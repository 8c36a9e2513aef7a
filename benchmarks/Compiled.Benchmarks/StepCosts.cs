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

    /// <summary>
    /// The real multiply-adds of one bilstm_train step, per sample: 100 steps of 40 features through Bidirectional(LSTM(64))
    /// and Dense(10) on the two final states. Forward, per direction and step: the input product 40 × 4·64 and the
    /// recurrent product 64 × 4·64. Backward: the kernel and recurrent-kernel gradients cost the forward products again,
    /// and the gradient carried back through the recurrent product costs it once more; the input gradient is not needed
    /// (the LSTM is the first layer). Plus the Dense layer's three 128×10 products. About 13.9 million a sample:
    /// 0.89 GFLOP a step of 32.
    /// </summary>
    public static long BiLstmMultiplyAddsPerSample
    {
        get
        {
            const long Steps = 100, Features = 40, Units = 64, Directions = 2;
            long input = Features * 4 * Units, recurrent = Units * 4 * Units, dense = 2 * Units * 10;
            long forward = Directions * Steps * (input + recurrent) + dense;
            long kernelGradients = forward, carried = Directions * Steps * recurrent + dense;
            return forward + kernelGradients + carried;
        }
    }

    /// <summary>GFLOP/s of a step of <paramref name="batch"/> samples taking <paramref name="microseconds"/>.</summary>
    public static double Gflops(long multiplyAddsPerSample, int batch, double microseconds) => 2.0 * multiplyAddsPerSample * batch / microseconds / 1e3;
}
