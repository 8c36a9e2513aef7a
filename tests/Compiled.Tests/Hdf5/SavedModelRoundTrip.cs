using Compiled.Hdf5;

namespace Compiled.Tests.Hdf5;

/// <summary>The save-and-load check of the layer tests: a trained model saved and loaded predicts, and trains on, identically.</summary>
internal static class SavedModelRoundTrip
{
    /// <summary>
    /// Saves <paramref name="model"/> (compiled, trained some steps on <paramref name="x"/> and <paramref name="y"/>), loads it
    /// with its optimizer state, and asserts the same parameters, predictions and next training step.
    /// </summary>
    public static TModel Assert<TModel>(TModel model, float[] x, float[] y) where TModel : Model, new()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.h5");
        model.Save(path);
        TModel loaded = Model.Load<TModel>(path, out ModelLoadReport report);

        Xunit.Assert.True(report.OptimizerStateRestored, typeof(TModel).Name);
        Xunit.Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Xunit.Assert.Equal(model.Predict(x), loaded.Predict(x));
        model.TrainOnBatch(x, y);
        loaded.TrainOnBatch(x, y);
        Xunit.Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        return loaded;
    }
}
