using Compiled.Tests.Models;
using Samples.Iris;
using Samples.Tutorial;

namespace Compiled.Tests.Training;

public class ModelApiTests
{
    private static float[] RandomData(int count, ulong seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => (float)random.NextGaussian()).ToArray();
    }

    [Fact]
    public void Constants_and_views_describe_the_parameter_buffer()
    {
        var model = new IrisNet(seed: 1);
        Assert.Equal(131, IrisNet.ParameterCount);
        Assert.Equal(4, IrisNet.InputSize);
        Assert.Equal(3, IrisNet.OutputSize);
        Assert.Equal(131, model.Parameters.Length);
        Assert.Equal(64, model.Dense.Kernel.Length);
        Assert.Equal(16, model.Dense.Bias.Length);
        Assert.Equal(48, model.Dense1.Kernel.Length);
        Assert.Equal(80, IrisNet.Layers.Dense1.ParameterOffset);
        Assert.Equal("dense_1", IrisNet.Layers.Dense1.Name);

        model.Dense1.Bias[2] = 42f;
        Assert.Equal(42f, model.Parameters[80 + 48 + 2]);
        Assert.True(model.Dense.Bias.ToArray().All(b => b == 0), "Keras's default bias initializer is zeros");
    }

    [Fact]
    public void Default_kernels_are_glorot_uniform()
    {
        var model = new IrisNet(seed: 3);
        double limit = Math.Sqrt(6.0 / (4 + 16));
        Assert.All(model.Dense.Kernel.ToArray(), w => Assert.InRange(w, -limit, limit));
        Assert.True(model.Dense.Kernel.ToArray().Distinct().Count() == 64, "kernel values should all differ");
    }

    [Fact]
    public void Seeds_decide_weights_and_seeded_initializers_ignore_the_model_seed()
    {
        Assert.Equal(new IrisNet(seed: 5).Parameters.ToArray(), new IrisNet(seed: 5).Parameters.ToArray());
        Assert.NotEqual(new IrisNet(seed: 5).Parameters.ToArray(), new IrisNet(seed: 6).Parameters.ToArray());
        // The tutorial's kernels come from RandomNormal(seed: 42): the same whatever the model's seed.
        Assert.Equal(new TutorialNet(seed: 1).Dense.Kernel.ToArray(), new TutorialNet(seed: 2).Dense.Kernel.ToArray());
        float[] kernel = new TutorialNet(seed: 1).Dense.Kernel.ToArray();
        double mean = kernel.Average(), std = Math.Sqrt(kernel.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.1, 0.1);
        Assert.InRange(std, 0.9, 1.1);
    }

    [Fact]
    public void Every_prediction_entry_point_agrees()
    {
        var model = new IrisNet(seed: 2);
        const int samples = 600; // more than one internal chunk of 256
        float[] x = RandomData(samples * 4, 1);
        float[] batched = model.Predict(x);

        float[,] x2 = new float[samples, 4];
        float[][] jagged = new float[samples][];
        for (int i = 0; i < samples; i++)
        {
            jagged[i] = x.AsSpan(i * 4, 4).ToArray();
            for (int j = 0; j < 4; j++) x2[i, j] = x[i * 4 + j];
        }
        float[,] fromMatrix = model.Predict(x2);
        float[][] fromJagged = model.Predict(jagged);
        float[] one = new float[3];
        for (int i = 0; i < samples; i++)
        {
            model.Predict(x.AsSpan(i * 4, 4), one);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(batched[i * 3 + c], one[c], tolerance: 1e-6);
                Assert.Equal(batched[i * 3 + c], fromMatrix[i, c]);
                Assert.Equal(batched[i * 3 + c], fromJagged[i][c]);
            }
            Assert.Equal(1f, one.Sum(), tolerance: 1e-5);
        }
    }

    [Fact]
    public void Shape_mismatches_name_expected_and_actual_sizes()
    {
        var model = new IrisNet(seed: 1);
        var wrongWidth = Assert.Throws<ArgumentException>(() => model.Predict(new float[5]));
        Assert.Contains("5 values", wrongWidth.Message);
        Assert.Contains("4 input values each", wrongWidth.Message);

        var wrongColumns = Assert.Throws<ArgumentException>(() => model.Predict(new float[2, 5]));
        Assert.Contains("expected 4 input values per sample", wrongColumns.Message);
        Assert.Contains("x has 5 per row", wrongColumns.Message);

        var wrongRow = Assert.Throws<ArgumentException>(() => model.Predict(new[] { new float[4], new float[3] }));
        Assert.Contains("x[1] has 3", wrongRow.Message);

        var wrongOutput = Assert.Throws<ArgumentException>(() => model.Predict(new float[8], new float[5]));
        Assert.Contains("2 sample(s) give 6 output values", wrongOutput.Message);

        model.Compile(Loss.CategoricalCrossentropy, new SGD());
        var mismatch = Assert.Throws<ArgumentException>(() => model.Fit(new float[3, 4], new float[2, 3], verbose: 0));
        Assert.Contains("x holds 3 sample(s) but y holds 2", mismatch.Message);
        var wrongTargets = Assert.Throws<ArgumentException>(() => model.Fit(new float[3, 4], new float[3, 2], verbose: 0));
        Assert.Contains("expected 3 target values per sample", wrongTargets.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(new float[3, 4], new float[3, 3], batchSize: 0, verbose: 0));
    }

    [Fact]
    public void Training_before_compile_says_what_to_do()
    {
        var model = new IrisNet(seed: 1);
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(new float[1, 4], new float[1, 3], verbose: 0));
        Assert.Contains("call Compile(loss, optimizer, metrics) before Fit", error.Message);
    }

    [Fact]
    public void Compile_accepts_keras_names()
    {
        var model = new HiddenPerceptron(seed: 1);
        model.Compile("mse", "sgd", "binary_accuracy");
        Assert.Same(Loss.MeanSquaredError, model.Loss);
        Assert.IsType<SGD>(model.Optimizer);
        Assert.Equal("binary_accuracy", Assert.Single(model.Metrics).Name);
    }

    [Fact]
    public void Fit_prints_keras_progress_lines_and_one_line_per_epoch_at_verbose_2()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1), Metric.CategoricalAccuracy);
        float[] x = RandomData(40 * 4, 2);
        float[] y = new float[40 * 3];
        for (int i = 0; i < 40; i++) y[i * 3 + i % 3] = 1;

        var bar = new StringWriter();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 1, output: bar);
        string[] lines = bar.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0]);
        Assert.Matches(@"^5/5 \[==============================\] - \d+s \d+(us|ms|s)/step - loss: \d\.\d{4} - categorical_accuracy: \d\.\d{4}$", lines[1]);
        Assert.Equal("Epoch 2/2", lines[2]);
        Assert.DoesNotContain('\r', bar.ToString());

        var perEpoch = new StringWriter();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 2, output: perEpoch);
        Assert.Matches(@"^5/5 - \d+s - loss: \d\.\d{4} - categorical_accuracy: \d\.\d{4} - \d+(us|ms|s)/epoch - \d+(us|ms|s)/step$",
            perEpoch.ToString().ReplaceLineEndings("\n").Split('\n')[1]);

        var silent = new StringWriter();
        model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, output: silent);
        Assert.Equal("", silent.ToString());
    }

    [Fact]
    public void History_and_evaluation_report_sample_weighted_means()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate(), Metric.CategoricalAccuracy);
        float[] x = RandomData(10 * 4, 3);
        float[] y = new float[10 * 3];
        for (int i = 0; i < 10; i++) y[i * 3 + i % 3] = 1;

        // Batches of 4, 4 and 2: with no updates the epoch's mean must equal the whole-set evaluation.
        History history = model.Fit(x, y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false);
        Evaluation whole = model.Evaluate(x, y, batchSize: 10, verbose: 0);
        Assert.Equal(whole.Loss, history.Loss[0], tolerance: 1e-6);
        Assert.Equal(whole["categorical_accuracy"], history["categorical_accuracy"][0], 10);
        Assert.Equal(3, model.Optimizer!.Iterations);
    }

    [Fact]
    public void Validation_split_holds_out_the_last_samples_and_logs_val_values()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new NoUpdate(), Metric.CategoricalAccuracy);
        float[] x = RandomData(50 * 4, 4);
        float[] y = new float[50 * 3];
        for (int i = 0; i < 50; i++) y[i * 3 + i % 3] = 1;

        var log = new StringWriter();
        History history = model.Fit(x, y, batchSize: 8, epochs: 1, verbose: 1, output: log, validationSplit: 0.2);

        // Keras keeps the first int(50 * 0.8) = 40 samples for training: 5 batches of 8.
        Assert.Equal(new[] { "loss", "categorical_accuracy", "val_loss", "val_categorical_accuracy" }, history.Names);
        Assert.Equal(5, model.Optimizer!.Iterations);
        Evaluation heldOut = model.Evaluate(x.AsSpan(40 * 4), y.AsSpan(40 * 3), verbose: 0);
        // Batches of 8 and 2 against one of 10: the same sums up to float rounding.
        Assert.Equal(heldOut.Loss, history["val_loss"][0], tolerance: 1e-6);
        Assert.Equal(heldOut["categorical_accuracy"], history["val_categorical_accuracy"][0], tolerance: 1e-12);
        Assert.Matches(@"^5/5 \[=+\] .* - val_loss: \d\.\d{4} - val_categorical_accuracy: \d\.\d{4}$", log.ToString().ReplaceLineEndings("\n").Split('\n')[1]);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, verbose: 0, validationSplit: 1));
        var tooSmall = Assert.Throws<ArgumentException>(() => model.Fit(x.AsSpan(0, 4), y.AsSpan(0, 3), verbose: 0, validationSplit: 0.1));
        Assert.Contains("leaves 0 for training and 1 for validation", tooSmall.Message);
    }

    [Fact]
    public void One_optimizer_cannot_train_two_models()
    {
        var sgd = new SGD(lr: 0.1, momentum: 0.9);
        var first = new IrisNet(seed: 1);
        first.Compile(Loss.CategoricalCrossentropy, sgd);
        first.Compile(Loss.CategoricalCrossentropy, sgd); // recompiling the same model is fine

        var error = Assert.Throws<InvalidOperationException>(() => new IrisNet(seed: 2).Compile(Loss.CategoricalCrossentropy, sgd));
        Assert.Contains("Give each model its own optimizer", error.Message);
    }

    [Fact]
    public void Evaluate_checks_verbose_like_fit()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Evaluate(new float[2, 4], new float[2, 3], verbose: 5));
        Assert.Contains("got 5", error.Message);
        var empty = Assert.Throws<ArgumentException>(() => model.Fit(new float[0, 4], new float[0, 3], verbose: 0, validationSplit: 0.2));
        Assert.Contains("at least one sample", empty.Message);
    }
}
