using Compiled.Kernels;
using Compiled.Onnx;
using Compiled.Tests.Hdf5;
using Compiled.Tests.Onnx;

namespace Compiled.Tests.Layers;

/// <summary>
/// What Keras's masks mean at run time: padded steps change nothing, wherever they are; the Masking layer's mask and
/// values; a masked network saved and loaded; its refusal to export to ONNX; the same bits on any thread count.
/// </summary>
[Collection(nameof(Training.AllocationCounting))]
public class MaskTests
{
    [Fact]
    public void Padding_anywhere_predicts_as_the_same_steps_after_leading_padding()
    {
        // From zero states, leading padding is no step at all; Keras's mask makes every padded step the same no-op.
        var model = new MaskedSequenceLstmNet(seed: 3);
        ConvolutionalOnnxTests.Perturb(model, seed: 4);
        float[] a = [0.5f, -1f, 2f], b = [1.5f, 0.25f, -0.5f], c = [-2f, 1f, 0.75f], pad = [0f, 0f, 0f];
        float[] scattered = [.. pad, .. a, .. pad, .. b, .. c];
        float[] leading = [.. pad, .. pad, .. a, .. b, .. c];
        float[] unpadded = [.. a, .. b, .. c, .. a, .. b];
        float[] predicted = model.Predict([.. scattered, .. leading, .. unpadded]);
        Assert.Equal(predicted[..2], predicted[2..4]);
        Assert.NotEqual(predicted[..2], predicted[4..]);
    }

    [Fact]
    public void A_padded_step_left_out_changes_nothing_but_a_counted_one_does()
    {
        var model = new MaskedLastStepLstmNet(seed: 5);
        ConvolutionalOnnxTests.Perturb(model, seed: 6);
        float[] x = MaskGradientTests.PaddedInputs(1, 6, 3, 0f);
        float[] expected = model.Predict(x);
        // The last step is padding: the state of step 4 is the output, so what step 5 would have been does not matter.
        float[] lastChanged = (float[])x.Clone();
        lastChanged[15] = 1e-30f;
        Assert.NotEqual(expected, model.Predict(lastChanged));
        float[] countedChanged = (float[])x.Clone();
        countedChanged[4 * 3] += 0.5f;
        Assert.NotEqual(expected, model.Predict(countedChanged));
    }

    [Fact]
    public void Masking_zeroes_padded_steps_and_masks_them_and_passes_the_gradient_of_the_others()
    {
        // Steps of 4 features: a NaN and a -0 compared as Keras compares them (NaN differs, -0 equals 0).
        float[] x = [0, 0, 0, 0, 1, 0, 0, 0, float.NaN, 0, 0, 0, -0f, 0, 0, -0f, 2, 3, 4, 5];
        float[] y = new float[20], mask = new float[5];
        Masking.Forward(x, y, mask, 5, 4, 0f);
        Assert.Equal([0f, 1f, 1f, 0f, 1f], mask);
        Assert.Equal([0, 0, 0, 0, 1, 0, 0, 0, float.NaN, 0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 5], y);
        Masking.Forward(x, y, mask, 5, 4, float.NaN);
        Assert.Equal([1f, 1f, 1f, 1f, 1f], mask);

        float[] dy = Enumerable.Range(1, 20).Select(i => (float)i).ToArray(), dx = Enumerable.Repeat(100f, 20).ToArray();
        Masking.Forward(x, y, mask, 5, 4, 0f);
        Masking.Backward(dy, mask, dx, 5, 4);
        Assert.Equal([0, 0, 0, 0, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0, 17, 18, 19, 20], dx);
        Masking.Backward(dy, mask, dx, 5, 4, accumulate: true);
        Assert.Equal([0, 0, 0, 0, 10, 12, 14, 16, 18, 20, 22, 24, 0, 0, 0, 0, 34, 36, 38, 40], dx);
    }

    [Fact]
    public void The_recurrent_mask_kernels_carry_states_skip_steps_and_zero_outputs_in_processing_order()
    {
        // Two samples, three steps, read backwards: sample 0 pads time 2 (processing step 0), sample 1 time 0 (step 2).
        float[] mask = [1, 1, 0, 0, 1, 1];
        float[] states = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6];
        RecurrentMask.CarryStates(mask, states, 0, 2, 3, 2, goBackwards: true);
        RecurrentMask.CarryStates(mask, states, 2, 2, 3, 2, goBackwards: true);
        Assert.Equal([0, 0, 2, 2, 3, 3, 4, 4, 5, 5, 4, 4], states);

        float[] hidden = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6], gates = Enumerable.Repeat(7f, 12).ToArray();
        RecurrentMask.SkipMaskedSteps(mask, hidden, gates, 2, 2, 3, 2, 2, goBackwards: true);
        Assert.Equal([1, 1, 2, 2, 3, 3, 10, 10, 5, 5, 6, 6], hidden);
        Assert.Equal([7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0], gates);

        float[] kept = new float[4], carried = [1, 2, 3, 4];
        RecurrentMask.CopyMaskedRows(mask, carried, kept, 2, 2, 3, 2, goBackwards: true);
        Assert.Equal([0, 0, 3, 4], kept);

        float[] sequence = Enumerable.Range(1, 12).Select(i => (float)i).ToArray();
        RecurrentMask.ZeroMaskedSteps(mask, sequence, 2, 3, 2, goBackwards: true);
        Assert.Equal([0, 0, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0], sequence);
    }

    [Fact]
    public void Masked_networks_save_and_load_with_their_masks_and_resume_training_identically()
    {
        var model = new FunctionalMaskedNet(seed: 7);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(lr: 0.05, momentum: 0.5));
        float[] x = MaskGradientTests.PaddedInputs(3, 5, 3, 0f);
        float[] y = [1, 0, 0, 1, 1, 0];
        model.TrainOnBatch(x, y);
        FunctionalMaskedNet loaded = SavedModelRoundTrip.Assert(model, x, y);
        var masking = (MaskingLayer)loaded.Architecture.Single(l => l is MaskingLayer);
        Assert.Equal(0.0, masking.MaskValue);
    }

    [Theory]
    [InlineData(typeof(MaskedLastStepLstmNet), "Masking 'masking' masks padded steps")]
    [InlineData(typeof(MaskZeroLstmNet), "Embedding 'embedding' masks padded steps")]
    public void Masked_networks_refuse_onnx_export_naming_the_layer_that_makes_the_mask(Type network, string start)
    {
        var model = (Model)Activator.CreateInstance(network)!;
        NotSupportedException refused = Assert.Throws<NotSupportedException>(() => OnnxExport.ToOnnx(model));
        Assert.StartsWith(start, refused.Message, StringComparison.Ordinal);
        Assert.Contains("sequence_lens", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_gives_identical_bits_for_any_thread_count()
        // Sample b pads its last 3·b steps, and every sample its steps 10 to 19.
        => ThreadCountTraining.AssertIdenticalBitsForAnyThreadCount(() => new MaskedSpeechNet(seed: 3), x =>
        {
            for (int b = 0; b < 32; b++)
                for (int t = 0; t < 100; t++)
                    if (t >= 100 - 3 * b || t is >= 10 and < 20) Array.Clear(x, (b * 100 + t) * 40, 40);
        });
}
