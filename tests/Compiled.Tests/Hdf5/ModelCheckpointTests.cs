using Compiled.Hdf5;
using Compiled.Tests.Callbacks;
using Samples.Iris;

namespace Compiled.Tests.Hdf5;

/// <summary>ModelCheckpoint names its files as Python's str.format would, saves only improvements when asked, and never leaves a broken file.</summary>
public class ModelCheckpointTests
{
    private static (ScriptedEpochs Script, IrisNet Model) Run(ModelCheckpoint checkpoint, string monitor, params double[] values)
    {
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel();
        var script = new ScriptedEpochs(monitor, values);
        model.Fit(x, y, batchSize: 4, epochs: values.Length, verbose: 0, callbacks: [script, checkpoint]);
        return (script, model);
    }

    private static string[] Files(TempDirectory directory) => Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void Saves_every_epoch_under_the_formatted_name()
    {
        using var directory = new TempDirectory();
        var checkpoint = new ModelCheckpoint(directory.File("w.{epoch:02d}-{val_loss:.2f}.h5"));
        (ScriptedEpochs script, _) = Run(checkpoint, "val_loss", 1.0, 0.5, 0.704);

        Assert.Equal(["w.01-1.00.h5", "w.02-0.50.h5", "w.03-0.70.h5"], Files(directory));
        // Each file is that epoch's model, compiled as it was: load_model's view of it.
        IrisNet second = Model.Load<IrisNet>(directory.File("w.02-0.50.h5"));
        Assert.Equal(script.Weights[1], second.Parameters.ToArray());
        Assert.IsType<SGD>(second.Optimizer);
    }

    [Fact]
    public void Save_best_only_saves_only_improvements()
    {
        using var directory = new TempDirectory();
        var checkpoint = new ModelCheckpoint(directory.File("w.{epoch:02d}.h5"), saveBestOnly: true);
        Run(checkpoint, "val_loss", 1.0, 0.5, 0.7, 0.4, 0.45);
        Assert.Equal(["w.01.h5", "w.02.h5", "w.04.h5"], Files(directory));
        Assert.Equal(0.4, checkpoint.Best);
    }

    [Fact]
    public void One_best_file_holds_the_best_epochs_weights()
    {
        using var directory = new TempDirectory();
        string path = directory.File("best.h5");
        var checkpoint = new ModelCheckpoint(path, monitor: "val_acc", saveBestOnly: true, saveWeightsOnly: true);
        // 'val_acc' contains 'acc': auto mode looks for increases.
        (ScriptedEpochs script, IrisNet model) = Run(checkpoint, "val_acc", 0.5, 0.9, 0.7);

        var loaded = new IrisNet(seed: 99);
        loaded.LoadWeights(path);
        Assert.Equal(script.Weights[1], loaded.Parameters.ToArray());
        Assert.NotEqual(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        // save_weights's layout: the layers at the root, no architecture or training configuration.
        using var file = PureHDF.H5File.OpenRead(path);
        Assert.Contains(file.Attributes(), a => a.Name == "layer_names");
        Assert.False(file.LinkExists("model_weights"));
        Assert.DoesNotContain(file.Attributes(), a => a.Name == "model_config");
    }

    [Fact]
    public void A_failing_save_leaves_the_previous_file_intact_and_ends_fit()
    {
        using var directory = new TempDirectory();
        string path = directory.File("latest.h5");
        var checkpoint = new ModelCheckpoint(path);
        // The second epoch's save fails part-way, as on a full disk.
        var failSecondSave = new LambdaCallback(onEpochEnd: (epoch, _) =>
        {
            if (epoch == 1) AtomicFile.WrapStreamForTests = stream => new FailingStream(stream, 1000);
        });
        (float[] x, float[] y) = CallbackTestData.Samples(8);
        var model = CallbackTestData.CompiledModel();
        var script = new ScriptedEpochs("val_loss", 1.0, 0.5, 0.2);
        try
        {
            var error = Assert.Throws<IOException>(() => model.Fit(x, y, batchSize: 4, epochs: 3, verbose: 0, callbacks: [script, failSecondSave, checkpoint]));
            Assert.Contains("No space left on device", error.Message);
        }
        finally
        {
            AtomicFile.WrapStreamForTests = null;
        }

        Assert.Equal(2, script.Weights.Count);
        Assert.Equal(script.Weights[0], Model.Load<IrisNet>(path).Parameters.ToArray());
        Assert.Equal(["latest.h5"], Files(directory));
    }

    [Fact]
    public void Missing_directories_are_created_and_bad_names_are_clear_errors()
    {
        using var directory = new TempDirectory();
        Run(new ModelCheckpoint(Path.Combine(directory.Path, "runs", "a", "m{epoch}.h5")), "val_loss", 1.0);
        Assert.True(File.Exists(Path.Combine(directory.Path, "runs", "a", "m1.h5")));

        var error = Assert.Throws<FormatException>(() => Run(new ModelCheckpoint(directory.File("m{val_accuracy:.2f}.h5")), "val_loss", 1.0));
        Assert.Contains("Failed to format this callback filepath", error.Message);
        Assert.Contains("'val_accuracy'", error.Message);
        Assert.Contains("epoch, loss, categorical_accuracy, val_loss", error.Message);
    }
}
