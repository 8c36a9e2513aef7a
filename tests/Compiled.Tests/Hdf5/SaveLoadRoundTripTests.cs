using Compiled.Hdf5;
using Compiled.Tests.Models;
using Compiled.Tests.Training;
using Samples.Digits;
using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Hdf5;

/// <summary>Every sample network comes back from its file with the same weights, predictions and compile settings.</summary>
public class SaveLoadRoundTripTests
{
    [Fact]
    public void Every_sample_network_round_trips()
    {
        RoundTrip<IrisNet>(new IrisNet(seed: 1), Loss.CategoricalCrossentropy, Metric.CategoricalAccuracy);
        RoundTrip<TutorialNet>(new TutorialNet(seed: 1), Loss.CategoricalCrossentropy, Metric.CategoricalAccuracy);
        RoundTrip<DigitsNet>(new DigitsNet(seed: 1), Loss.CategoricalCrossentropy);
        RoundTrip<EveryActivationNet>(new EveryActivationNet(seed: 1), Loss.MeanSquaredError, Metric.BinaryAccuracy, Metric.CategoricalAccuracy);
        RoundTrip<ClippedCrossentropyNet>(new ClippedCrossentropyNet(seed: 1), Loss.CategoricalCrossentropy);
        RoundTrip<HiddenPerceptron>(new HiddenPerceptron(seed: 1), Loss.MeanSquaredError, Metric.BinaryAccuracy);
    }

    [Fact]
    public void Per_output_losses_and_weights_round_trip_as_keras_lists()
    {
        var model = new TwoHeadedNet(seed: 4);
        model.Compile([Loss.CategoricalCrossentropy, Loss.MeanSquaredError], new SGD(lr: 0.05), [1.0, 0.25], Metric.CategoricalAccuracy);
        using var directory = new TempDirectory();
        string path = directory.File("two-heads.h5");
        model.Save(path);
        TwoHeadedNet loaded = TwoHeadedNet.Load(path);

        Assert.Equal(model.Losses, loaded.Losses);
        Assert.Equal([1.0, 0.25], loaded.LossWeights);
        Assert.Equal(model.Metrics, loaded.Metrics);
    }

    [Fact]
    public void Functional_networks_round_trip()
    {
        RoundTrip<ResidualNet>(new ResidualNet(seed: 1), Loss.CategoricalCrossentropy, Metric.CategoricalAccuracy);
        RoundTrip<EveryMergeNet>(new EveryMergeNet(seed: 1), Loss.CategoricalCrossentropy);
        RoundTrip<TwoHeadedNet>(new TwoHeadedNet(seed: 1), Loss.CategoricalCrossentropy, Metric.CategoricalAccuracy);
    }

    [Fact]
    public void Metrics_with_their_settings_round_trip()
        => RoundTrip<IrisNet>(new IrisNet(seed: 1), Loss.CategoricalCrossentropy,
            Metric.FromName("accuracy"), Metric.FromName("mae"), new TopKCategoricalAccuracyMetric(k: 2), new AucMetric(numThresholds: 50, curve: AucCurve.PR),
            new PrecisionMetric(topK: 2), new RecallMetric(threshold: 0.3, classId: 1), new AucMetric(thresholds: [0.25, 0.8], name: "auc_uneven"));

    private static void RoundTrip<TModel>(TModel model, Loss loss, params Metric[] metrics) where TModel : Model, new()
    {
        var sgd = new SGD(lr: 0.02, momentum: 0.5, decay: 0.001, nesterov: false);
        model.Compile(loss, sgd, metrics);
        int inputs = Size(model.InputShape), outputs = Size(model.OutputShape);
        var random = new SeededRandom(5);
        float[] x = Enumerable.Range(0, 6 * inputs).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = Enumerable.Range(0, 6 * outputs).Select(i => i % outputs == 0 ? 1f : 0f).ToArray();
        model.TrainOnBatch(x, y);
        model.TrainOnBatch(x, y);

        using var directory = new TempDirectory();
        string path = directory.File("model.h5");
        model.Save(path);
        TModel loaded = Model.Load<TModel>(path, out ModelLoadReport report);

        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(model.Predict(x), loaded.Predict(x));
        Assert.Same(loss, loaded.Loss);
        Assert.Equal(metrics, loaded.Metrics);
        var restored = Assert.IsType<SGD>(loaded.Optimizer);
        Assert.Equal((0.02, 0.5, 0.001, false, 2L), (restored.LearningRate, restored.Momentum, restored.Decay, restored.Nesterov, restored.Iterations));
        Assert.Equal(sgd.Velocity.ToArray(), restored.Velocity.ToArray());
        Assert.Equal(new ModelLoadReport("2.4.0", "tensorflow", IsCompiled: true, TrainingConfigIgnored: null, OptimizerStateRestored: true), report);
    }

    [Fact]
    public void An_uncompiled_model_loads_uncompiled_and_a_fresh_optimizer_saves_zero_momentum()
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        new IrisNet(seed: 2).Save(path);
        IrisNet loaded = Model.Load<IrisNet>(path, out ModelLoadReport report);
        Assert.Null(loaded.Optimizer);
        Assert.False(report.IsCompiled);
        Assert.Null(report.TrainingConfigIgnored);

        var model = new IrisNet(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(momentum: 0.9));
        model.Save(path);
        var sgd = (SGD)Model.Load<IrisNet>(path).Optimizer!;
        Assert.Equal(0, sgd.Iterations);
        Assert.Equal(new float[IrisNet.ParameterCount], sgd.Velocity.ToArray());
    }

    [Fact]
    public void Generated_load_is_kerass_load_model_for_the_class()
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        var model = new IrisNet(seed: 6);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.3), Metric.CategoricalAccuracy);
        model.Save(path);

        // Generated because this project references Compiled.Hdf5; a project without it gets no Load member.
        IrisNet loaded = IrisNet.Load(path);
        ResidualNet residual = ResidualNet.Load(SaveTo(directory, new ResidualNet(seed: 3)));

        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(0.3, Assert.IsType<SGD>(loaded.Optimizer).LearningRate);
        Assert.Equal(new ResidualNet(seed: 3).Parameters.ToArray(), residual.Parameters.ToArray());
    }

    private static string SaveTo(TempDirectory directory, Model model)
    {
        string path = directory.File(model.GetType().Name + ".h5");
        model.Save(path);
        return path;
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error()
    {
        using var directory = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => Model.Load<IrisNet>(directory.File("missing.h5")));
    }

    [Fact]
    public void Load_weights_replaces_only_the_weights()
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        var source = new IrisNet(seed: 3);
        source.Compile(Loss.MeanSquaredError, new SGD(lr: 0.9));
        source.Save(path);

        var target = new IrisNet(seed: 4);
        var sgd = new SGD(lr: 0.1, momentum: 0.5);
        target.Compile(Loss.CategoricalCrossentropy, sgd, Metric.CategoricalAccuracy);
        target.LoadWeights(path);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Same(sgd, target.Optimizer);
        Assert.Same(Loss.CategoricalCrossentropy, target.Loss);
    }

    [Fact]
    public void Saving_with_an_optimizer_keras_cannot_name_is_refused_before_any_file_changes()
    {
        using var directory = new TempDirectory();
        string path = directory.File("iris.h5");
        var model = new IrisNet(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate());
        var error = Assert.Throws<NotSupportedException>(() => model.Save(path));
        Assert.Contains("the optimizer 'NoUpdate', whose settings and state cannot be saved; only SGD, RMSprop, Adam, Adadelta, Adagrad, Adamax, Nadam can be", error.Message);
        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    private static int Size(ReadOnlySpan<int> shape)
    {
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }
}
