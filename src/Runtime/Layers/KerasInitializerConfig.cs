using System.Text.Json;

namespace Compiled;

/// <summary>Writes an initializer as Keras serializes it: <c>{"class_name": "GlorotUniform", "config": {"seed": null}}</c>.</summary>
internal static class KerasInitializerConfig
{
    public static void Write(Utf8JsonWriter writer, string name, Initializer? initializer)
    {
        writer.WritePropertyName(name);
        writer.WriteStartObject();
        // The named Glorot/He/LeCun classes derive from VarianceScaling, so they are matched first: Keras writes
        // them under their own names with the seed as the only setting.
        switch (initializer)
        {
            case GlorotUniform or GlorotNormal or HeNormal or HeUniform or LecunNormal or LecunUniform:
                writer.WriteString("class_name", initializer.GetType().Name);
                writer.WriteStartObject("config");
                writer.WriteNullableNumber("seed", ((VarianceScaling)initializer).Seed);
                writer.WriteEndObject();
                break;
            case VarianceScaling scaling:
                writer.WriteString("class_name", "VarianceScaling");
                writer.WriteStartObject("config");
                writer.WritePythonFloat("scale", scaling.Scale);
                writer.WriteString("mode", scaling.Mode switch { FanMode.FanIn => "fan_in", FanMode.FanOut => "fan_out", _ => "fan_avg" });
                writer.WriteString("distribution", scaling.Distribution switch
                {
                    ScalingDistribution.Uniform => "uniform",
                    ScalingDistribution.UntruncatedNormal => "untruncated_normal",
                    _ => "truncated_normal",
                });
                writer.WriteNullableNumber("seed", scaling.Seed);
                writer.WriteEndObject();
                break;
            case RandomNormal normal:
                writer.WriteString("class_name", "RandomNormal");
                writer.WriteStartObject("config");
                writer.WritePythonFloat("mean", normal.Mean);
                writer.WritePythonFloat("stddev", normal.Stddev);
                writer.WriteNullableNumber("seed", normal.Seed);
                writer.WriteEndObject();
                break;
            case RandomUniform uniform:
                writer.WriteString("class_name", "RandomUniform");
                writer.WriteStartObject("config");
                writer.WritePythonFloat("minval", uniform.Minval);
                writer.WritePythonFloat("maxval", uniform.Maxval);
                writer.WriteNullableNumber("seed", uniform.Seed);
                writer.WriteEndObject();
                break;
            case Orthogonal orthogonal:
                writer.WriteString("class_name", "Orthogonal");
                writer.WriteStartObject("config");
                writer.WritePythonFloat("gain", orthogonal.Gain);
                writer.WriteNullableNumber("seed", orthogonal.Seed);
                writer.WriteEndObject();
                break;
            case Constant constant:
                writer.WriteString("class_name", "Constant");
                writer.WriteStartObject("config");
                writer.WritePythonFloat("value", constant.Value);
                writer.WriteEndObject();
                break;
            case null or Zeros:
                // Dense without a bias still carries bias_initializer in Keras's config: its default, zeros.
                writer.WriteString("class_name", "Zeros");
                writer.WriteStartObject("config");
                writer.WriteEndObject();
                break;
            case Ones:
                writer.WriteString("class_name", "Ones");
                writer.WriteStartObject("config");
                writer.WriteEndObject();
                break;
            default:
                // A user's own initializer: Keras loads it only with custom_objects={name: class}, as for any custom object.
                writer.WriteString("class_name", initializer.GetType().Name);
                writer.WriteStartObject("config");
                writer.WriteEndObject();
                break;
        }
        writer.WriteEndObject();
    }
}
