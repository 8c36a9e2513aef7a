namespace Compiled.Tests.Training;

/// <summary>
/// <see cref="Model.Training"/> is true exactly in the passes of a training batch, <see cref="Model.TrainingStep"/>
/// counts those batches and the training seed follows from the model's seed; <see cref="Model.NonTrainableParameters"/>
/// is the buffer non-trainable variables live in.
/// </summary>
public class TrainingFlagTests
{
    /// <summary>A hand-written one-weight model, <c>y = w · x</c>, that records what its passes see.</summary>
    private sealed class Probe(int seed) : Model("probe", [1], [1], 1, Activation.Linear, "", "", seed, nonTrainableParameterCount: 3)
    {
        private float[] _output = [], _gradient = [];

        public List<(string Pass, bool Training, long Step, ulong Seed)> Seen { get; } = [];

        public override IReadOnlyList<LayerInfo> Architecture => [];

        protected override void AllocateWorkspace(int batch) => (_output, _gradient) = (new float[batch], new float[batch]);

        protected override void Forward(ReadOnlySpan<float> input, int batch)
        {
            Seen.Add(("forward", Training, TrainingStep, TrainingSeed));
            for (int i = 0; i < batch; i++) _output[i] = ParameterArray[0] * input[i];
        }

        protected override void Backward(ReadOnlySpan<float> input, int batch, bool fromLogits)
        {
            Seen.Add(("backward", Training, TrainingStep, TrainingSeed));
            GradientArray[0] = 0;
            for (int i = 0; i < batch; i++) GradientArray[0] += _gradient[i] * input[i];
        }

        protected override Span<float> Output => _output;

        protected override Span<float> OutputGradient => _gradient;
    }

    [Fact]
    public void Training_is_true_only_in_the_passes_of_a_training_batch()
    {
        var model = new Probe(seed: 5);
        model.Compile(Loss.MeanSquaredError, new SGD(lr: 0.1));
        float[] x = [1, 2, 3, 4], y = [2, 4, 6, 8];

        model.Predict(x);
        Assert.All(model.Seen, s => Assert.False(s.Training));
        model.Seen.Clear();

        model.TrainOnBatch(x, y);
        Assert.Equal([("forward", true, 1L), ("backward", true, 1L)], model.Seen.Select(s => (s.Pass, s.Training, s.Step)));
        Assert.False(model.Training);
        model.Seen.Clear();

        model.Evaluate(x, y, verbose: 0);
        Assert.All(model.Seen, s => Assert.False(s.Training));
        model.Seen.Clear();

        // Fit's validation runs in inference mode between training batches.
        model.Fit(x, y, batchSize: 1, epochs: 1, verbose: 0, shuffle: false, validationSplit: 0.5);
        Assert.Equal([(true, 2L), (true, 2L), (true, 3L), (true, 3L), (false, 3L), (false, 3L)], model.Seen.Select(s => (s.Training, s.Step)));
        Assert.Equal(3, model.TrainingStep);
    }

    [Fact]
    public void The_training_seed_changes_every_batch_and_follows_the_model_seed()
    {
        ulong[] Seeds(int seed)
        {
            var model = new Probe(seed);
            model.Compile(Loss.MeanSquaredError, new SGD());
            for (int i = 0; i < 3; i++) model.TrainOnBatch([1], [1]);
            return model.Seen.Where(s => s.Pass == "forward").Select(s => s.Seed).ToArray();
        }

        ulong[] first = Seeds(7);
        Assert.Equal(first, Seeds(7));
        Assert.Equal(3, first.Distinct().Count());
        Assert.NotEqual(first, Seeds(8));
    }

    [Fact]
    public void Non_trainable_variables_live_in_their_own_buffer()
    {
        var model = new Probe(seed: 1);
        Assert.Equal(3, model.NonTrainableParameters.Length);
        Assert.Equal(1, model.Parameters.Length);

        model.WeightsOf(new LayerVariable("moving_mean", [2], offset: 1, trainable: false)).Fill(0.5f);
        model.WeightsOf(new LayerVariable("kernel", [1, 1], offset: 0)).Fill(2f);
        Assert.Equal([0f, 0.5f, 0.5f], model.NonTrainableParameters.ToArray());
        Assert.Equal([2f], model.Parameters.ToArray());
        Assert.Throws<ArgumentException>(() => model.WeightsOf(new LayerVariable("moving_variance", [3], offset: 1, trainable: false)));
    }
}
