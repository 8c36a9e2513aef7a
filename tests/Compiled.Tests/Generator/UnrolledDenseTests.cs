namespace Compiled.Tests.Generator;

/// <summary>
/// Small Dense layers get straight-line code for one sample. Around the size rule's edges, the generator
/// writes that code exactly where the rule says, and one-sample predictions through it agree with the
/// batched kernel and with a float64 reference.
/// </summary>
public class UnrolledDenseTests
{
    [Theory]
    [InlineData(4, 16, "Relu", true, true)]        // Iris's hidden layer: 64 weights
    [InlineData(16, 3, "Softmax", true, true)]     // Iris's output: units below a vector
    [InlineData(8, 8, "Linear", false, true)]
    [InlineData(12, 12, "Sigmoid", true, true)]
    [InlineData(16, 15, "Relu", false, true)]
    [InlineData(1, 1, "Tanh", true, true)]
    [InlineData(16, 8, "Relu", true, false)]       // whole vectors and 128 weights: the kernel is as fast
    [InlineData(8, 16, "Tanh", true, false)]
    [InlineData(17, 3, "Relu", true, false)]       // past 16 inputs
    [InlineData(4, 17, "Linear", true, false)]     // past 16 units
    public void One_sample_predictions_agree_with_the_batched_kernel_and_a_float64_reference(int inputs, int units, string activation, bool useBias, bool unrolled)
    {
        string source = $$"""
            using Compiled;
            [Sequential(Input = {{inputs}})]
            [Dense({{units}}, Activation = Activation.{{activation}}, UseBias = {{(useBias ? "true" : "false")}})]
            public partial class Probe;
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(unrolled, run.Sources.Any(s => s.SourceText.ToString().Contains("_denseForwardOneSample(")));

        var model = (Model)Activator.CreateInstance(GeneratedAssembly.Load(source).GetType("Probe")!, 3)!;
        SeededRandom random = new(11);
        foreach (ref float p in model.Parameters) p = (float)random.NextGaussian();
        const int samples = 5;
        float[] x = Enumerable.Range(0, samples * inputs).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] batched = new float[samples * units];
        model.Predict(x, batched);

        float[] one = new float[units];
        for (int s = 0; s < samples; s++)
        {
            model.Predict(x.AsSpan(s * inputs, inputs), one);
            double[] expected = Reference(model.Parameters.ToArray(), x.AsSpan(s * inputs, inputs).ToArray(), units, activation, useBias);
            for (int j = 0; j < units; j++)
            {
                double tolerance = 1e-5 * (1 + Math.Abs(expected[j]));
                Assert.True(Math.Abs(one[j] - batched[s * units + j]) <= tolerance, $"sample {s} unit {j}: one sample {one[j]}, batched {batched[s * units + j]}");
                Assert.True(Math.Abs(one[j] - expected[j]) <= tolerance, $"sample {s} unit {j}: one sample {one[j]}, float64 {expected[j]}");
            }
        }
    }

    private static double[] Reference(float[] parameters, float[] x, int units, string activation, bool useBias)
    {
        var network = new Compiled.Tests.Training.ReferenceNetwork().Dense(x.Length, units, 0, useBias);
        network = activation switch
        {
            "Relu" => network.Relu(),
            "Sigmoid" => network.Sigmoid(),
            "Tanh" => network.Tanh(),
            "Softmax" => network.Softmax(units),
            _ => network,
        };
        return network.Forward(x.Select(v => (double)v).ToArray(), parameters.Select(v => (double)v).ToArray(), [1, 1]);
    }
}
