using System.Text.Json;

namespace Compiled;

/// <summary>The settings tf.keras 2.4 writes for Adam, Adamax and Nadam alike, in its order: <c>learning_rate</c>, <c>decay</c>, <c>beta_1</c>, <c>beta_2</c>, <c>epsilon</c>.</summary>
internal static class MomentSettings
{
    public static void Write(Utf8JsonWriter writer, Optimizer optimizer, double learningRate, double decay, double beta1, double beta2, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(writer);
        optimizer.WriteLearningRate(writer, learningRate);
        writer.WritePythonFloat("decay", decay);
        writer.WritePythonFloat("beta_1", beta1);
        writer.WritePythonFloat("beta_2", beta2);
        writer.WritePythonFloat("epsilon", epsilon);
    }
}
