using Compiled.Tests.Training;

namespace Compiled.Tests.Layers;

/// <summary>
/// The generated backpropagation through time of masked recurrent networks against float64 finite differences of
/// <see cref="ImageReference"/>, which carries the mask as Keras's <c>backend.rnn</c> does: sample 0 has padded steps at both
/// ends and a gap in the middle, sample 1 is padding only, sample 2 has leading padding; batch 1 is sample 0 alone.
/// </summary>
public class MaskGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Lstm_returning_its_last_step_carries_it_past_the_padding(int batch)
        => ConvolutionalGradientTests.Check(new MaskedLastStepLstmNet(seed: 21),
            Masked(6, 3, 0.0, out ImageReference r).Lstm(4, 0, stepMask: r.StepMask).EndMask()
                .Dense(3, MaskedLastStepLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Lstm_returning_sequences_hands_the_mask_through_an_activation_to_the_next(int batch)
        => ConvolutionalGradientTests.Check(new MaskedSequenceLstmNet(seed: 22),
            Masked(5, 3, 0.0, out ImageReference r).Lstm(4, 0, returnSequences: true, stepMask: r.StepMask).Tanh()
                .Lstm(3, MaskedSequenceLstmNet.Layers.Lstm1.ParameterOffset, stepMask: r.StepMask).EndMask()
                .Dense(2, MaskedSequenceLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 5, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Go_backwards_reverses_the_mask_with_the_sequence(int batch)
        => ConvolutionalGradientTests.Check(new MaskedBackwardsLstmNet(seed: 23),
            Masked(6, 2, -1.0, out ImageReference r).Lstm(5, 0, returnSequences: true, goBackwards: true, stepMask: r.StepMask)
                .Lstm(3, MaskedBackwardsLstmNet.Layers.Lstm1.ParameterOffset, goBackwards: true, stepMask: r.StepMask).EndMask()
                .Dense(2, MaskedBackwardsLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 2, -1f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Embedding_mask_zero_masks_index_zero(int batch)
    {
        var reference = new ImageReference(6);
        reference.MaskZero().Embedding(7, 3, 0).Lstm(4, MaskZeroLstmNet.Layers.Lstm.ParameterOffset, stepMask: reference.StepMask).EndMask()
            .Dense(2, MaskZeroLstmNet.Layers.Dense.ParameterOffset).Softmax();
        float[] padded = PaddedInputs(batch, 6, 1, 0f);
        // Token indices 1 to 6 where the steps count, 0 where they are padding.
        float[] indices = padded.Select((v, i) => v == 0 ? 0f : 1 + i * 5 % 6).ToArray();
        ConvolutionalGradientTests.Check(new MaskZeroLstmNet(seed: 24), reference, batch, indices);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_concat_of_the_last_states(int batch)
        => ConvolutionalGradientTests.Check(new MaskedConcatLastBiLstmNet(seed: 25),
            Masked(6, 3, 0.0, out _).Bidirectional(4, 0, "concat", masked: true).EndMask()
                .Dense(3, MaskedConcatLastBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_ave_of_the_last_states(int batch)
        => ConvolutionalGradientTests.Check(new MaskedAveLastBiLstmNet(seed: 26),
            Masked(6, 2, 0.0, out _).Bidirectional(5, 0, "ave", masked: true).EndMask()
                .Dense(2, MaskedAveLastBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 2, 0f));

    [Theory]
    [InlineData(1, "concat")]
    [InlineData(3, "concat")]
    [InlineData(1, "sum")]
    [InlineData(3, "sum")]
    [InlineData(1, "mul")]
    [InlineData(3, "mul")]
    public void Bidirectional_sequences_give_zeros_at_masked_steps_and_hand_the_mask_on(int batch, string mode)
    {
        (Model model, int features, int units, int second, int dense) = mode switch
        {
            "concat" => ((Model)new MaskedConcatSequenceBiLstmNet(seed: 27), 3, 4, MaskedConcatSequenceBiLstmNet.Layers.Lstm1.ParameterOffset, MaskedConcatSequenceBiLstmNet.Layers.Dense.ParameterOffset),
            "sum" => (new MaskedSumSequenceBiLstmNet(seed: 28), 3, 4, MaskedSumSequenceBiLstmNet.Layers.Lstm1.ParameterOffset, MaskedSumSequenceBiLstmNet.Layers.Dense.ParameterOffset),
            _ => (new MaskedMulSequenceBiLstmNet(seed: 29), 2, 3, MaskedMulSequenceBiLstmNet.Layers.Lstm1.ParameterOffset, MaskedMulSequenceBiLstmNet.Layers.Dense.ParameterOffset),
        };
        ImageReference reference = Masked(5, features, 0.0, out ImageReference r).Bidirectional(units, 0, mode, returnSequences: true, masked: true)
            .Lstm(3, second, stepMask: r.StepMask).EndMask().Dense(2, dense).Softmax();
        ConvolutionalGradientTests.Check(model, reference, batch, PaddedInputs(batch, 5, features, 0f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_ave_of_sequences_read_backwards(int batch)
        => ConvolutionalGradientTests.Check(new MaskedAveSequenceBiLstmNet(seed: 30),
            Masked(5, 3, 0.0, out ImageReference r).Bidirectional(4, 0, "ave", returnSequences: true, masked: true, layerGoesBackwards: true)
                .Lstm(3, MaskedAveSequenceBiLstmNet.Layers.Lstm1.ParameterOffset, stepMask: r.StepMask).EndMask()
                .Dense(2, MaskedAveSequenceBiLstmNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 5, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TimeDistributed_dense_passes_the_mask_to_the_lstm(int batch)
        => ConvolutionalGradientTests.Check(new MaskedTimeDistributedNet(seed: 31),
            Masked(6, 3, 0.0, out ImageReference r).Dense(4, 0).Tanh()
                .Lstm(3, MaskedTimeDistributedNet.Layers.Lstm.ParameterOffset, stepMask: r.StepMask).EndMask()
                .Dense(2, MaskedTimeDistributedNet.Layers.Dense1.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Functional_masked_encoder_with_a_time_distributed_projection(int batch)
        => ConvolutionalGradientTests.Check(new FunctionalMaskedNet(seed: 32),
            Masked(5, 3, 0.0, out ImageReference r).Bidirectional(4, 0, "sum", returnSequences: true, masked: true)
                .Dense(3, FunctionalMaskedNet.Layers.Projected.ParameterOffset)
                .Lstm(3, FunctionalMaskedNet.Layers.Final.ParameterOffset, stepMask: r.StepMask).EndMask()
                .Dense(2, FunctionalMaskedNet.Layers.Head.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 5, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Masking_after_weights_passes_the_gradient_of_the_steps_that_count(int batch)
    {
        var model = new MaskingAfterWeightsNet(seed: 34);
        var reference = new ImageReference(6, 3);
        reference.Dense(3, 0).Relu().Masking(0.0).Lstm(4, MaskingAfterWeightsNet.Layers.Lstm.ParameterOffset, stepMask: reference.StepMask).EndMask()
            .Dense(2, MaskingAfterWeightsNet.Layers.Dense1.ParameterOffset).Softmax();
        // Steps whose every relu is off (all features far below zero against the positive kernel's columns) are masked.
        float[] x = MaskGradientTests.PaddedInputs(batch, 6, 3, -50f);
        float[] kernel = model.Parameters.Slice(0, 9).ToArray();
        for (int i = 0; i < kernel.Length; i++) model.Parameters[i] = Math.Abs(kernel[i]) + 0.1f;
        ConvolutionalGradientTests.Check(model, reference, batch, x);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SimpleRnn_returning_its_last_step_carries_it_past_the_padding(int batch)
        => ConvolutionalGradientTests.Check(new MaskedLastStepSimpleRnnNet(seed: 35),
            Masked(6, 3, 0.0, out ImageReference r).SimpleRnn(4, 0, stepMask: r.StepMask).EndMask()
                .Dense(3, MaskedLastStepSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SimpleRnn_read_backwards_hands_its_sequence_and_the_mask_on(int batch)
        => ConvolutionalGradientTests.Check(new MaskedSequenceSimpleRnnNet(seed: 36),
            Masked(5, 3, 0.0, out ImageReference r).SimpleRnn(4, 0, returnSequences: true, goBackwards: true, stepMask: r.StepMask)
                .SimpleRnn(3, MaskedSequenceSimpleRnnNet.Layers.SimpleRnn1.ParameterOffset, stepMask: r.StepMask).EndMask()
                .Dense(2, MaskedSequenceSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 5, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Gru_returning_its_last_step_carries_it_past_the_padding(int batch)
        => ConvolutionalGradientTests.Check(new MaskedLastStepGruNet(seed: 37),
            Masked(6, 3, 0.0, out ImageReference r).Gru(4, 0, stepMask: r.StepMask).EndMask()
                .Dense(3, MaskedLastStepGruNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Gru_reset_before_read_backwards_hands_its_sequence_and_the_mask_on(int batch)
        => ConvolutionalGradientTests.Check(new MaskedSequenceGruNet(seed: 38),
            Masked(5, 3, -1.0, out ImageReference r).Gru(4, 0, returnSequences: true, goBackwards: true, resetAfter: false, stepMask: r.StepMask)
                .Gru(3, MaskedSequenceGruNet.Layers.Gru1.ParameterOffset, stepMask: r.StepMask).EndMask()
                .Dense(2, MaskedSequenceGruNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 5, 3, -1f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Embedding_mask_zero_masks_index_zero_for_a_gru(int batch)
    {
        var reference = new ImageReference(6);
        reference.MaskZero().Embedding(7, 3, 0).Gru(4, MaskZeroGruNet.Layers.Gru.ParameterOffset, stepMask: reference.StepMask).EndMask()
            .Dense(2, MaskZeroGruNet.Layers.Dense.ParameterOffset).Softmax();
        float[] indices = PaddedInputs(batch, 6, 1, 0f).Select((v, i) => v == 0 ? 0f : 1 + i * 5 % 6).ToArray();
        ConvolutionalGradientTests.Check(new MaskZeroGruNet(seed: 39), reference, batch, indices);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_gru_sequences_give_zeros_at_masked_steps_and_hand_the_mask_on(int batch)
        => ConvolutionalGradientTests.Check(new MaskedConcatSequenceBiGruNet(seed: 40),
            Masked(5, 3, 0.0, out ImageReference r).BidirectionalGru(4, 0, "concat", returnSequences: true, masked: true)
                .Lstm(3, MaskedConcatSequenceBiGruNet.Layers.Lstm.ParameterOffset, stepMask: r.StepMask).EndMask()
                .Dense(2, MaskedConcatSequenceBiGruNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 5, 3, 0f));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Bidirectional_simple_rnn_sums_the_last_states(int batch)
        => ConvolutionalGradientTests.Check(new MaskedSumLastBiSimpleRnnNet(seed: 41),
            Masked(6, 2, 0.0, out _).BidirectionalSimpleRnn(3, 0, "sum", masked: true).EndMask()
                .Dense(2, MaskedSumLastBiSimpleRnnNet.Layers.Dense.ParameterOffset).Softmax(), batch, PaddedInputs(batch, 6, 2, 0f));

    /// <summary>A reference starting with Keras's Masking, and itself (its mask for the recurrent layers after it).</summary>
    private static ImageReference Masked(int steps, int features, double maskValue, out ImageReference reference)
    {
        reference = new ImageReference(steps, features);
        return reference.Masking(maskValue);
    }

    /// <summary>
    /// Gaussian values for <paramref name="batch"/> samples, with every feature of the padded steps set to <paramref name="padding"/>:
    /// sample 0 pads its first, third and last steps (padding at both ends, a gap in the middle), sample 1 every step, sample 2 its first two.
    /// </summary>
    internal static float[] PaddedInputs(int batch, int steps, int features, float padding)
    {
        var random = new SeededRandom(41);
        float[] x = Enumerable.Range(0, batch * steps * features).Select(_ => (float)random.NextGaussian()).ToArray();
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                if (IsPadding(b, t, steps))
                    Array.Fill(x, padding, (b * steps + t) * features, features);
        return x;
    }

    /// <summary>Whether step <paramref name="t"/> of sample <paramref name="b"/> is padding in <see cref="PaddedInputs"/>.</summary>
    internal static bool IsPadding(int b, int t, int steps) => (b % 3) switch
    {
        0 => t == 0 || t == 2 || t == steps - 1,
        1 => true,
        _ => t < 2,
    };
}
