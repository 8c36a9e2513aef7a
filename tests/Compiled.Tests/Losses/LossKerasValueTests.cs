using System.Text.Json;
using Compiled.Kernels;

namespace Compiled.Tests.Losses;

/// <summary>
/// The losses on the examples tf.keras 2's documentation works through (each value checked by hand against the formula
/// in the comment), the fused forms from an activation's logits, names and aliases, and the Keras configs.
/// </summary>
public class LossKerasValueTests
{
    private static readonly float[] Targets01 = [0, 1, 0, 0];
    private static readonly float[] Probabilities = [0.6f, 0.4f, 0.4f, 0.6f];

    private static double[] PerRow(Loss loss, float[] predicted, float[] targets, int rows, int width)
        => Enumerable.Range(0, rows).Select(r => loss.Sum(predicted.AsSpan(r * width, width), targets.AsSpan(r * loss.TargetsPerRow(width), loss.TargetsPerRow(width)), 1, width)).ToArray();

    [Fact]
    public void Binary_crossentropy_matches_keras_documented_values()
    {
        // Row 0: -log(0.4) twice = 0.916; row 1: (-log 0.6 - log 0.4) / 2 = 0.714.
        double[] rows = PerRow(Loss.BinaryCrossentropy, Probabilities, Targets01, 2, 2);
        Assert.Equal(0.9163, rows[0], 3);
        Assert.Equal(0.7136, rows[1], 3);
        // sample_weight [1, 0]: (0.916 · 1 + 0.714 · 0) / 2 = 0.458 (divided by the batch, not the weights).
        Assert.Equal(0.458, Loss.BinaryCrossentropy.Sum(Probabilities, Targets01, 2, 2, [1f, 0f]) / 2, 3);
        // From logits, one row: [0, 1, 0, 0] against [-18.6, 0.51, 2.94, -12.8] is 0.865.
        Assert.Equal(0.865, new BinaryCrossentropyLoss(fromLogits: true).Sum([-18.6f, 0.51f, 2.94f, -12.8f], [0f, 1f, 0f, 0f], 1, 4), 3);
        // Label smoothing 0.2 turns targets 0/1 into 0.1/0.9: row [1] against [0.9] is -(0.9 log 0.9 + 0.1 log 0.1) = 0.325.
        Assert.Equal(-(0.9 * Math.Log(0.9 + 1e-7) + 0.1 * Math.Log(0.1 + 1e-7)), new BinaryCrossentropyLoss(labelSmoothing: 0.2f).Sum([0.9f], [1f], 1, 1), 5);
    }

    [Fact]
    public void Categorical_and_sparse_crossentropy_match_keras_documented_values()
    {
        float[] predicted = [0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f];
        // -log(0.95) = 0.0513 and -log(0.1) = 2.303.
        double[] categorical = PerRow(Loss.CategoricalCrossentropy, predicted, [0, 1, 0, 0, 0, 1], 2, 3);
        double[] sparse = PerRow(Loss.SparseCategoricalCrossentropy, predicted, [1, 2], 2, 3);
        Assert.Equal([0.0513, 2.3026], categorical.Select(v => Math.Round(v, 4)));
        // Sparse takes log(clip(p)) as logits: the clipped 0 adds 1e-7 to the sum, a change below 1e-6.
        Assert.Equal([0.0513, 2.3026], sparse.Select(v => Math.Round(v, 4)));
        // Label smoothing 0.3 over 3 classes: targets [0.1, 0.8, 0.1]; row [0.2, 0.5, 0.3] is -(0.1 log 0.2 + 0.8 log 0.5 + 0.1 log 0.3).
        Assert.Equal(-(0.1 * Math.Log(0.2) + 0.8 * Math.Log(0.5) + 0.1 * Math.Log(0.3)), new CategoricalCrossentropyLoss(labelSmoothing: 0.3f).Sum([0.2f, 0.5f, 0.3f], [0, 1, 0], 1, 3), 5);
    }

    [Fact]
    public void Regression_losses_match_keras_documented_values()
    {
        float[] truth = [0, 1, 0, 0], predicted = [1, 1, 1, 0];
        // mae: rows 0.5 and 0.5. mape on [[2, 1], [2, 3]]: rows 25 and 75, mean 50. msle: both rows (log 2)² / 2 = 0.240.
        Assert.Equal(0.5, Loss.MeanAbsoluteError.Sum(predicted, truth, 2, 2) / 2, 6);
        Assert.Equal(50, Loss.MeanAbsolutePercentageError.Sum(predicted, [2, 1, 2, 3], 2, 2) / 2, 4);
        Assert.Equal(0.240, Loss.MeanSquaredLogarithmicError.Sum(predicted, truth, 2, 2) / 2, 3);
        // poisson against [[1, 1], [0, 0]]: row 0 is (1 + (1 - log(1 + 1e-7))) / 2 = 1, row 1 is 0; mean 0.5.
        Assert.Equal(0.5, Loss.Poisson.Sum([1, 1, 0, 0], truth, 2, 2) / 2, 6);
        // log_cosh against [[1, 1], [0, 0]]: row 0 is log(cosh 1) / 2 = 0.217, row 1 is 0; mean 0.108.
        Assert.Equal(0.108, Loss.LogCosh.Sum([1, 1, 0, 0], truth, 2, 2) / 2, 3);
        // kl_divergence: row 0 is log(1 / 0.4) = 0.916 (the clipped zeros add ~1e-6), row 1 ~0; mean 0.458.
        Assert.Equal(0.458, Loss.KLDivergence.Sum(Probabilities, truth, 2, 2) / 2, 3);
    }

    [Fact]
    public void Huber_matches_keras_documented_values()
    {
        // Errors [0.6, -0.6] and [0.4, 0.6], all within delta 1: rows 0.18 and 0.13, mean 0.155; sample_weight [1, 0] gives 0.09.
        double[] rows = PerRow(Loss.Huber, Probabilities, Targets01, 2, 2);
        Assert.Equal(0.18, rows[0], 5);
        Assert.Equal(0.13, rows[1], 5);
        Assert.Equal(0.09, Loss.Huber.Sum(Probabilities, Targets01, 2, 2, [1f, 0f]) / 2, 5);
        // delta 0.5: error 0.6 is linear, 0.5 · 0.25 + 0.5 · (0.6 - 0.5) = 0.175; error 0.4 quadratic, 0.08.
        Assert.Equal((0.175 + 0.08) / 2, new HuberLoss(0.5f).Sum([0.6f, 0.4f], [0f, 0f], 1, 2), 5);
    }

    [Fact]
    public void Hinge_losses_match_keras_documented_values()
    {
        // 0/1 targets become -1/1: margins [1.6, 0.6] and [1.4, 1.6]; hinge 1.3, squared hinge 1.86.
        Assert.Equal(1.3, Loss.Hinge.Sum(Probabilities, Targets01, 2, 2) / 2, 5);
        Assert.Equal(1.86, Loss.SquaredHinge.Sum(Probabilities, Targets01, 2, 2) / 2, 5);
        // Targets not all 0/1 are used as they are: 1 - (-1)(0.5) = 1.5 and 1 - (0.5)(0.5) = 0.75.
        Assert.Equal((1.5 + 0.75) / 2, Loss.Hinge.Sum([0.5f, 0.5f], [-1f, 0.5f], 1, 2), 5);
        // categorical_hinge: row 0 neg 0.6, pos 0.4 → 1.2; row 1 neg 0.6, pos 0 → 1.6; mean 1.4.
        Assert.Equal(1.4, Loss.CategoricalHinge.Sum(Probabilities, Targets01, 2, 2) / 2, 5);
    }

    [Fact]
    public void Cosine_similarity_matches_keras_documented_values()
    {
        // Rows: orthogonal (-0) and the same direction (-1); mean -0.5; sample_weight [0.8, 0.2] gives -0.1.
        float[] truth = [0, 1, 1, 1], predicted = [1, 0, 1, 1];
        Assert.Equal(-0.5, Loss.CosineSimilarity.Sum(predicted, truth, 2, 2) / 2, 5);
        Assert.Equal(-0.1, Loss.CosineSimilarity.Sum(predicted, truth, 2, 2, [0.8f, 0.2f]) / 2, 5);
        // A zero prediction has no direction: 0, as l2_normalize's floor makes it.
        Assert.Equal(0, Loss.CosineSimilarity.Sum([0f, 0f], [1f, 0f], 1, 2), 9);
    }

    public static TheoryData<string> FusedLosses => new() { "categorical_crossentropy", "categorical_crossentropy, label_smoothing", "sparse_categorical_crossentropy", "binary_crossentropy", "binary_crossentropy, label_smoothing" };

    private static (Loss Fused, Loss FromLogits, Func<SeededRandom, int, int, float[]> Targets) Fusion(string name) => name switch
    {
        "categorical_crossentropy" => (Loss.CategoricalCrossentropy, new CategoricalCrossentropyLoss(fromLogits: true), OneHot),
        "categorical_crossentropy, label_smoothing" => (new CategoricalCrossentropyLoss(labelSmoothing: 0.2f), new CategoricalCrossentropyLoss(fromLogits: true, labelSmoothing: 0.2f), OneHot),
        "sparse_categorical_crossentropy" => (Loss.SparseCategoricalCrossentropy, new SparseCategoricalCrossentropyLoss(fromLogits: true), (r, rows, w) => Enumerable.Range(0, rows).Select(_ => (float)r.NextInt(w)).ToArray()),
        "binary_crossentropy" => (Loss.BinaryCrossentropy, new BinaryCrossentropyLoss(fromLogits: true), Bits),
        _ => (new BinaryCrossentropyLoss(labelSmoothing: 0.1f), new BinaryCrossentropyLoss(fromLogits: true, labelSmoothing: 0.1f), Bits),
    };

    private static float[] OneHot(SeededRandom random, int rows, int width)
    {
        var values = new float[rows * width];
        for (int r = 0; r < rows; r++) values[r * width + random.NextInt(width)] = 1f;
        return values;
    }

    private static float[] Bits(SeededRandom random, int rows, int width) => Enumerable.Range(0, rows * width).Select(_ => (float)random.NextInt(2)).ToArray();

    [Theory]
    [MemberData(nameof(FusedLosses))]
    public void Fused_with_the_final_activation_the_loss_is_its_from_logits_form_and_stays_exact_where_probabilities_round(string name)
    {
        (Loss fused, Loss fromLogits, Func<SeededRandom, int, int, float[]> makeTargets) = Fusion(name);
        const int rows = 4, width = 5;
        var random = new SeededRandom((ulong)name.Length);
        float[] logits = Enumerable.Range(0, rows * width).Select(_ => (float)(random.NextDouble() * 10 - 5)).ToArray();
        // Logits so large the activation's output rounds to exactly 0 or 1 in float.
        logits[0] = 60f;
        logits[1] = -60f;
        float[] targets = makeTargets(random, rows, width);
        float[] weights = [1f, 0.5f, 2f, 0f];
        float[] activated = new float[rows * width];
        if (fused.FusedActivation == Activation.Softmax) Softmax.Forward(logits, activated, rows, width);
        else for (int i = 0; i < logits.Length; i++) activated[i] = 1f / (1f + MathF.Exp(-logits[i]));

        float[] fusedGradient = new float[rows * width], logitGradient = new float[rows * width];
        double fusedValue = fused.ComputeFromLogits(logits, activated, targets, fusedGradient, rows, width, weights);
        double logitValue = fromLogits.Compute(logits, targets, logitGradient, rows, width, weights);

        Assert.Null(fromLogits.FusedActivation);
        LossGradientTests.AssertClose(name, logitValue, fusedValue);
        LossGradientTests.AssertClose(name + " SumFromLogits", logitValue, fused.SumFromLogits(logits, targets, rows, width, weights));
        LossGradientTests.AssertGradient(name, fusedGradient, logitGradient.Select(v => (double)v).ToArray());
        Assert.True(double.IsFinite(fusedValue));
    }

    [Fact]
    public void Each_loss_says_which_final_activation_it_fuses_with()
    {
        Assert.Equal(Activation.Softmax, Loss.CategoricalCrossentropy.FusedActivation);
        Assert.Equal(Activation.Softmax, Loss.SparseCategoricalCrossentropy.FusedActivation);
        Assert.Equal(Activation.Sigmoid, Loss.BinaryCrossentropy.FusedActivation);
        Assert.Null(Loss.MeanSquaredError.FusedActivation);
        Assert.Null(new BinaryCrossentropyLoss(fromLogits: true).FusedActivation);
        Assert.Throws<NotSupportedException>(() => Loss.MeanSquaredError.SumFromLogits([0f], [0f], 1, 1));
    }

    [Theory]
    [InlineData("binary_crossentropy", "binary_crossentropy")]
    [InlineData("bce", "binary_crossentropy")]
    [InlineData("BinaryCrossentropy", "binary_crossentropy")]
    [InlineData("sparse_categorical_crossentropy", "sparse_categorical_crossentropy")]
    [InlineData("mae", "mean_absolute_error")]
    [InlineData("MAE", "mean_absolute_error")]
    [InlineData("mape", "mean_absolute_percentage_error")]
    [InlineData("msle", "mean_squared_logarithmic_error")]
    [InlineData("huber", "huber")]
    [InlineData("huber_loss", "huber")]
    [InlineData("log_cosh", "log_cosh")]
    [InlineData("logcosh", "log_cosh")]
    [InlineData("kld", "kl_divergence")]
    [InlineData("kullback_leibler_divergence", "kl_divergence")]
    [InlineData("poisson", "poisson")]
    [InlineData("hinge", "hinge")]
    [InlineData("squared_hinge", "squared_hinge")]
    [InlineData("categorical_hinge", "categorical_hinge")]
    [InlineData("cosine_similarity", "cosine_similarity")]
    public void Keras_names_and_aliases_find_their_loss(string name, string expected)
    {
        Loss loss = Loss.FromName(name);
        Assert.Equal(expected, loss.Name);
        Assert.Same(loss, Loss.FromName(expected));
    }

    [Fact]
    public void An_unknown_loss_name_lists_the_ones_there_are()
    {
        var error = Assert.Throws<ArgumentException>(() => Loss.FromName("focal"));
        Assert.Contains("'focal'", error.Message);
        Assert.Contains("'sparse_categorical_crossentropy'", error.Message);
        Assert.Contains("'cosine_similarity'", error.Message);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryCrossentropyLoss(labelSmoothing: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalCrossentropyLoss(labelSmoothing: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss(0));
    }

    [Fact]
    public void A_sparse_target_that_is_no_class_index_is_refused_with_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => Loss.SparseCategoricalCrossentropy.Sum([0.5f, 0.5f], [2f], 1, 2));
        Assert.Contains("the target 2 is not a class index; expected a whole number from 0 to 1", error.Message);
        Assert.Throws<ArgumentException>(() => Loss.SparseCategoricalCrossentropy.Sum([0.5f, 0.5f], [0.5f], 1, 2));
        Assert.Throws<ArgumentException>(() => Loss.MeanSquaredError.Sum([0.5f, 0.5f], [1f], 1, 2));
    }

    private static string Config(Loss loss)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer)) loss.WriteKerasConfig(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void Losses_with_keras_defaults_are_written_as_names_and_configured_ones_as_keras_2_serialized_objects()
    {
        Assert.Equal("\"sparse_categorical_crossentropy\"", Config(Loss.SparseCategoricalCrossentropy));
        Assert.Equal("\"huber\"", Config(new HuberLoss(1f)));
        Assert.Equal("""{"class_name":"BinaryCrossentropy","config":{"reduction":"auto","name":"binary_crossentropy","from_logits":true,"label_smoothing":0.10000000149011612}}""",
            Config(new BinaryCrossentropyLoss(fromLogits: true, labelSmoothing: 0.1f)));
        Assert.Equal("""{"class_name":"Huber","config":{"reduction":"auto","name":"huber_loss","delta":2}}""", Config(new HuberLoss(2f)));
        Assert.Equal("""{"class_name":"SparseCategoricalCrossentropy","config":{"reduction":"auto","name":"sparse_categorical_crossentropy","from_logits":true}}""",
            Config(new SparseCategoricalCrossentropyLoss(fromLogits: true)));
    }

    public static TheoryData<string> AllLosses => new(KerasLosses.All.Select(k => k.Name));

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void Every_loss_reads_back_from_its_name_and_from_its_keras_class(string name)
    {
        using JsonDocument byName = JsonDocument.Parse($"\"{name}\"");
        Assert.Same(Loss.FromName(name), KerasLosses.FromKerasConfig(byName.RootElement, out _));
        string kerasClass = Loss.FromName(name).KerasClass;
        using JsonDocument byClass = JsonDocument.Parse("{\"class_name\": \"" + kerasClass + "\", \"config\": {\"reduction\": \"auto\", \"name\": \"x\"}}");
        Loss read = KerasLosses.FromKerasConfig(byClass.RootElement, out string? unsupported)!;
        Assert.Null(unsupported);
        Assert.Equal(name, read.Name);
        Assert.Equal($"\"{name}\"", Config(read));
    }

    [Fact]
    public void Configured_losses_read_back_with_their_options_and_other_reductions_are_unsupported()
    {
        foreach (Loss loss in new Loss[] { new BinaryCrossentropyLoss(true, 0.25f), new CategoricalCrossentropyLoss(true, 0.5f), new SparseCategoricalCrossentropyLoss(true), new HuberLoss(0.75f) })
        {
            using JsonDocument document = JsonDocument.Parse(Config(loss));
            Loss read = KerasLosses.FromKerasConfig(document.RootElement, out _)!;
            Assert.Equal(loss.GetType(), read.GetType());
            Assert.Equal(Config(loss), Config(read));
        }
        using JsonDocument sum = JsonDocument.Parse("""{"class_name": "MeanSquaredError", "config": {"reduction": "sum", "name": "mean_squared_error"}}""");
        Assert.Null(KerasLosses.FromKerasConfig(sum.RootElement, out string? why));
        Assert.Contains("reduction 'sum'", why);
        using JsonDocument focal = JsonDocument.Parse("\"focal\"");
        Assert.Null(KerasLosses.FromKerasConfig(focal.RootElement, out why));
        Assert.Contains("the loss is 'focal'", why);
    }
}
