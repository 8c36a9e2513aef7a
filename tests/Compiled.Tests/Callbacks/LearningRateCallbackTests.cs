namespace Compiled.Tests.Callbacks;

/// <summary>ReduceLROnPlateau and LearningRateScheduler change the optimizer's rate on the epochs Keras does.</summary>
public class LearningRateCallbackTests
{
    [Fact]
    public void Reduce_on_plateau_cuts_the_rate_after_patience_and_waits_out_the_cooldown()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel(learningRate: 0.1);
        var reduce = new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1);
        var script = new ScriptedEpochs("val_loss", 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5);

        History history = model.Fit(x, y, batchSize: 4, epochs: 8, verbose: 0, callbacks: [script, reduce]);

        // Epoch 2 is the second without improvement: the rate halves for epoch 3. Epoch 3 is cooldown; epoch 4
        // improves; epochs 5 and 6 do not, so the rate halves again for epoch 7. 'lr' logs the rate each epoch used.
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025], history["lr"]);
        Assert.Equal(0.025, model.Optimizer!.LearningRate);
    }

    [Fact]
    public void Reduce_on_plateau_never_goes_below_min_lr()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel(learningRate: 0.1);
        var reduce = new ReduceLROnPlateau(monitor: "val_categorical_accuracy", factor: 0.1, patience: 1, minLr: 0.02);
        var script = new ScriptedEpochs("val_categorical_accuracy", 0.5, 0.4, 0.4, 0.4);

        History history = model.Fit(x, y, batchSize: 4, epochs: 4, verbose: 0, callbacks: [script, reduce]);

        // An accuracy: auto mode looks for increases, so 0.4 after 0.5 is no improvement.
        Assert.Equal([0.1, 0.1, 0.02, 0.02], history["lr"]);
    }

    [Fact]
    public void The_updates_use_the_reduced_rate()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var reduced = CallbackTestData.CompiledModel(learningRate: 0.1);
        reduced.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false,
            callbacks: [new ScriptedEpochs("loss", 1, 1, 1), new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1)]);
        // Epoch 1 does not improve on epoch 0, so epoch 2 runs at 0.05. The twin trains 2 epochs at 0.1, then 1 at
        // 0.05 (a fresh SGD would lose its momentum, so it changes the same one).
        var twin = CallbackTestData.CompiledModel(learningRate: 0.1);
        twin.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: false);
        twin.Optimizer!.LearningRate = 0.05;
        twin.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false, initialEpoch: 2);
        Assert.Equal(twin.Parameters.ToArray(), reduced.Parameters.ToArray());
    }

    [Fact]
    public void A_scheduled_rate_cannot_be_reduced()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = new Samples.Iris.IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1) { LearningRateSchedule = new ExponentialDecay(0.1, 10, 0.9) });
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: 0, callbacks: [new ReduceLROnPlateau(monitor: "loss")]));
        Assert.Contains("ExponentialDecay schedule", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(factor: 1.0));
    }

    [Fact]
    public void Scheduler_sets_the_rate_at_each_epochs_start_from_the_epoch_and_current_rate()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel(learningRate: 0.1);
        List<double> seen = [];
        var scheduler = new LearningRateScheduler((epoch, lr) => epoch < 2 ? lr : lr * 0.5);
        var probe = new LambdaCallback(onBatchBegin: (_, _) => seen.Add(model.Optimizer!.LearningRate));

        History history = model.Fit(x, y, batchSize: 8, epochs: 4, verbose: 0, callbacks: [scheduler, probe]);

        Assert.Equal([0.1, 0.1, 0.05, 0.025], history["lr"]);
        Assert.Equal([0.1, 0.1, 0.05, 0.025], seen);
        History resumed = model.Fit(x, y, batchSize: 8, epochs: 6, verbose: 0, initialEpoch: 4, callbacks: [new LearningRateScheduler(epoch => 0.5 / epoch)]);
        Assert.Equal([0.125, 0.1], resumed["lr"]);
    }

    [Fact]
    public void A_schedule_returning_a_bad_rate_is_an_error()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var error = Assert.Throws<InvalidOperationException>(() => CallbackTestData.CompiledModel().Fit(x, y, verbose: 0, callbacks: [new LearningRateScheduler(_ => -1)]));
        Assert.Contains("learning rate -1 for epoch 0", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CallbackTestData.CompiledModel().Optimizer!.LearningRate = double.NaN);
    }
}
