using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Training;

/// <summary>After warm-up, training steps and predictions allocate nothing on the managed heap.</summary>
public class AllocationTests
{
    [Fact]
    public void Training_steps_allocate_nothing_after_warm_up()
    {
        var model = new TutorialNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1, decay: 1e-10, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
        float[] x = new float[32 * 100];
        float[] y = new float[32 * 10];
        for (int i = 0; i < 32; i++) y[i * 10 + i % 10] = 1;
        model.TrainOnBatch(x, y);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 100; step++) model.TrainOnBatch(x, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Graph_models_train_and_predict_without_allocating_after_warm_up()
    {
        // Two inputs, every merge and reshape, and two outputs whose targets are copied out of the joined samples.
        foreach (Model model in new Model[] { new Models.EveryMergeNet(seed: 1), new Models.TwoHeadedNet(seed: 1), new Models.ResidualNet(seed: 1) })
        {
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
            int inputs = model.InputShape.ToArray().Aggregate(1, (p, d) => p * d), outputs = model.OutputShape.ToArray().Aggregate(1, (p, d) => p * d);
            float[] x = new float[16 * inputs], y = new float[16 * outputs], predicted = new float[16 * outputs];
            for (int i = 0; i < y.Length; i += 3) y[i] = 1;
            model.TrainOnBatch(x, y);
            model.Predict(x, predicted);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < 50; step++)
            {
                model.TrainOnBatch(x, y);
                model.Predict(x, predicted);
            }
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before == 0, $"{model.GetType().Name} allocated");
        }
    }

    [Fact]
    public void Predictions_allocate_nothing_after_warm_up()
    {
        var model = new IrisNet(seed: 1);
        float[] sample = { 5.1f, 3.5f, 1.4f, 0.2f };
        float[] probabilities = new float[3];
        float[] batch = new float[64 * 4];
        float[] batchOut = new float[64 * 3];
        model.Predict(sample, probabilities);
        model.Predict(batch, batchOut);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            model.Predict(sample, probabilities);
            model.Predict(batch, batchOut);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Fit_allocates_per_call_not_per_step()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01, momentum: 0.9), Metric.CategoricalAccuracy);
        float[] x = new float[512 * 4];
        float[] y = new float[512 * 3];
        for (int i = 0; i < 512; i++) y[i * 3 + i % 3] = 1;
        model.Fit(x, y, batchSize: 64, epochs: 1, verbose: 0);
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0);

        long Measure(int batchSize)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Fit(x, y, batchSize: batchSize, epochs: 10, verbose: 0);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long fewSteps = Measure(64), manySteps = Measure(8);
        // 640 steps instead of 80: the same epochs and data, so any difference is a per-step allocation.
        Assert.Equal(fewSteps, manySteps);
    }

    [Fact]
    public void Fit_with_a_progress_bar_allocates_nothing_per_step_either()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01, momentum: 0.9), Metric.CategoricalAccuracy);
        float[] x = new float[512 * 4];
        float[] y = new float[512 * 3];
        for (int i = 0; i < 512; i++) y[i * 3 + i % 3] = 1;
        model.Fit(x, y, batchSize: 64, epochs: 1, verbose: 1, output: new StringWriter());
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 1, output: new StringWriter());

        long Measure(int batchSize)
        {
            var output = new StringWriter(new System.Text.StringBuilder(4096));
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Fit(x, y, batchSize: batchSize, epochs: 3, verbose: 1, output: output);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long fewSteps = Measure(64), manySteps = Measure(8);
        // The printed lines differ only in their step counts ("8/8" against "64/64"): a few bytes, not 168 steps' worth.
        Assert.InRange(manySteps - fewSteps, -64, 64);
    }
}
