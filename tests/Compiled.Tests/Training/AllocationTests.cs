using Compiled.Kernels;
using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Training;

/// <summary>
/// The allocation tests set <see cref="Gemm.MaxThreads"/> and count what the shared GEMM workers allocate, which
/// another test's products would add to: this collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(AllocationCounting), DisableParallelization = true)]
public sealed class AllocationCounting;

/// <summary>A product of 64 samples by 512 by 512 is eight times the size from which Gemm shares work among threads.</summary>
[Sequential(Input = 512)]
[Dense(512, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class WideNet;

/// <summary>
/// After warm-up, training steps and predictions allocate nothing on the managed heap, on any thread Compiled runs on.
/// Only those threads are counted: the calling thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) and the
/// GEMM workers in the products this thread shares with them (<see cref="GemmWorkers.CountAllocations"/>,
/// <see cref="GemmWorkers.WorkerAllocatedBytesForCurrentThread"/>): tests running in parallel share the workers too. The whole process's counters
/// would also see the test host's background threads, and fail on a busy machine when Compiled allocated nothing.
/// </summary>
[Collection(nameof(AllocationCounting))]
public class AllocationTests
{
    public AllocationTests() => GemmWorkers.CountAllocations = true;

    /// <summary>Bytes allocated while <paramref name="action"/> runs, by the calling thread and by the GEMM workers.</summary>
    private static (long OnThisThread, long OnWorkers) AllocatedBytes(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread(), workersBefore = GemmWorkers.WorkerAllocatedBytesForCurrentThread;
        action();
        return (GC.GetAllocatedBytesForCurrentThread() - before, GemmWorkers.WorkerAllocatedBytesForCurrentThread - workersBefore);
    }

    /// <summary>
    /// Nothing allocated over 20 runs in a row, on the calling thread or on a GEMM worker. A window that allocates is
    /// measured again, up to three windows in all. On a loaded machine, models that share products with the workers
    /// occasionally showed 32 bytes on the calling thread in a window (never on a quiet machine, and never with
    /// DOTNET_TieredCompilation=0: the tiered JIT's promotions, not the step). A one-time allocation passes on a later window; an allocation per
    /// step allocates in every window and still fails.
    /// </summary>
    private static void AssertAllocatesNothing(Action action, string what = "the code under test")
    {
        (long onThisThread, long onWorkers) = (0, 0);
        for (int window = 0; window < 3; window++)
        {
            (onThisThread, onWorkers) = AllocatedBytes(() =>
            {
                for (int run = 0; run < 20; run++) action();
            });
            if (onThisThread == 0 && onWorkers == 0) return;
        }
        Assert.True(onThisThread == 0, $"{what} allocated {onThisThread} bytes on the calling thread over 20 runs, in each of three windows");
        Assert.True(onWorkers == 0, $"{what} allocated {onWorkers} bytes on the GEMM workers over 20 runs, in each of three windows");
    }

    [Fact]
    public void Products_shared_with_the_gemm_workers_allocate_nothing_after_warm_up()
    {
        const int Batch = 64, Inputs = 512, Hidden = 512, Classes = 10;
        // The forward product x·W and the gradient xᵀ·dy of the first layer are both Batch x Inputs x Hidden.
        Assert.True((long)Batch * Inputs * Hidden >= 4 * Gemm.ParallelLimit);
        int threads = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = 2;
            var model = new WideNet(seed: 1);
            model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
            float[] x = new float[Batch * Inputs], y = new float[Batch * Classes], predicted = new float[Batch * Classes];
            for (int i = 0; i < x.Length; i++) x[i] = (i % 17 - 8) / 8f;
            for (int i = 0; i < Batch; i++) y[i * Classes + i % Classes] = 1;
            long workerBands = GemmWorkers.WorkerBands;
            // Warm-up: JIT, the model's buffers, and the worker thread itself.
            for (int i = 0; i < 3; i++)
            {
                model.TrainOnBatch(x, y);
                model.Predict(x, predicted);
            }

            long shared = GemmWorkers.SharedProducts;
            AssertAllocatesNothing(() =>
            {
                for (int step = 0; step < 4; step++) model.TrainOnBatch(x, y);
            });
            AssertAllocatesNothing(() =>
            {
                for (int step = 0; step < 4; step++) model.Predict(x, predicted);
            });
            // The products really went to the workers: two per training step and one per prediction (20 runs of four
            // steps each) were posted, and the worker computed some of this model's bands.
            Assert.True(GemmWorkers.SharedProducts - shared >= 20 * (4 * 2 + 4), $"only {GemmWorkers.SharedProducts - shared} products were shared");
            Assert.True(GemmWorkers.WorkerBands > workerBands, "the GEMM worker computed no band");
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    [Fact]
    public void Training_steps_with_regularizers_and_constraints_allocate_nothing_after_warm_up()
    {
        var model = new Compiled.Tests.Models.ConstrainedConvNet(seed: 1);
        model.Compile(Loss.MeanSquaredError, new SGD(lr: 0.01, momentum: 0.9));
        float[] x = new float[16 * 50], y = new float[16 * 2];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 7 - 3) / 3f;
        for (int i = 0; i < y.Length; i++) y[i] = i % 3;
        model.TrainOnBatch(x, y);
        Assert.True(model.RegularizationPenalty() > 0);

        AssertAllocatesNothing(() =>
        {
            for (int step = 0; step < 5; step++) model.TrainOnBatch(x, y);
        }, "a regularized, constrained training step");

        // Activity regularizers run in the generated passes, through the fused softmax's logits too.
        var activity = new Compiled.Tests.Models.ActivityRegularizedNet(seed: 1);
        activity.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01));
        float[] xa = new float[8 * 3], ya = new float[8 * 3];
        for (int i = 0; i < xa.Length; i++) xa[i] = (i % 5 - 2) / 2f;
        for (int i = 0; i < 8; i++) ya[i * 3 + i % 3] = 1;
        activity.TrainOnBatch(xa, ya);
        AssertAllocatesNothing(() =>
        {
            for (int step = 0; step < 5; step++) activity.TrainOnBatch(xa, ya);
        }, "a training step with activity regularizers");
    }

    [Fact]
    public void Training_steps_allocate_nothing_after_warm_up()
    {
        var model = new TutorialNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1, decay: 1e-10, momentum: 0.9, nesterov: true), Metric.CategoricalAccuracy);
        float[] x = new float[32 * 100];
        float[] y = new float[32 * 10];
        for (int i = 0; i < 32; i++) y[i * 10 + i % 10] = 1;
        model.TrainOnBatch(x, y);

        AssertAllocatesNothing(() =>
        {
            for (int step = 0; step < 5; step++) model.TrainOnBatch(x, y);
        });
    }

    [Fact]
    public void Batch_calls_with_every_kind_of_metric_allocate_nothing_after_warm_up()
    {
        var model = new TutorialNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1),
            Metric.FromName("accuracy"), new TopKCategoricalAccuracyMetric(k: 3), Metric.FromName("mae"), Metric.FromName("mse"),
            new AucMetric(), new AucMetric(curve: AucCurve.PR), new PrecisionMetric(topK: 2), new RecallMetric(classId: 3), new AucMetric(thresholds: [0.2, 0.7]));
        float[] x = new float[32 * 100], y = new float[32 * 10], predicted = new float[32 * 10];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 13 - 6) / 6f;
        for (int i = 0; i < 32; i++) y[i * 10 + i % 10] = 1;
        double seen = 0;
        for (int i = 0; i < 2; i++)
        {
            seen += model.TrainOnBatch(x, y)["auc"] + model.TestOnBatch(x, y, resetMetrics: false)["precision"];
            model.PredictOnBatch(x, predicted);
        }

        AssertAllocatesNothing(() => seen += model.TrainOnBatch(x, y)["auc"], "TrainOnBatch");
        AssertAllocatesNothing(() => seen += model.TestOnBatch(x, y)["recall"] + model.TestOnBatch(x, y, resetMetrics: false).Loss, "TestOnBatch");
        AssertAllocatesNothing(() => model.PredictOnBatch(x, predicted), "PredictOnBatch");
        Assert.True(double.IsFinite(seen));
    }

    [Fact]
    public void Training_with_class_indices_and_sample_and_class_weights_allocates_nothing_after_warm_up()
    {
        // The sparse loss fused with the softmax, row weights spread over a sequence output's rows, and class weights.
        var dense = new Losses.SoftmaxHeadNet(seed: 1);
        var sequence = new Losses.SequenceSoftmaxNet(seed: 1);
        dense.Compile(Loss.SparseCategoricalCrossentropy, new SGD(lr: 0.01));
        sequence.Compile(Loss.SparseCategoricalCrossentropy, new SGD(lr: 0.01));
        float[] x = new float[8 * 12], labels = new float[8 * 3], weights = [1, 2, 0, 1, 0.5f, 1, 1, 3];
        for (int i = 0; i < labels.Length; i++) labels[i] = i % 3;
        var classWeight = new Dictionary<int, double> { [0] = 1, [1] = 2, [2] = 0.5 };
        dense.TrainOnBatch(x.AsSpan(0, 8 * 4), labels.AsSpan(0, 8), weights, classWeight);
        sequence.TrainOnBatch(x, labels, weights);

        AssertAllocatesNothing(() =>
        {
            for (int step = 0; step < 5; step++)
            {
                dense.TrainOnBatch(x.AsSpan(0, 8 * 4), labels.AsSpan(0, 8), weights, classWeight);
                sequence.TrainOnBatch(x, labels, weights);
            }
        });
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

            AssertAllocatesNothing(() =>
            {
                for (int step = 0; step < 5; step++)
                {
                    model.TrainOnBatch(x, y);
                    model.Predict(x, predicted);
                }
            }, model.GetType().Name);
        }
    }

    [Fact]
    public void Convolutional_models_train_and_predict_without_allocating_after_warm_up()
        // Every image and sequence kind, BatchNormalization and Dropout in training and in inference, and
        // convolutions large enough that their products are shared with the GEMM workers.
        => AssertTrainingAndPredictionAllocateNothing(
            [
                new Layers.ValidConvolutionNet(seed: 1), new Layers.SameStridedConvolutionNet(seed: 1), new Layers.SequenceConvolutionNet(seed: 1),
                new Layers.BatchNormalizationNet(seed: 1), new Layers.DropoutNet(seed: 1), new Layers.SharedConvolutionNet(seed: 1),
            ],
            input: i => (i % 7) * 0.1f, warmUpSteps: 1, stepsPerRun: 3);

    [Fact]
    public void Embedding_and_repeat_vector_models_train_and_predict_without_allocating_after_warm_up()
        // Token indices gathered and their gradients scattered back, vectors repeated and their gradients summed, in a
        // chain, in a two-input graph, and in a classifier large enough that the products around them are shared.
        // Whole numbers below every model's vocabulary: valid indices, and ordinary values for the other inputs. A longer
        // warm-up than the other tests': while the runtime's tiered JIT still promotes methods it now and then allocates
        // 32 bytes on the calling thread (never with DOTNET_TieredCompilation=0), which is not a step's.
        => AssertTrainingAndPredictionAllocateNothing(
            [new Layers.EmbeddingNet(seed: 1), new Layers.RepeatVectorNet(seed: 1), new Layers.TokensAndFeaturesNet(seed: 1), new Layers.TextClassifierNet(seed: 1)],
            input: i => i % 5, warmUpSteps: 60, stepsPerRun: 3);

    [Fact]
    public void Recurrent_models_train_and_predict_without_allocating_after_warm_up()
        // Every LSTM option, stacked layers, and the 100-step benchmark shape whose products are shared with the GEMM workers.
        // Warm-up runs: the generated passes loop over time steps, which the JIT may replace on the stack (a Bidirectional
        // pass has two such loops per direction, so a few more runs before the JIT settles).
        => AssertTrainingAndPredictionAllocateNothing(
            [
                new Layers.LastStepLstmNet(seed: 1), new Layers.SequenceLstmNet(seed: 1), new Layers.BackwardsLstmNet(seed: 1),
                new Layers.NoBiasLstmNet(seed: 1), new Layers.StackedLstmNet(seed: 1), new Layers.DropoutLstmNet(seed: 1), new Layers.SpeechLstmNet(seed: 1),
                new Layers.ConcatSequenceBiLstmNet(seed: 1), new Layers.MulLastBiLstmNet(seed: 1), new Layers.SpeechBiLstmNet(seed: 1),
                new Layers.SequenceSimpleRnnNet(seed: 1), new Layers.BackwardsSimpleRnnNet(seed: 1), new Layers.DropoutSimpleRnnNet(seed: 1),
                new Layers.SumLastBiSimpleRnnNet(seed: 1), new Layers.SpeechSimpleRnnNet(seed: 1),
            ],
            input: i => (i % 7) * 0.1f, warmUpSteps: 8, stepsPerRun: 1);

    [Fact]
    public void Masked_recurrent_models_train_and_predict_without_allocating_after_warm_up()
        // Runs of 120 input values padded with zeros among values that count: whole samples padded, and padded steps in others.
        => AssertTrainingAndPredictionAllocateNothing(
            [
                new Layers.MaskedLastStepLstmNet(seed: 1), new Layers.MaskedConcatSequenceBiLstmNet(seed: 1), new Layers.MaskedTimeDistributedNet(seed: 1),
                new Layers.FunctionalMaskedNet(seed: 1), new Layers.MaskedSpeechNet(seed: 1),
            ],
            input: i => i / 120 % 3 == 0 ? 0f : (i % 7) * 0.1f + 0.05f, warmUpSteps: 8, stepsPerRun: 1);

    [Fact]
    public void Gru_models_train_and_predict_without_allocating_after_warm_up()
        // Every GRU option in both forms of the reset gate, Bidirectional GRUs, and the 100-step benchmark shape in both
        // forms, whose products (the strided ones of Keras 2.2's form among them) are shared with the GEMM workers.
        => AssertTrainingAndPredictionAllocateNothing(
            [
                new Layers.LastStepGruNet(seed: 1), new Layers.BackwardsGruNet(seed: 1), new Layers.ResetBeforeGruNet(seed: 1),
                new Layers.HardSigmoidGruNet(seed: 1), new Layers.StackedGruNet(seed: 1), new Layers.DropoutGruNet(seed: 1),
                new Layers.ConcatSequenceBiGruNet(seed: 1), new Layers.MulLastBiGruNet(seed: 1),
                new Layers.SpeechGruNet(seed: 1), new Layers.SpeechResetBeforeGruNet(seed: 1),
            ],
            input: i => (i % 7) * 0.1f, warmUpSteps: 8, stepsPerRun: 1);

    /// <summary>
    /// Each model, on two GEMM threads, compiled with SGD and momentum, trained and asked to predict on 32 samples whose
    /// inputs <paramref name="input"/> gives by position, <paramref name="warmUpSteps"/> times; then
    /// <see cref="AssertAllocatesNothing"/> over runs of <paramref name="stepsPerRun"/> steps.
    /// </summary>
    private static void AssertTrainingAndPredictionAllocateNothing(Model[] models, Func<int, float> input, int warmUpSteps, int stepsPerRun)
    {
        int threads = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = 2;
            foreach (Model model in models)
            {
                model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01, momentum: 0.9), Metric.CategoricalAccuracy);
                int inputs = model.InputShape.ToArray().Aggregate(1, (p, d) => p * d), outputs = model.OutputShape[^1];
                float[] x = new float[32 * inputs], y = new float[32 * outputs], predicted = new float[32 * outputs];
                for (int i = 0; i < x.Length; i++) x[i] = input(i);
                for (int i = 0; i < 32; i++) y[i * outputs + i % outputs] = 1;
                for (int step = 0; step < warmUpSteps; step++)
                {
                    model.TrainOnBatch(x, y);
                    model.Predict(x, predicted);
                }

                AssertAllocatesNothing(() =>
                {
                    for (int step = 0; step < stepsPerRun; step++)
                    {
                        model.TrainOnBatch(x, y);
                        model.Predict(x, predicted);
                    }
                }, model.GetType().Name);
            }
        }
        finally
        {
            Gemm.MaxThreads = threads;
        }
    }

    [Fact]
    public void Every_optimizer_updates_without_allocating_after_its_first_step()
    {
        float[] x = Enumerable.Range(0, 8 * IrisNet.InputSize).Select(i => (i % 7 - 3) / 3f).ToArray(), y = new float[8 * IrisNet.OutputSize];
        for (int i = 0; i < 8; i++) y[i * IrisNet.OutputSize + i % IrisNet.OutputSize] = 1;
        Optimizer[] optimizers =
        [
            new Adam(amsgrad: true, decay: 0.01), new RMSprop(momentum: 0.5, centered: true), new RMSprop(centered: true), new Adagrad(),
            new Adadelta(learningRate: 1.0), new Adamax(), new Nadam(),
        ];
        foreach (Optimizer optimizer in optimizers)
        {
            var trained = new IrisNet(seed: 1);
            trained.Compile(Loss.CategoricalCrossentropy, optimizer);
            // The first step creates the slots; later ones reuse them.
            for (int step = 0; step < 3; step++) trained.TrainOnBatch(x, y);
            float[] gradients = Enumerable.Repeat(0.01f, trained.Parameters.Length).ToArray();
            AssertAllocatesNothing(() => optimizer.Apply(trained.Parameters, gradients), $"{optimizer.Name} ({string.Join(", ", optimizer.SlotNames)})");
            AssertAllocatesNothing(() => trained.TrainOnBatch(x, y), $"training with {optimizer.Name}");
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

        AssertAllocatesNothing(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                model.Predict(sample, probabilities);
                model.Predict(batch, batchOut);
            }
        });
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
            (long onThisThread, long onWorkers) = AllocatedBytes(() => model.Fit(x, y, batchSize: batchSize, epochs: 10, verbose: 0));
            return onThisThread + onWorkers;
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
            (long onThisThread, long onWorkers) = AllocatedBytes(() =>
            {
                output.GetStringBuilder().Clear();
                model.Fit(x, y, batchSize: batchSize, epochs: 3, verbose: 1, output: output);
            });
            return onThisThread + onWorkers;
        }
        long fewSteps = Measure(64), manySteps = Measure(8);
        // The printed lines differ only in their step counts ("8/8" against "64/64"): a few bytes, not 168 steps' worth.
        Assert.InRange(manySteps - fewSteps, -64, 64);
    }

    [Fact]
    public void Fit_with_callbacks_and_validation_data_allocates_nothing_per_step()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.01, momentum: 0.9), Metric.CategoricalAccuracy);
        float[] x = new float[512 * 4];
        float[] y = new float[512 * 3];
        for (int i = 0; i < 512; i++) y[i * 3 + i % 3] = 1;
        float[] xVal = new float[40 * 4];
        float[] yVal = new float[40 * 3];
        for (int i = 0; i < 40; i++) yVal[i * 3 + i % 3] = 1;
        double seen = 0;
        // Batch hooks that read the logs, as TerminateOnNaN does: the logs are a view refilled in place.
        Callback[] callbacks =
        [
            new TerminateOnNaN(),
            new LambdaCallback(onBatchBegin: (_, logs) => seen += logs.Count, onBatchEnd: (_, logs) => seen += logs.TryGetValue("loss", out double loss) ? loss : 0),
            new EarlyStopping(patience: 100),
        ];
        model.Fit(x, y, batchSize: 64, epochs: 1, verbose: 0, validationData: (xVal, yVal), callbacks: callbacks);
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, validationData: (xVal, yVal), callbacks: callbacks);

        long Measure(int batchSize)
        {
            (long onThisThread, long onWorkers) = AllocatedBytes(() => model.Fit(x, y, batchSize: batchSize, epochs: 10, verbose: 0, validationData: (xVal, yVal), callbacks: callbacks));
            return onThisThread + onWorkers;
        }
        long fewSteps = Measure(64), manySteps = Measure(8);
        // 640 steps and their hooks instead of 80: the same epochs, so any difference is a per-step allocation.
        Assert.Equal(fewSteps, manySteps);
        Assert.True(seen > 0);
    }
}
