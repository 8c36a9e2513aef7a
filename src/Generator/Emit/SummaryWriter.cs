using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Compiled.Generator.Layers;
using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// The model summary in tf.keras 2's layout (<c>utils/layer_utils.py</c>, <c>print_summary</c>): for a
/// chain, three columns ending at 45%, 85% and 100% of 65 characters; for a graph that branches or merges,
/// four columns ending at 33%, 55%, 67% and 100% of 98, the last saying which layers feed each one. Long
/// fields are wrapped the way Keras wraps them. Trailing spaces are trimmed.
/// </summary>
internal static class SummaryWriter
{
    private static readonly int[] ChainPositions = { 29, 55, 65 };
    private static readonly int[] GraphPositions = { 32, 53, 65, 98 };
    private static readonly string[] LineBreaks = { "),", "},", "],", "'," };

    public static string Write(ModelSpec model)
    {
        bool chain = IsChain(model);
        int[] positions = chain ? ChainPositions : GraphPositions;
        int lineLength = positions[positions.Length - 1];
        List<string> lines = new()
        {
            $"Model: \"{model.ModelName}\"",
            new string('_', lineLength),
        };
        if (chain) Row(lines, positions, "Layer (type)", "Output Shape", "Param #");
        else Row(lines, positions, "Layer (type)", "Output Shape", "Param #", "Connected to");
        lines.Add(new string('=', lineLength));
        foreach (LayerSpec layer in model.Layers)
        {
            string shape = LayerKinds.Of(layer).IsInput ? "[" + Shapes.Format(layer.OutputShape) + "]" : Shapes.Format(layer.OutputShape);
            string name = $"{layer.Name} ({layer.KerasClass})";
            string parameters = (layer.ParameterCount + layer.StateCount).ToString(CultureInfo.InvariantCulture);
            if (chain)
                Row(lines, positions, name, shape, parameters);
            else
                Row(lines, positions, name, shape, parameters,
                    "[" + string.Join(", ", layer.Inputs.Select(i => $"'{model.Layers[i].Name}[0][0]'")) + "]");
            lines.Add("");
        }
        lines.Add(new string('=', lineLength));
        // Keras counts the non-trainable variables (BatchNormalization's moving statistics) in each layer's
        // parameters and in the total, then splits the total.
        lines.Add($"Total params: {Count((long)model.ParameterCount + model.StateCount)}");
        lines.Add($"Trainable params: {Count(model.ParameterCount)}");
        lines.Add($"Non-trainable params: {Count(model.StateCount)}");
        lines.Add(new string('_', lineLength));
        return string.Join("\n", lines) + "\n";
    }

    private static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Keras prints three columns when no layer takes several inputs and no two layers sit at one depth:
    /// one input, and every layer feeding at most one other.
    /// </summary>
    private static bool IsChain(ModelSpec model)
    {
        if (!model.IsFunctional) return true;
        if (model.InputLayers.Count != 1 || model.Layers.Any(l => l.Inputs.Count > 1)) return false;
        return model.Layers.Select((_, i) => model.Layers.Count(l => l.Inputs.Contains(i))).All(consumers => consumers <= 1);
    }

    private static void Row(List<string> lines, int[] positions, params string[] fields)
    {
        string[] left = fields.ToArray();
        while (left.Any(f => f.Length > 0))
        {
            StringBuilder line = new();
            for (int column = 0; column < left.Length; column++)
            {
                int start = column > 0 ? positions[column - 1] : 0;
                int space = column != positions.Length - 1 ? 2 : 0;
                int cutoff = positions[column] - start - space;
                string fit = left[column].Length > cutoff ? left[column].Substring(0, cutoff) : left[column];
                int[] breaks = LineBreaks.Select(b => fit.IndexOf(b, System.StringComparison.Ordinal) is var i and >= 0 ? i + b.Length : -1).Where(i => i >= 0).ToArray();
                if (breaks.Length > 0)
                {
                    cutoff = breaks.Min();
                    fit = fit.Substring(0, cutoff);
                }
                if (column == 0) line.Append(' ');
                line.Append(fit).Append(' ', space);
                left[column] = left[column].Length > cutoff ? left[column].Substring(cutoff) : "";
                if (line.Length < positions[column]) line.Append(' ', positions[column] - line.Length);
            }
            lines.Add(line.ToString().TrimEnd());
        }
    }
}
