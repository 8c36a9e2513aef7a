namespace Compiled.Hdf5;

/// <summary>
/// Everything read from a model file, held apart from the model until all of it has been read and checked:
/// a load that fails part-way must leave the model as it was.
/// </summary>
internal sealed class ModelFileContents(float[] parameters, float[] nonTrainableParameters)
{
    /// <summary>The trainable weights, laid out as the model's <see cref="Model.Parameters"/>.</summary>
    public float[] Parameters { get; } = parameters;

    /// <summary>The non-trainable weights, laid out as the model's <see cref="Model.NonTrainableParameters"/>.</summary>
    public float[] NonTrainableParameters { get; } = nonTrainableParameters;

    /// <summary>The file's <c>keras_version</c>, if any.</summary>
    public string? KerasVersion { get; init; }

    /// <summary>The file's <c>backend</c>, if any.</summary>
    public string? Backend { get; init; }

    /// <summary>The loss, metrics and optimizer to compile with, when the file has a usable <c>training_config</c>.</summary>
    public TrainingConfig? Training { get; set; }

    /// <summary>Why the file's <c>training_config</c> cannot be used, when it has one that cannot.</summary>
    public string? TrainingIgnored { get; set; }

    /// <summary>The optimizer's iteration count from <c>optimizer_weights</c>, when present.</summary>
    public long? Iterations { get; set; }

    /// <summary>The optimizer's slots from <c>optimizer_weights</c>, one per <see cref="Optimizer.SlotNames"/> entry, each laid out as the parameters.</summary>
    public float[][] Slots { get; set; } = [];

    /// <summary>Puts the weights into <paramref name="model"/>.</summary>
    public void CopyWeightsTo(Model model)
    {
        Parameters.CopyTo(model.Parameters);
        NonTrainableParameters.CopyTo(model.NonTrainableParameters);
    }
}
