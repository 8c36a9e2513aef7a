using System.Text.Json;
using Compiled.Tests.Models;

namespace Compiled.Tests.Training;

/// <summary>
/// Keras's weight constraints against hand-worked values (tf.keras 2.4's formulas: <c>ε = 1e-7</c> added to the norm
/// in the denominator), their axes over Dense and Conv2D kernels, their place after the optimizer's update, and their
/// Keras configuration.
/// </summary>
public class ConstraintTests
{
    private const float Eps = 1e-7f;

    [Fact]
    public void Max_norm_over_a_dense_kernels_inputs_scales_each_units_column()
    {
        // A (inputs 2, units 2) kernel: column 0 is (3, 4), norm 5, held to 2; column 1 is (0.1, 0.2), under 2.
        float[] w = [3, 0.1f, 4, 0.2f];
        Constraint.MaxNorm(2).Apply(w, [2, 2]);
        float small = MathF.Sqrt(0.05f);
        Assert.Equal(new[] { 3 * 2 / (Eps + 5), 0.1f * (small / (Eps + small)), 4 * 2 / (Eps + 5), 0.2f * (small / (Eps + small)) }, w);
        Assert.Equal(1.2f, w[0], 5);
        Assert.Equal(1.6f, w[2], 5);
    }

    [Fact]
    public void Unit_norm_over_axis_1_scales_each_row()
    {
        float[] w = [3, 4, 0, 0.5f];
        Constraint.UnitNorm([1]).Apply(w, [2, 2]);
        Assert.Equal(new[] { 3 / (Eps + 5), 4 / (Eps + 5), 0, 0.5f / (Eps + 0.5f) }, w);
    }

    [Fact]
    public void Min_max_norm_moves_a_norm_rate_of_the_way_into_range()
    {
        // Norm 5 clipped into [0.5, 1] is 1; rate 0.5 gives 0.5 · 1 + 0.5 · 5 = 3. Norm 0.2 clips to 0.5: 0.5 · 0.5 + 0.5 · 0.2 = 0.35.
        float[] w = [3, 4];
        Constraint.MinMaxNorm(0.5f, 1, 0.5f).Apply(w, [2]);
        Assert.Equal(new[] { 3 * (3f / (Eps + 5)), 4 * (3f / (Eps + 5)) }, w);
        float[] small = [0.2f];
        Constraint.MinMaxNorm(0.5f, 1, 0.5f).Apply(small, [1]);
        Assert.Equal(0.35f, small[0], 5);
    }

    [Fact]
    public void Non_neg_zeroes_negative_values()
    {
        float[] w = [-1, 0, 2.5f, -0.001f];
        Constraint.NonNeg().Apply(w, [4]);
        Assert.Equal(new float[] { 0, 0, 2.5f, 0 }, w);
    }

    [Fact]
    public void A_conv_kernels_filter_norm_is_over_its_rows_columns_and_channels()
    {
        // (1, 2, 1, 2): filter 0 holds values 3 and 4 (norm 5), filter 1 holds 1 and 0 (norm 1); negative axes count from the end.
        float[] w = [3, 1, 4, 0];
        Constraint.MaxNorm(2, [0, 1, -2]).Apply(w, [1, 2, 1, 2]);
        Assert.Equal(new[] { 3 * 2 / (Eps + 5), 1 * (1 / (Eps + 1)), 4 * 2 / (Eps + 5), 0 }, w);
        var error = Assert.Throws<ArgumentException>(() => Constraint.UnitNorm([4]).Apply(new float[4], [1, 2, 1, 2]));
        Assert.Contains("UnitNorm's axis 4 is outside a weight of shape (1, 2, 1, 2), which has 4 axes", error.Message);
    }

    [Fact]
    public void Training_applies_the_constraints_to_the_updated_weights()
    {
        var random = new SeededRandom(9);
        float[] x = Enumerable.Range(0, 6 * 3).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] y = Enumerable.Range(0, 6 * 3).Select(_ => (float)random.NextGaussian()).ToArray();
        // The gradient of the unconstrained step, from an identical model that does not update.
        var probe = new ConstrainedNet(seed: 4);
        probe.Compile(Loss.MeanSquaredError, new NoUpdate());
        // Read before the step: its constraints apply even when the optimizer leaves the weights alone.
        float[] expected = probe.Parameters.ToArray();
        probe.TrainOnBatch(x, y);
        for (int i = 0; i < expected.Length; i++) expected[i] -= 0.5f * probe.Gradients[i];
        foreach (LayerInfo layer in probe.Architecture)
            foreach (LayerVariable variable in layer.Variables)
                layer.ConstraintOf(variable)?.Apply(expected.AsSpan(variable.Offset, variable.Length), variable.Shape);

        var model = new ConstrainedNet(seed: 4);
        model.Compile(Loss.MeanSquaredError, new SGD(lr: 0.5));
        model.TrainOnBatch(x, y);

        Assert.Equal(expected, model.Parameters.ToArray());
        DenseLayer first = (DenseLayer)model.Architecture[0];
        float[] kernel = model.WeightsOf(first.Kernel).ToArray();
        for (int unit = 0; unit < 4; unit++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, 3).Sum(i => (double)kernel[i * 4 + unit] * kernel[i * 4 + unit]));
            Assert.True(norm <= 0.5 + 1e-6, $"unit {unit}'s norm is {norm}");
        }
        Assert.All(model.WeightsOf(first.Bias!).ToArray(), b => Assert.True(b >= 0));
    }

    [Fact]
    public void Keras_configuration_is_tf_keras_2_4s_and_reads_back()
    {
        var model = new ConstrainedNet(seed: 1);
        JsonElement first = RegularizerTests.Config(model.Architecture[0]), second = RegularizerTests.Config(model.Architecture[1]);
        Assert.Equal("""{"class_name":"MaxNorm","config":{"max_value":0.5,"axis":0}}""", first.GetProperty("kernel_constraint").GetRawText());
        Assert.Equal("""{"class_name":"NonNeg","config":{}}""", first.GetProperty("bias_constraint").GetRawText());
        Assert.Equal("""{"class_name":"UnitNorm","config":{"axis":1}}""", second.GetProperty("kernel_constraint").GetRawText());
        Assert.Equal("""{"class_name":"MinMaxNorm","config":{"min_value":0.5,"max_value":1.0,"rate":0.5,"axis":0}}""", second.GetProperty("bias_constraint").GetRawText());
        Assert.Null(model.Architecture[0].CompareKerasConfig(first, "ConstrainedNet"));
        Assert.Null(model.Architecture[1].CompareKerasConfig(second, "ConstrainedNet"));

        var conv = new ConstrainedConvNet(seed: 1);
        JsonElement convConfig = RegularizerTests.Config(conv.Architecture[0]);
        Assert.Equal("""{"class_name":"MaxNorm","config":{"max_value":1,"axis":[0,1,2]}}""", convConfig.GetProperty("kernel_constraint").GetRawText());
        Assert.Null(conv.Architecture[0].CompareKerasConfig(convConfig, "ConstrainedConvNet"));
        Assert.Equal("the file's Conv2D has kernel_constraint max_norm(max_value=1, axis=0); ConstrainedConvNet expects max_norm(max_value=1, axis=[0, 1, 2])",
            conv.Architecture[0].CompareKerasConfig(RegularizerTests.Replace(convConfig, "kernel_constraint", """{"class_name": "MaxNorm", "config": {"max_value": 1, "axis": 0}}"""), "ConstrainedConvNet"));
        Assert.Equal("the file's Dense has bias_constraint None; ConstrainedNet expects non_neg()",
            model.Architecture[0].CompareKerasConfig(RegularizerTests.Replace(first, "bias_constraint", "null"), "ConstrainedNet"));
        // Keras's string identifiers read as their defaults.
        Assert.Equal("max_norm(max_value=2, axis=0)", Constraint.FromKerasConfig(JsonDocument.Parse("\"max_norm\"").RootElement)!.ToString());
    }

    [Fact]
    public void A_convolution_keeps_each_filters_norm_within_bounds_while_training()
    {
        var model = new ConstrainedConvNet(seed: 2);
        model.Compile(Loss.MeanSquaredError, new SGD(lr: 1));
        var random = new SeededRandom(1);
        float[] x = Enumerable.Range(0, 4 * 50).Select(_ => 3 * (float)random.NextGaussian()).ToArray();
        float[] y = Enumerable.Range(0, 4 * 2).Select(_ => 10 * (float)random.NextGaussian()).ToArray();
        for (int step = 0; step < 3; step++) model.TrainOnBatch(x, y);
        Span<float> kernel = model.WeightsOf(model.Architecture[0].Variables[0]);
        double[] norms = new double[3];
        for (int i = 0; i < kernel.Length; i++) norms[i % 3] += (double)kernel[i] * kernel[i];
        Assert.All(norms, n => Assert.True(Math.Sqrt(n) <= 1 + 1e-6, $"a filter's norm is {Math.Sqrt(n)}"));
        Assert.Contains(norms, n => Math.Sqrt(n) > 0.99);
    }
}
