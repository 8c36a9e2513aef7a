using System.Text.Json;

namespace Compiled;

/// <summary>
/// The Keras configuration entries every recurrent layer (LSTM, GRU) writes and compares alike: tf.keras 2.4's RNN
/// entries, the cell's units, activations, bias and initializers, its null regularizers and constraints and its rates;
/// and the comparison of what determines the computation, or is refused because Compiled does not compute it.
/// </summary>
internal static class RecurrentKerasConfig
{
    /// <summary>
    /// The RNN's entries (<c>return_sequences</c>, <c>return_state</c>, <c>go_backwards</c>, <c>stateful</c>, <c>unroll</c>,
    /// <c>time_major</c>), then the cell's <c>units</c>, activations, <c>use_bias</c> and initializers, in tf.keras 2.4's order.
    /// </summary>
    public static void WriteLeading(Utf8JsonWriter writer, bool returnSequences, bool goBackwards, int units, Activation activation, Activation recurrentActivation,
        bool useBias, Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer)
    {
        writer.WriteBoolean("return_sequences", returnSequences);
        writer.WriteBoolean("return_state", false);
        writer.WriteBoolean("go_backwards", goBackwards);
        writer.WriteBoolean("stateful", false);
        writer.WriteBoolean("unroll", false);
        writer.WriteBoolean("time_major", false);
        writer.WriteNumber("units", units);
        writer.WriteString("activation", KerasJson.ActivationName(activation));
        writer.WriteString("recurrent_activation", KerasJson.ActivationName(recurrentActivation));
        writer.WriteBoolean("use_bias", useBias);
        KerasInitializerConfig.Write(writer, "kernel_initializer", kernelInitializer);
        KerasInitializerConfig.Write(writer, "recurrent_initializer", recurrentInitializer);
        KerasInitializerConfig.Write(writer, "bias_initializer", biasInitializer);
    }

    /// <summary>The cell's null regularizers and constraints, <c>dropout</c>, no <c>recurrent_dropout</c>, and <c>implementation</c> 2.</summary>
    public static void WriteTrailing(Utf8JsonWriter writer, double dropout)
    {
        foreach (string none in (string[])["kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                     "kernel_constraint", "recurrent_constraint", "bias_constraint"])
            writer.WriteNull(none);
        writer.WritePythonFloat("dropout", dropout);
        writer.WritePythonFloat("recurrent_dropout", 0);
        writer.WriteNumber("implementation", 2);
    }

    /// <summary>
    /// The first difference in <c>units</c>, the activations, the <paramref name="flags"/> (the layer's own booleans, then
    /// <c>return_state</c>, <c>stateful</c> and <c>time_major</c>, which must be false) or <c>dropout</c>, or a
    /// <c>recurrent_dropout</c> Compiled does not compute; null when the file agrees (entries it omits agree).
    /// </summary>
    public static string? Compare(JsonElement config, string kerasClass, string expectedBy, int units, Activation activation, Activation recurrentActivation,
        double dropout, params (string Entry, bool Expected)[] flags)
    {
        if (KerasJson.Has(config, "units", out JsonElement fileUnits) && !KerasJson.IsInteger(fileUnits, units))
            return $"the file's {kerasClass} has units {fileUnits}; {expectedBy} expects {units}";
        foreach ((string entry, Activation expected) in new[] { ("activation", activation), ("recurrent_activation", recurrentActivation) })
        {
            string name = KerasJson.ActivationName(expected);
            if (KerasJson.String(config, entry) is string found && found != name)
                return $"the file's {kerasClass} has {entry} '{found}'; {expectedBy} expects '{name}'";
        }
        foreach ((string entry, bool expected) in flags.Concat([("return_state", false), ("stateful", false), ("time_major", false)]))
        {
            if (KerasJson.Has(config, entry, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False && value.GetBoolean() != expected)
                return $"the file's {kerasClass} has {entry} {KerasJson.PythonBool(value.GetBoolean())}; {expectedBy} expects {KerasJson.PythonBool(expected)}";
        }
        // Keras keeps a rate as a Python float, so its 0.2 reads back as the double 0.2.
        if (KerasJson.Has(config, "dropout", out JsonElement fileDropout) && !KerasJson.IsNumber(fileDropout, dropout))
            return $"the file's {kerasClass} has dropout {fileDropout}; {expectedBy} expects {BatchNormalizationLayer.PythonFloat(dropout)}";
        if (KerasJson.Has(config, "recurrent_dropout", out JsonElement recurrent) && !KerasJson.IsNumber(recurrent, 0))
            return $"the file's {kerasClass} has recurrent_dropout {recurrent}; {expectedBy} expects 0.0 (Compiled's {kerasClass} has no recurrent dropout)";
        return null;
    }
}
