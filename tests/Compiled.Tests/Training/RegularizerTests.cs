using System.Text;
using System.Text.Json;
using Compiled.Tests.Models;

namespace Compiled.Tests.Training;

/// <summary>
/// Keras's weight regularizers: their penalty <c>l1·Σ|w| + l2·Σw²</c> added once per batch to the loss that is
/// trained and logged (not divided by the batch, as tf.keras adds <c>model.losses</c>), its gradient checked by finite
/// differences in float64, and their Keras configuration as tf.keras 2.4 serializes it.
/// </summary>
public class RegularizerTests
{
    [Fact]
    public void Penalty_and_gradient_by_hand()
    {
        Regularizer both = Regularizer.L1L2(l1: 0.5f, l2: 0.25f);
        float[] w = [2, -1, 0];
        // 0.5 · (2 + 1 + 0) + 0.25 · (4 + 1 + 0) = 1.5 + 1.25
        Assert.Equal(2.75, both.Penalty(w), 6);
        float[] gradient = [1, 1, 1];
        both.AddGradient(w, gradient);
        // 1 + 0.5 · sign(w) + 2 · 0.25 · w; |w|'s gradient at 0 is 0, as TensorFlow's sign.
        Assert.Equal(new float[] { 1 + 0.5f + 1f, 1 - 0.5f - 0.5f, 1 }, gradient);
        Assert.Equal(0.01f, Regularizer.L2Only().L2);
        Assert.Equal(0f, Regularizer.L2Only().L1);
    }

    [Fact]
    public void Training_loss_adds_the_penalty_once_per_batch_and_its_gradient_matches_finite_differences()
    {
        var model = new RegularizedNet(seed: 3);
        var reference = new ReferenceNetwork().Dense(3, 4, 0).Tanh().Dense(4, 2, RegularizedNet.Layers.Dense1.ParameterOffset);
        int k0 = 0, b0 = 12, k1 = RegularizedNet.Layers.Dense1.ParameterOffset, b1 = k1 + 8;
        double Penalty(double[] p)
        {
            double sum = 0;
            for (int i = k0; i < b0; i++) sum += 0.01 * Math.Abs(p[i]) + 0.02 * p[i] * p[i];
            for (int i = b0; i < k1; i++) sum += 0.05 * p[i] * p[i];
            for (int i = k1; i < b1; i++) sum += 0.03 * Math.Abs(p[i]);
            for (int i = b1; i < b1 + 2; i++) sum += 0.5 * p[i] * p[i];
            return sum;
        }
        // Non-zero biases, so that their penalties count.
        for (int i = b0; i < k1; i++) model.Parameters[i] = 0.1f * (i - b0 + 1);
        model.Parameters[b1] = -0.3f;
        model.Parameters[b1 + 1] = 0.2f;

        var random = new SeededRandom(5);
        const int Batch = 5;
        float[] x = Enumerable.Range(0, Batch * 3).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = Enumerable.Range(0, Batch * 2).Select(_ => (float)random.NextGaussian()).ToArray();
        model.Compile(Loss.MeanSquaredError, new NoUpdate());
        double before = Penalty(model.Parameters.ToArray().Select(v => (double)v).ToArray());
        Assert.Equal(before, model.RegularizationPenalty(), 5);
        double reported = model.TrainOnBatch(x, y).Loss;

        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray();
        double Objective(double[] p) => ReferenceNetwork.MeanSquaredError(reference.Forward(xd, p, [Batch, Batch, Batch]), yd, 2) + Penalty(p);
        FiniteDifferences.AssertGradientsMatch(model, reported, Objective);
        Assert.True(before > 0.05, $"the penalty {before} is too small to tell");

        // Evaluate reports the same total as Keras's evaluate: the data loss plus the penalty.
        double evaluated = model.Evaluate(x, y, batchSize: 2, verbose: 0)["loss"];
        Assert.Equal(reported, evaluated, 5);
    }

    [Fact]
    public void A_model_without_regularizers_has_no_penalty()
    {
        var model = new UnregularizedNet(seed: 3);
        Assert.Equal(0, model.RegularizationPenalty());
        Assert.All(model.Architecture, layer => Assert.Empty(layer.Regularizers));
    }

    [Fact]
    public void Recurrent_and_embedding_arguments_reach_their_own_weights()
    {
        var model = new RegularizedRecurrentNet(seed: 1);
        LayerInfo embedding = model.Architecture[0], lstm = model.Architecture[1];
        Assert.Equal(Regularizer.L2Only(0.001f), embedding.RegularizerOf(embedding.Variables[0]));
        Assert.Equal("unit_norm(axis=1)", embedding.ConstraintOf(embedding.Variables[0])!.ToString());
        Assert.Equal(["kernel l1(0.01)", "recurrent_kernel l2(0.02)", "bias l1_l2(l1=0.01, l2=0.01)"],
            lstm.Variables.Select(v => $"{v.Name} {lstm.RegularizerOf(v)}"));
        Assert.Equal([null, "max_norm(max_value=3, axis=0)", null], lstm.Variables.Select(v => lstm.ConstraintOf(v)?.ToString()));
    }

    [Fact]
    public void Keras_configuration_is_tf_keras_2_4s_and_reads_back()
    {
        var model = new RegularizedNet(seed: 1);
        JsonElement config = Config(model.Architecture[0]);
        Assert.Equal("""{"class_name":"L1L2","config":{"l1":0.009999999776482582,"l2":0.019999999552965164}}""", config.GetProperty("kernel_regularizer").GetRawText());
        Assert.Equal("""{"class_name":"L2","config":{"l2":0.05000000074505806}}""", config.GetProperty("bias_regularizer").GetRawText());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("activity_regularizer").ValueKind);
        Assert.Equal("""{"class_name":"L1","config":{"l1":0.029999999329447746}}""", Config(model.Architecture[1]).GetProperty("kernel_regularizer").GetRawText());
        Assert.Null(model.Architecture[0].CompareKerasConfig(config, "RegularizedNet"));

        // Keras before 2.3 wrote l2(0.05) as L1L2 with l1 0: the same penalty.
        JsonElement older = Replace(config, "bias_regularizer", """{"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.05000000074505806}}""");
        Assert.Null(model.Architecture[0].CompareKerasConfig(older, "RegularizedNet"));

        var plain = new UnregularizedNet(seed: 1);
        Assert.Equal("the file's Dense has kernel_regularizer l1_l2(l1=0.01, l2=0.02); UnregularizedNet expects None",
            plain.Architecture[0].CompareKerasConfig(config, "UnregularizedNet"));
        Assert.Equal("the file's Dense has bias_regularizer l2(0.06); RegularizedNet expects l2(0.05)",
            model.Architecture[0].CompareKerasConfig(Replace(config, "bias_regularizer", """{"class_name": "L2", "config": {"l2": 0.06}}"""), "RegularizedNet"));
        Assert.Contains("the file's Dense has activity_regularizer",
            model.Architecture[0].CompareKerasConfig(Replace(config, "activity_regularizer", """{"class_name": "L2", "config": {"l2": 0.01}}"""), "RegularizedNet"));
        Assert.Contains("which RegularizedNet cannot read: 'OrthogonalRegularizer' is not a Keras regularizer this library knows",
            model.Architecture[0].CompareKerasConfig(Replace(config, "kernel_regularizer", """{"class_name": "OrthogonalRegularizer", "config": {}}"""), "RegularizedNet"));
    }

    internal static JsonElement Config(LayerInfo layer)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter writer = new(stream))
        {
            writer.WriteStartObject();
            layer.WriteKerasConfig(writer);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    internal static JsonElement Replace(JsonElement config, string entry, string json)
    {
        Dictionary<string, JsonElement> entries = config.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        entries[entry] = JsonDocument.Parse(json).RootElement.Clone();
        return JsonDocument.Parse(JsonSerializer.Serialize(entries)).RootElement.Clone();
    }
}
