using Microsoft.CodeAnalysis;
using Samples.Iris;

namespace Compiled.Tests.Generator;

/// <summary>One sample in and out as fixed-size structs: the compiler counts the values.</summary>
public class SampleTypeTests
{
    private const string Model = """
        using Compiled;

        [Sequential(Input = 4)]
        [Dense(3, Activation = Activation.Softmax)]
        public partial class Net;
        """;

    [Fact]
    public void A_sample_of_the_wrong_length_is_a_compile_error()
    {
        GeneratorRun run = GeneratorHarness.Run(Model, """
            public static class User
            {
                public static Net.OutputSample Use(Net net) => net.Predict(new Net.InputSample(5.1f, 3.5f, 1.4f));
            }
            """);

        Assert.Empty(run.Diagnostics);
        Diagnostic error = Assert.Single(run.CompilationErrors);
        Assert.Equal("CS7036", error.Id); // there is no argument for the required parameter 'value3'
        Assert.Contains("value3", error.GetMessage());
    }

    [Fact]
    public void The_right_length_compiles()
    {
        GeneratorRun run = GeneratorHarness.Run(Model, """
            public static class User
            {
                public static float First(Net net) => net.Predict(new Net.InputSample(5.1f, 3.5f, 1.4f, 0.2f))[0];
            }
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void Sized_prediction_matches_the_span_prediction_and_allocates_nothing()
    {
        var model = new IrisNet(seed: 2);
        var sample = new IrisNet.InputSample(5.1f, 3.5f, 1.4f, 0.2f);
        float[] expected = model.Predict([5.1f, 3.5f, 1.4f, 0.2f]);

        IrisNet.OutputSample prediction = model.Predict(sample);
        Assert.Equal(expected, prediction.ToArray());
        Assert.Equal(3, IrisNet.OutputSample.Length);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) prediction = model.Predict(sample);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_sample_from_a_span_takes_exactly_its_length_and_says_so_otherwise()
    {
        Samples.Tutorial.TutorialNet.InputSample sample = Samples.Tutorial.TutorialNet.InputSample.From(Enumerable.Range(0, 100).Select(i => i / 10f).ToArray());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i / 10f), sample.ToArray());
        Assert.Equal(new IrisNet.InputSample(5.1f, 3.5f, 1.4f, 0.2f).ToArray(), IrisNet.InputSample.From([5.1f, 3.5f, 1.4f, 0.2f]).ToArray());

        foreach (int wrong in new[] { 0, 99, 101 })
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => Samples.Tutorial.TutorialNet.InputSample.From(new float[wrong]));
            Assert.Equal("values", error.ParamName);
            Assert.Contains($"InputSample holds exactly 100 values, shape (None, 100); got {wrong}.", error.Message);
        }
    }
}
