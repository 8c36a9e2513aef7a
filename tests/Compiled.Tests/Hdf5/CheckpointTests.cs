using Compiled.Hdf5;
using Compiled.Kernels;
using Samples.Iris;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// A checkpoint loses nothing: saving mid-training, loading into a fresh instance and training on gives bit-for-bit
/// the weights of uninterrupted training, with SGD's momentum, Nesterov and decay all depending on the saved state.
/// </summary>
public class CheckpointTests
{
    private const int StepsBefore = 7, StepsAfter = 9, Batch = 10;

    [Fact]
    public void Resuming_from_a_checkpoint_matches_uninterrupted_training_bit_for_bit()
    {
        int threads = Gemm.MaxThreads;
        Gemm.MaxThreads = 1;
        try
        {
            (float[] X, float[] Y)[] batches = Batches(StepsBefore + StepsAfter);
            using var directory = new TempDirectory();
            string checkpoint = directory.File("checkpoint.h5");

            IrisNet uninterrupted = Compiled(new IrisNet(seed: 7));
            for (int step = 0; step < StepsBefore; step++) uninterrupted.TrainOnBatch(batches[step].X, batches[step].Y);
            uninterrupted.Save(checkpoint);
            for (int step = StepsBefore; step < batches.Length; step++) uninterrupted.TrainOnBatch(batches[step].X, batches[step].Y);

            IrisNet resumed = Model.Load<IrisNet>(checkpoint, out ModelLoadReport report);
            Assert.True(report.OptimizerStateRestored);
            Assert.Equal(StepsBefore, resumed.Optimizer!.Iterations);
            for (int step = StepsBefore; step < batches.Length; step++) resumed.TrainOnBatch(batches[step].X, batches[step].Y);

            Assert.Equal(uninterrupted.Parameters.ToArray(), resumed.Parameters.ToArray());
            Assert.Equal(((SGD)uninterrupted.Optimizer!).Velocity.ToArray(), ((SGD)resumed.Optimizer).Velocity.ToArray());
            Assert.Equal(uninterrupted.Optimizer.Iterations, resumed.Optimizer.Iterations);

            // The saved state is what makes this work: without the velocity, or without the iteration count (which
            // sets the decayed rate), training on from the same weights ends elsewhere.
            Assert.NotEqual(uninterrupted.Parameters.ToArray(), ResumeWith(checkpoint, batches, keepVelocity: false, keepIterations: true));
            Assert.NotEqual(uninterrupted.Parameters.ToArray(), ResumeWith(checkpoint, batches, keepVelocity: true, keepIterations: false));
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    private static float[] ResumeWith(string checkpoint, (float[] X, float[] Y)[] batches, bool keepVelocity, bool keepIterations)
    {
        IrisNet saved = Model.Load<IrisNet>(checkpoint);
        var sgd = (SGD)saved.Optimizer!;
        var partial = new IrisNet(seed: 99);
        saved.Parameters.CopyTo(partial.Parameters);
        var optimizer = new SGD(sgd.LearningRate, sgd.Momentum, sgd.Decay, sgd.Nesterov);
        optimizer.RestoreState(keepIterations ? sgd.Iterations : 0, keepVelocity ? sgd.Velocity : new float[sgd.Velocity.Length]);
        partial.Compile(saved.Loss!, optimizer, saved.Metrics.ToArray());
        for (int step = StepsBefore; step < batches.Length; step++) partial.TrainOnBatch(batches[step].X, batches[step].Y);
        return partial.Parameters.ToArray();
    }

    private static IrisNet Compiled(IrisNet model)
    {
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.9, decay: 0.05, nesterov: true), Metric.CategoricalAccuracy);
        return model;
    }

    /// <summary>IrisNet batches of Gaussian inputs and random one-hot labels, the same for the same arguments.</summary>
    internal static (float[] X, float[] Y)[] Batches(int count, int batch = Batch, ulong seed = 2024)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            float[] x = Enumerable.Range(0, batch * IrisNet.InputSize).Select(_ => (float)random.NextGaussian()).ToArray();
            float[] y = new float[batch * IrisNet.OutputSize];
            for (int i = 0; i < batch; i++) y[i * IrisNet.OutputSize + random.NextInt(IrisNet.OutputSize)] = 1;
            return (x, y);
        }).ToArray();
    }
}
