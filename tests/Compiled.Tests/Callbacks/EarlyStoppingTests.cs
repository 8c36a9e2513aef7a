namespace Compiled.Tests.Callbacks;

/// <summary>EarlyStopping on scripted sequences of monitored values, with tf.keras 2.15's rules.</summary>
public class EarlyStoppingTests
{
    private static (History History, ScriptedEpochs Script, Model Model) Run(EarlyStopping stopping, string monitor, int epochs, params double[] values)
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel();
        var script = new ScriptedEpochs(monitor, values);
        History history = model.Fit(x, y, batchSize: 4, epochs: epochs, verbose: 0, callbacks: [script, stopping]);
        return (history, script, model);
    }

    [Fact]
    public void Stops_once_patience_epochs_pass_without_improvement()
    {
        var stopping = new EarlyStopping(patience: 2);
        (History history, _, _) = Run(stopping, "val_loss", 10, 1.0, 0.9, 0.95, 0.93, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0);
        // Best 0.9 at epoch 1; epochs 2 and 3 do not improve on it, so training ends after epoch 3.
        Assert.Equal(4, history.Epochs);
        Assert.Equal(3, stopping.StoppedEpoch);
        Assert.Equal(1, stopping.BestEpoch);
        Assert.Equal(0.9, stopping.Best);
    }

    [Fact]
    public void Patience_0_stops_at_the_first_epoch_without_improvement_but_never_at_epoch_0()
    {
        var stopping = new EarlyStopping(monitor: "loss");
        (History history, _, _) = Run(stopping, "loss", 10, 1.0, 0.5, 0.6, 0.1);
        Assert.Equal(3, history.Epochs);
        Assert.Equal(2, stopping.StoppedEpoch);
    }

    [Fact]
    public void Min_delta_decides_what_counts_as_an_improvement()
    {
        var stopping = new EarlyStopping(minDelta: -0.05, patience: 1); // the sign is ignored, as Keras's abs(min_delta)
        (History history, _, _) = Run(stopping, "val_loss", 10, 1.0, 0.96, 0.9, 0.8);
        Assert.Equal(0.05, stopping.MinDelta);
        Assert.Equal(2, history.Epochs); // 0.96 is not 0.05 better than 1.0
    }

    [Fact]
    public void Accuracies_improve_upwards_in_auto_mode_and_min_mode_overrides_it()
    {
        var auto = new EarlyStopping(monitor: "val_categorical_accuracy", patience: 1);
        Assert.Equal(4, Run(auto, "val_categorical_accuracy", 10, 0.5, 0.6, 0.7, 0.65, 0.9).History.Epochs);
        var min = new EarlyStopping(monitor: "val_categorical_accuracy", patience: 1, mode: MonitorMode.Min);
        Assert.Equal(2, Run(min, "val_categorical_accuracy", 10, 0.5, 0.6, 0.7, 0.65, 0.9).History.Epochs);
        var max = new EarlyStopping(monitor: "val_loss", patience: 1, mode: MonitorMode.Max);
        Assert.Equal(2, Run(max, "val_loss", 10, 0.5, 0.4, 0.3).History.Epochs);
    }

    [Fact]
    public void A_baseline_not_yet_beaten_lets_the_patience_run_out_between_improvements()
    {
        // Without a baseline the improvement at epoch 1 restarts the patience and epoch 2 alone does not stop training.
        Assert.Equal(5, Run(new EarlyStopping(patience: 2), "val_loss", 5, 0.8, 0.7, 0.75, 0.6, 0.55).History.Epochs);
        // With baseline 0.5 no value beats it, so the wait keeps counting: 3 at epoch 2, which does not improve.
        var stopping = new EarlyStopping(patience: 2, baseline: 0.5);
        Assert.Equal(3, Run(stopping, "val_loss", 5, 0.8, 0.7, 0.75, 0.6, 0.55).History.Epochs);
        Assert.Equal(2, stopping.StoppedEpoch);
    }

    [Fact]
    public void Start_from_epoch_ignores_the_first_epochs()
    {
        var stopping = new EarlyStopping(patience: 1, startFromEpoch: 2);
        (History history, _, _) = Run(stopping, "val_loss", 10, 0.1, 0.9, 1.0, 1.1, 1.2);
        Assert.Equal(4, history.Epochs); // best 1.0 at epoch 2; 1.1 at epoch 3 stops it
    }

    [Fact]
    public void Restore_best_weights_puts_back_the_best_epochs_weights_when_it_stops()
    {
        var stopping = new EarlyStopping(patience: 2, restoreBestWeights: true);
        (History history, ScriptedEpochs script, Model model) = Run(stopping, "val_loss", 10, 1.0, 0.5, 0.7, 0.8, 0.1);
        Assert.Equal(4, history.Epochs);
        Assert.Equal(script.Weights[1], model.Parameters.ToArray());
        Assert.NotEqual(script.Weights[3], model.Parameters.ToArray());
    }

    [Fact]
    public void Restore_best_weights_restores_nothing_when_the_epochs_run_out_first_as_tf_keras_2()
    {
        var stopping = new EarlyStopping(patience: 5, restoreBestWeights: true);
        (History history, ScriptedEpochs script, Model model) = Run(stopping, "val_loss", 3, 1.0, 0.5, 0.7);
        Assert.Equal(3, history.Epochs);
        Assert.Equal(0, stopping.StoppedEpoch);
        Assert.Equal(script.Weights[2], model.Parameters.ToArray());
    }

    [Fact]
    public void Without_any_improvement_after_the_first_epoch_its_weights_are_restored()
    {
        var stopping = new EarlyStopping(patience: 1, restoreBestWeights: true);
        (_, ScriptedEpochs script, Model model) = Run(stopping, "val_loss", 5, 1.0, 2.0, 3.0);
        Assert.Equal(script.Weights[0], model.Parameters.ToArray());
    }

    [Fact]
    public void A_monitor_the_logs_never_have_is_an_error_naming_what_they_have()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(4);
        var error = Assert.Throws<InvalidOperationException>(() => CallbackTestData.CompiledModel().Fit(x, y, verbose: 0, callbacks: [new EarlyStopping()]));
        Assert.Contains("EarlyStopping monitors 'val_loss', which the epoch's logs do not have; they have loss, categorical_accuracy", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: -1));
    }
}
