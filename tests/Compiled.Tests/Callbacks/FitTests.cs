using Samples.Iris;

namespace Compiled.Tests.Callbacks;

/// <summary>Fit's validationData, initialEpoch and callbacks, in Keras's order and with Keras's meaning.</summary>
public class FitTests
{
    [Fact]
    public void Hooks_run_in_Keras_order_with_the_logs_Keras_gives_each()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(6);
        (float[] xVal, float[] yVal) = CallbackTestData.Samples(4, seed: 2);
        var model = CallbackTestData.CompiledModel();
        List<string> events = [];
        string Names(Logs logs) => string.Join(",", logs.Keys);
        var recorder = new LambdaCallback(
            onTrainBegin: logs => events.Add($"train_begin[{Names(logs)}]"),
            onEpochBegin: (epoch, logs) => events.Add($"epoch_begin {epoch}[{Names(logs)}]"),
            onBatchBegin: (batch, logs) => events.Add($"batch_begin {batch}[{Names(logs)}]"),
            onBatchEnd: (batch, logs) => events.Add($"batch_end {batch}[{Names(logs)}]"),
            onEpochEnd: (epoch, logs) => events.Add($"epoch_end {epoch}[{Names(logs)}]"),
            onTrainEnd: logs => events.Add($"train_end[{Names(logs)}]"));

        model.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, validationData: (xVal, yVal), callbacks: [recorder]);

        string[] epoch(int e) =>
        [
            $"epoch_begin {e}[]",
            "batch_begin 0[]", "batch_end 0[loss,categorical_accuracy]",
            "batch_begin 1[]", "batch_end 1[loss,categorical_accuracy]",
            $"epoch_end {e}[loss,categorical_accuracy,val_loss,val_categorical_accuracy]",
        ];
        Assert.Equal(["train_begin[]", .. epoch(0), .. epoch(1), "train_end[loss,categorical_accuracy,val_loss,val_categorical_accuracy]"], events);
    }

    [Fact]
    public void Batch_logs_are_the_running_means_and_the_last_one_is_the_epochs()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(10);
        var model = CallbackTestData.CompiledModel();
        List<double> batchLosses = [];
        var recorder = new LambdaCallback(onBatchEnd: (_, logs) => batchLosses.Add(logs["loss"]));

        History history = model.Fit(x, y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false, callbacks: [recorder]);

        Assert.Equal(3, batchLosses.Count);
        Assert.Equal(history.Loss[0], batchLosses[^1]);
        // The first batch's running mean is that batch's own loss: train a twin on it alone.
        var twin = CallbackTestData.CompiledModel();
        double first = twin.TrainOnBatch(x.AsSpan(0, 16), y.AsSpan(0, 12)).Loss;
        Assert.Equal(first, batchLosses[0], 12);
    }

    [Fact]
    public void Validation_data_is_evaluated_after_each_epoch_as_evaluate_would()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(20);
        (float[] xVal, float[] yVal) = CallbackTestData.Samples(7, seed: 3);
        var model = CallbackTestData.CompiledModel();
        var output = new StringWriter();

        History history = model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 2, output: output, validationData: (xVal, yVal));

        Assert.Equal(["loss", "categorical_accuracy", "val_loss", "val_categorical_accuracy"], history.Names);
        Evaluation after = model.Evaluate(xVal, yVal, batchSize: 8, verbose: 0);
        Assert.Equal(after.Loss, history["val_loss"][2]);
        Assert.Equal(after["categorical_accuracy"], history["val_categorical_accuracy"][2]);
        Assert.Contains($"val_loss: {ProgressBar.FormatValue(after.Loss)}", output.ToString().Split('\n')[5]);
    }

    [Fact]
    public void The_three_overloads_train_alike_on_the_same_validation_data()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(12);
        (float[] xVal, float[] yVal) = CallbackTestData.Samples(5, seed: 4);
        History spans = CallbackTestData.CompiledModel().Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, validationData: (xVal, yVal));
        History rows = CallbackTestData.CompiledModel().Fit(To2D(x, 4), To2D(y, 3), batchSize: 4, epochs: 2, verbose: 0, validationData: (To2D(xVal, 4), To2D(yVal, 3)));
        History jagged = CallbackTestData.CompiledModel().Fit(ToJagged(x, 4), ToJagged(y, 3), batchSize: 4, epochs: 2, verbose: 0, validationData: (ToJagged(xVal, 4), ToJagged(yVal, 3)));
        foreach (string name in spans.Names)
        {
            Assert.Equal(spans[name], rows[name]);
            Assert.Equal(spans[name], jagged[name]);
        }
    }

    [Fact]
    public void Validation_data_wins_over_validation_split_as_in_Keras()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(12);
        (float[] xVal, float[] yVal) = CallbackTestData.Samples(5, seed: 4);
        History dataOnly = CallbackTestData.CompiledModel().Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, validationData: (xVal, yVal));
        History both = CallbackTestData.CompiledModel().Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, validationSplit: 0.5, validationData: (xVal, yVal));
        foreach (string name in dataOnly.Names) Assert.Equal(dataOnly[name], both[name]);
    }

    [Fact]
    public void Bad_validation_shapes_are_refused_with_what_was_expected()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(6);
        var model = CallbackTestData.CompiledModel();

        var partial = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0, validationData: (new float[6], new float[3])));
        Assert.Contains("validationData.X holds 6 values, not a whole number of samples of 4 input values", partial.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0, validationData: (new float[8], new float[3])));
        Assert.Contains("validationData.X holds 2 sample(s) but validationData.Y holds 1 target(s)", mismatch.Message);
        var empty = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0, validationData: (Array.Empty<float>(), Array.Empty<float>())));
        Assert.Contains("validationData holds no samples", empty.Message);
        var columns = Assert.Throws<ArgumentException>(() => model.Fit(To2D(x, 4), To2D(y, 3), verbose: 0, validationData: (new float[2, 5], new float[2, 3])));
        Assert.Contains("expected 4 input values per sample", columns.Message);
        Assert.Equal("validationData.X", columns.ParamName);
        var row = Assert.Throws<ArgumentException>(() => model.Fit(ToJagged(x, 4), ToJagged(y, 3), verbose: 0, validationData: ([new float[4], new float[3]], [new float[3], new float[3]])));
        Assert.Contains("validationData.X[1] has 3", row.Message);
        Assert.Throws<ArgumentException>(() => model.Fit(To2D(x, 4), To2D(y, 3), verbose: 0, validationData: (null!, new float[2, 3])));
    }

    [Fact]
    public void Initial_epoch_counts_the_epochs_from_where_training_resumes()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel();
        var output = new StringWriter();
        List<int> begun = [];

        History history = model.Fit(x, y, batchSize: 4, epochs: 4, verbose: 1, output: output, initialEpoch: 2,
            callbacks: [new LambdaCallback(onEpochBegin: (epoch, _) => begun.Add(epoch))]);

        Assert.Equal([2, 3], begun);
        Assert.Equal([2, 3], history.EpochIndices);
        Assert.Equal(2, history.Epochs);
        string[] lines = output.ToString().Split('\n');
        Assert.Equal("Epoch 3/4", lines[0]);
        Assert.Equal("Epoch 4/4", lines[2]);
        Assert.Equal(0, model.Fit(x, y, epochs: 2, verbose: 0, initialEpoch: 2).Epochs);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, verbose: 0, initialEpoch: -1));
    }

    [Fact]
    public void Stop_training_from_a_batch_hook_ends_the_epoch_after_that_batch_and_still_validates()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(12);
        (float[] xVal, float[] yVal) = CallbackTestData.Samples(3, seed: 5);
        var model = CallbackTestData.CompiledModel();
        int batches = 0;
        var stopper = new LambdaCallback(onBatchEnd: (batch, _) =>
        {
            batches++;
            if (batch == 1) model.StopTraining = true;
        });

        History history = model.Fit(x, y, batchSize: 2, epochs: 5, verbose: 0, validationData: (xVal, yVal), callbacks: [stopper]);

        Assert.Equal(2, batches);
        Assert.Equal(1, history.Epochs);
        Assert.Single(history["val_loss"]);
        Assert.Equal(2, model.TrainingStep);
        // The next Fit starts afresh, as Keras clears stop_training.
        Assert.Equal(5, model.Fit(x, y, batchSize: 2, epochs: 5, verbose: 0).Epochs);
    }

    [Fact]
    public void A_null_callback_is_refused()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(4);
        var error = Assert.Throws<ArgumentException>(() => CallbackTestData.CompiledModel().Fit(x, y, verbose: 0, callbacks: [new TerminateOnNaN(), null!]));
        Assert.Contains("callbacks[1] is null", error.Message);
    }

    internal static float[,] To2D(float[] flat, int width)
    {
        float[,] rows = new float[flat.Length / width, width];
        Buffer.BlockCopy(flat, 0, rows, 0, flat.Length * sizeof(float));
        return rows;
    }

    internal static float[][] ToJagged(float[] flat, int width)
        => Enumerable.Range(0, flat.Length / width).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
}
