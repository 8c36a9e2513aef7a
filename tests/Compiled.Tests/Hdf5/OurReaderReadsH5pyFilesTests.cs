using Compiled.Hdf5;
using Samples.Iris;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Files that h5py writes in Keras's layout, without Keras and without our writer, load: Keras 2.3's fixed-length
/// NULLPAD name lists and Keras 2.11's variable-length UTF-8 ones, with the training configuration and optimizer state.
/// </summary>
public class OurReaderReadsH5pyFilesTests
{
    [SkippableFact]
    public void Keras_2_3_layout_with_fixed_length_names_loads_weights_and_compiles_plain_sgd()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("fixed.h5");
        H5py.Run("write_keras_h5.py", path, "fixed");

        IrisNet model = Model.Load<IrisNet>(path, out ModelLoadReport report);

        AssertPattern(model.Dense.Kernel, model.Dense.Bias, 4, 16, 1);
        AssertPattern(model.Dense1.Kernel, model.Dense1.Bias, 16, 3, 2);
        Assert.Equal("2.3.1", report.KerasVersion);
        Assert.True(report.IsCompiled);
        Assert.Null(report.TrainingConfigIgnored);
        Assert.False(report.OptimizerStateRestored);
        var sgd = Assert.IsType<SGD>(model.Optimizer);
        Assert.Equal(0.05, sgd.LearningRate);   // given as Keras 2.2's 'lr'
        Assert.Equal(0, sgd.Momentum);
        Assert.Equal(0, sgd.Iterations);
        Assert.Same(Loss.CategoricalCrossentropy, model.Loss);
        Assert.Equal([Metric.Accuracy], model.Metrics);   // 'accuracy', categorical on its 3 outputs once compiled
    }

    [SkippableFact]
    public void Keras_2_11_layout_with_variable_length_names_restores_sgd_state()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("vlen.h5");
        H5py.Run("write_keras_h5.py", path, "vlen");

        IrisNet model = Model.Load<IrisNet>(path, out ModelLoadReport report);

        AssertPattern(model.Dense.Kernel, model.Dense.Bias, 4, 16, 1);
        AssertPattern(model.Dense1.Kernel, model.Dense1.Bias, 16, 3, 2);
        Assert.Equal("2.11.0", report.KerasVersion);
        Assert.True(report.IsCompiled);
        Assert.True(report.OptimizerStateRestored);
        var sgd = Assert.IsType<SGD>(model.Optimizer);
        Assert.Equal((0.05, 0.9, 0.001, true), (sgd.LearningRate, sgd.Momentum, sgd.Decay, sgd.Nesterov));
        Assert.Equal(7, sgd.Iterations);
        Assert.Equal([Metric.Accuracy], model.Metrics);   // a MeanMetricWrapper of categorical_accuracy named 'accuracy'
        ReadOnlySpan<float> velocity = sgd.Velocity;
        AssertPattern(velocity.Slice(0, 64), velocity.Slice(64, 16), 4, 16, 3);
        AssertPattern(velocity.Slice(80, 48), velocity.Slice(128, 3), 16, 3, 4);
    }

    [SkippableFact]
    public void Load_weights_reads_both_layouts_into_an_existing_model_and_keeps_its_compile_settings()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        foreach (string mode in new[] { "fixed", "vlen" })
        {
            string path = directory.File(mode + ".h5");
            H5py.Run("write_keras_h5.py", path, mode);
            var model = new IrisNet(seed: 1);
            var sgd = new SGD(lr: 0.3);
            model.Compile(Loss.MeanSquaredError, sgd);

            model.LoadWeights(path);

            AssertPattern(model.Dense.Kernel, model.Dense.Bias, 4, 16, 1);
            AssertPattern(model.Dense1.Kernel, model.Dense1.Bias, 16, 3, 2);
            Assert.Same(sgd, model.Optimizer);
            Assert.Same(Loss.MeanSquaredError, model.Loss);
        }
    }

    [SkippableFact]
    public void A_tf_keras_2_4_file_compiled_with_adam_loads_compiled_with_its_moments()
    {
        H5py.Require();
        using var directory = new TempDirectory();
        string path = directory.File("adam.h5");
        H5py.Run("write_keras_h5.py", path, "adam");

        IrisNet model = Model.Load<IrisNet>(path, out ModelLoadReport report);

        Assert.True(report.IsCompiled, report.TrainingConfigIgnored);
        Assert.True(report.OptimizerStateRestored);
        var adam = Assert.IsType<Adam>(model.Optimizer);
        Assert.Equal((0.0011449999874457717, 0.8999999761581421, 0.9990000128746033, 1e-8, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        Assert.Equal(12, adam.Iterations);
        // m is the momentum pattern (scales 3 and 4), v its absolute value halved, each laid out as the parameters.
        float[] m = adam.GetSlot(0).ToArray(), v = adam.GetSlot(1).ToArray();
        AssertPattern(m.AsSpan(0, 64), m.AsSpan(64, 16), 4, 16, 3);
        AssertPattern(m.AsSpan(80, 48), m.AsSpan(128, 3), 16, 3, 4);
        Assert.Equal(m.Select(x => Math.Abs(x) / 2), v);
        float before = model.Parameters[0];
        model.TrainOnBatch(new float[4], [1f, 0f, 0f]);
        Assert.Equal(13, adam.Iterations);
        Assert.NotEqual(before, model.Parameters[0]);
    }

    /// <summary>The pattern write_keras_h5.py writes: kernel[i, j] = scale (i·units + j + 1) / 1000 · (-1)^(i+j), bias[j] = -scale (j + 1) / 100.</summary>
    private static void AssertPattern(ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, int inputs, int units, double scale)
    {
        Assert.Equal(inputs * units, kernel.Length);
        for (int i = 0; i < inputs; i++)
            for (int j = 0; j < units; j++)
                Assert.Equal((float)(scale * (i * units + j + 1) / 1000 * ((i + j) % 2 == 0 ? 1 : -1)), kernel[i * units + j]);
        Assert.Equal(units, bias.Length);
        for (int j = 0; j < units; j++) Assert.Equal((float)(-scale * (j + 1) / 100), bias[j]);
    }
}
