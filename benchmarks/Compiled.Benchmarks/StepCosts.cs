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
    /// and Dense(128 → 10) on the two final states. Forward, per direction: the input product 100 × 40 × 256 and the
    /// recurrent products of steps 1…99 (step 0's state is zero), 99 × 64 × 256. Backward: the kernel and recurrent
    /// kernel gradients cost as much again, and so do the hidden states' gradients back through the recurrent kernel;
    /// the input gradient is not needed (the first layer). Plus the dense layer's products. About 13.8 million a sample:
    /// 0.88 GFLOP a step of 32.
    /// </summary>
    public static long BiLstmMultiplyAddsPerSample
    {
        get
        {
            long input = 2 * 100L * 40 * 256, recurrent = 2 * 99L * 64 * 256, dense = 128L * 10;
            long forward = input + recurrent + dense;
            long weightGradients = forward, hiddenGradients = recurrent + dense;
            return forward + weightGradients + hiddenGradients;
        }
    }

    /// <summary>
    /// The real multiply-adds of one lstm_train step, per sample: 100 steps of 40 features through LSTM(64), then
    /// Dense(64 → 10). Forward: the input product 100 × 40 × 256 and the recurrent products of steps 1…99, 99 × 64 × 256
    /// (step 0's state is zero), then the dense layer. Backward: the kernel and recurrent kernel gradients cost as much
    /// again, and so do the gradients of the hidden states back through the recurrent kernel; the input gradient is not
    /// needed (the LSTM is the first layer). About 6.9 million a sample: 0.44 GFLOP a step of 32.
    /// </summary>
    public static long LstmMultiplyAddsPerSample
    {
        get
        {
            long input = 100L * 40 * 256, recurrent = 99L * 64 * 256, dense = 64L * 10;
            long forward = input + recurrent + dense;
            long weightGradients = forward, hiddenGradients = recurrent + dense;
            return forward + weightGradients + hiddenGradients;
        }
    }

    /// <summary>GFLOP/s of a step of <paramref name="batch"/> samples taking <paramref name="microseconds"/>.</summary>
    public static double Gflops(long multiplyAddsPerSample, int batch, double microseconds) => 2.0 * multiplyAddsPerSample * batch / microseconds / 1e3;
}
