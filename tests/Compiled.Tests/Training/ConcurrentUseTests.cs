using System.Text;
using Samples.Iris;

namespace Compiled.Tests.Training;

/// <summary>
/// A model is not thread-safe, as Keras's is not; a second thread's call while another is inside Fit, TrainOnBatch,
/// Evaluate or Predict is refused, naming the problem, and leaves the weights as they were; calls on the same thread
/// nest (Fit evaluates its validation data), and the model is free again after each call.
/// </summary>
public class ConcurrentUseTests
{
    [Fact]
    public async Task A_second_thread_is_refused_while_fit_runs_and_the_weights_stay_intact()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1), Metric.CategoricalAccuracy);
        float[] x = Enumerable.Range(0, 40 * 4).Select(i => (i % 9) * 0.1f).ToArray();
        float[] y = new float[40 * 3];
        for (int i = 0; i < 40; i++) y[i * 3 + i % 3] = 1;

        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // Fit's progress output blocks on its first line until the other thread has tried its call.
        var blocking = new BlockingWriter(inside, release);
        Task<History> fit = Task.Run(() => model.Fit(x, y, batchSize: 8, epochs: 2, verbose: 2, output: blocking, validationSplit: 0.2));
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)), "Fit never wrote its progress.");

        float[] before = model.Parameters.ToArray();
        var refused = Assert.Throws<InvalidOperationException>(() => model.TrainOnBatch(x, y));
        Assert.Contains("another thread", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not thread-safe", refused.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => model.Predict(x));
        Assert.Throws<InvalidOperationException>(() => model.Evaluate(x, y, verbose: 0));
        Assert.Equal(before, model.Parameters.ToArray());

        release.Set();
        History history = await fit;
        Assert.Equal(2, history["loss"].Count);
        Assert.All(model.Parameters.ToArray(), w => Assert.True(float.IsFinite(w)));
        // Free again: another thread may now use it.
        await Task.Run(() => model.TrainOnBatch(x, y));
        await Task.Run(() => model.Predict(x));
    }

    [Fact]
    public async Task A_failed_call_frees_the_model_for_other_threads()
    {
        var model = new IrisNet(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.1));
        Assert.Throws<ArgumentException>(() => model.Predict(new float[5]));
        await Task.Run(() => model.Predict(new float[4]));
    }

    /// <summary>Holds its first character until released; every other write of a <see cref="TextWriter"/> ends here too.</summary>
    private sealed class BlockingWriter(ManualResetEventSlim inside, ManualResetEventSlim release) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (inside.IsSet) return;
            inside.Set();
            release.Wait(TimeSpan.FromSeconds(60));
        }
    }
}
