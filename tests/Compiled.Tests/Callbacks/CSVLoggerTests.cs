namespace Compiled.Tests.Callbacks;

/// <summary>CSVLogger writes the file Keras's does: epoch, then the sorted names, Python's floats, \r\n lines.</summary>
public sealed class CSVLoggerTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"compiled-csv-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    /// <summary>Replaces the logged values with fixed ones, so the file's text is known exactly.</summary>
    private sealed class FixedLogs(params (string Name, double Value)[] values) : Callback
    {
        public override void OnEpochEnd(int epoch, Logs logs)
        {
            foreach ((string name, double value) in values) logs.Set(name, value * (epoch + 1));
        }
    }

    [Fact]
    public void Columns_are_epoch_then_the_sorted_names_and_values_are_Pythons()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        (float[] xVal, float[] yVal) = CallbackTestData.Samples(4, seed: 2);
        var fix = new FixedLogs(("loss", 0.5), ("categorical_accuracy", 0.1), ("val_loss", 1e-5), ("val_categorical_accuracy", 100));

        CallbackTestData.CompiledModel().Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, validationData: (xVal, yVal), callbacks: [fix, new CSVLogger(_path)]);

        Assert.Equal(
            "epoch,categorical_accuracy,loss,val_categorical_accuracy,val_loss\r\n" +
            "0,0.1,0.5,100.0,1e-05\r\n" +
            "1,0.2,1.0,200.0,2e-05\r\n",
            File.ReadAllText(_path));
    }

    [Fact]
    public void Without_validation_Keras_adds_val_columns_that_stay_NA_and_append_skips_the_header()
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel();
        var fix = new FixedLogs(("loss", 0.25), ("categorical_accuracy", 0.75));

        model.Fit(x, y, batchSize: 4, epochs: 1, verbose: 0, callbacks: [fix, new CSVLogger(_path, separator: ";")]);
        model.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, initialEpoch: 1, callbacks: [fix, new CSVLogger(_path, separator: ";", append: true)]);

        Assert.Equal(
            "epoch;categorical_accuracy;loss;val_categorical_accuracy;val_loss\r\n" +
            "0;0.75;0.25;NA;NA\r\n" +
            "1;1.5;0.5;NA;NA\r\n",
            File.ReadAllText(_path));
    }

    [Fact]
    public void Overwrites_unless_appending_and_names_a_bad_separator()
    {
        File.WriteAllText(_path, "old\r\n");
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        CallbackTestData.CompiledModel().Fit(x, y, batchSize: 4, epochs: 1, verbose: 0, callbacks: [new FixedLogs(("loss", 2), ("categorical_accuracy", 1)), new CSVLogger(_path)]);
        Assert.Equal("epoch,categorical_accuracy,loss,val_categorical_accuracy,val_loss\r\n0,1.0,2.0,NA,NA\r\n", File.ReadAllText(_path));
        Assert.Throws<ArgumentException>(() => new CSVLogger(_path, separator: ", "));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(0.6931471824645996, "0.6931471824645996")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Floats_are_written_as_Pythons_str_writes_them(double value, string expected)
        => Assert.Equal(expected, PythonFormat.Repr(value));
}
