namespace Compiled.Tests.Callbacks;

/// <summary>TerminateOnNaN, LambdaCallback, History as a callback, and the Python format Keras's file names use.</summary>
public class SmallCallbackTests
{
    [Fact]
    public void Terminate_on_NaN_stops_after_the_batch_whose_loss_is_not_finite()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(12);
        var model = CallbackTestData.CompiledModel();
        int batches = 0;
        // Keras's logs['loss'] would be NaN once a weight is; here the batch logs are made to say so at batch 2.
        var poison = new LambdaCallback(onBatchEnd: (batch, logs) =>
        {
            batches++;
            if (batch == 2) logs.Set("loss", double.NaN);
        });
        var output = new StringWriter();

        History history = model.Fit(x, y, batchSize: 2, epochs: 3, verbose: 0, callbacks: [poison, new TerminateOnNaN(output)]);

        Assert.Equal(3, batches);
        Assert.Equal(1, history.Epochs);
        Assert.Equal("Batch 2: Invalid loss, terminating training" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void A_diverging_model_is_stopped_by_terminate_on_NaN()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(64);
        for (int i = 0; i < x.Length; i++) x[i] *= 1e18f;
        var model = CallbackTestData.CompiledModel(learningRate: 0.9);
        History history = model.Fit(x, y, batchSize: 4, epochs: 50, verbose: 0, callbacks: [new TerminateOnNaN(TextWriter.Null)]);
        Assert.Equal(1, history.Epochs);
        Assert.False(double.IsFinite(history.Loss[0]));
    }

    [Fact]
    public void History_records_what_callbacks_add_to_the_logs()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        History history = CallbackTestData.CompiledModel().Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, callbacks: [new LearningRateScheduler(epoch => 0.1 / (epoch + 1))]);
        Assert.Equal(["loss", "categorical_accuracy", "lr"], history.Names);
        Assert.Equal([0.1, 0.05], history["lr"]);
        Assert.Equal([0, 1], history.EpochIndices);
    }

    [Fact]
    public void Logs_read_by_name_and_position_and_name_what_they_lack()
    {
        var logs = new Logs(["loss", "val_loss"], [0.5, 0.25, 99], 2);
        Assert.Equal(2, logs.Count);
        Assert.Equal(0.25, logs["val_loss"]);
        Assert.Equal(("loss", 0.5), (logs.NameAt(0), logs.ValueAt(0)));
        Assert.False(logs.ContainsKey("accuracy"));
        Assert.Equal([new KeyValuePair<string, double>("loss", 0.5), new("val_loss", 0.25)], logs.ToArray());
        var error = Assert.Throws<KeyNotFoundException>(() => logs["accuracy"]);
        Assert.Contains("they have loss, val_loss", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => logs.ValueAt(2));
    }

    [Fact]
    public void A_callback_can_be_driven_by_hand_with_logs_of_its_own()
    {
        var model = CallbackTestData.CompiledModel(learningRate: 0.1);
        var reduce = new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1) { Model = model };
        reduce.OnTrainBegin(Logs.Empty);
        var logs = new Logs([new KeyValuePair<string, double>("loss", 1.0)]);
        reduce.OnEpochEnd(0, logs);
        reduce.OnEpochEnd(1, logs);
        Assert.Equal(0.05, model.Optimizer!.LearningRate);
        Assert.Equal(0.1, logs["lr"]);
        Assert.Throws<InvalidOperationException>(() => reduce.OnEpochEnd(2, Logs.Empty));
        Assert.Empty(Logs.Empty);
        Assert.Throws<ArgumentException>(() => new Logs([new("loss", 1.0), new KeyValuePair<string, double>("loss", 2.0)]));
    }

    [Fact]
    public void A_callback_outside_fit_says_it_has_no_model()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EarlyStopping(monitor: "loss").OnEpochEnd(0, new Logs(["loss"], [1.0], 1)));
        Assert.Contains("not attached to a model", error.Message);
    }

    [Theory]
    [InlineData("w.{epoch:02d}-{val_loss:.2f}.h5", "w.03-0.12.h5")]
    [InlineData("{epoch}", "3")]
    [InlineData("{val_loss}", "0.123456")]
    [InlineData("{val_loss:.3e}", "1.235e-01")]
    [InlineData("{val_loss:g}", "0.123456")]
    [InlineData("{big:g}", "1.23457e+07")]
    [InlineData("{big:,.1f}", "12,345,678.9")]
    [InlineData("{val_loss:.1%}", "12.3%")]
    [InlineData("{epoch:>4d}|{epoch:<4d}|{epoch:^5d}|{epoch:*>3}", "   3|3   |  3  |**3")]
    [InlineData("{epoch:+d} {negative:.1f} {negative:08.2f}", "+3 -2.5 -0002.50")]
    [InlineData("{{epoch}}-{epoch:03}", "{epoch}-003")]
    [InlineData("{val_loss:.2}", "0.12")]
    [InlineData("{whole:.3}", "2.0")]
    public void Fields_are_formatted_as_Pythons_str_format(string template, string expected)
    {
        var fields = new Dictionary<string, object> { ["epoch"] = 3, ["val_loss"] = 0.123456, ["big"] = 12345678.9, ["negative"] = -2.5, ["whole"] = 2.0 };
        Assert.Equal(expected, PythonFormat.Format(template, name => fields.GetValueOrDefault(name)));
    }

    [Theory]
    [InlineData("{val_loss:d}", "Unknown format code 'd'")]
    [InlineData("{missing}", "'missing'")]
    [InlineData("{epoch", "Unclosed")]
    [InlineData("a}b", "Single '}'")]
    [InlineData("{epoch:.2d}", "Precision not allowed")]
    public void Formats_Python_refuses_are_errors(string template, string message)
    {
        var fields = new Dictionary<string, object> { ["epoch"] = 3, ["val_loss"] = 0.5 };
        Exception error = Assert.ThrowsAny<Exception>(() => PythonFormat.Format(template, name => fields.GetValueOrDefault(name)));
        Assert.True(error is FormatException or KeyNotFoundException);
        Assert.Contains(message, error.Message);
    }
}
