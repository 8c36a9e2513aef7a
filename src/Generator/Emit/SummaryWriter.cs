using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Compiled.Generator.Models;

namespace Compiled.Generator.Emit;

/// <summary>
/// The model summary in tf.keras 2's layout (<c>utils/layer_utils.py</c>, <c>print_summary</c>): for a
/// chain, three columns ending at 45%, 85% and 100% of 65 characters, long fields wrapped the way Keras
/// wraps them. Trailing spaces are trimmed.
/// </summary>
internal static class SummaryWriter
{
    private const int LineLength = 65;
    private static readonly int[] Positions = { 29, 55, 65 };
    private static readonly string[] LineBreaks = { "),", "},", "],", "'," };

    public static string Write(ModelSpec model)
    {
        List<string> lines = new()
        {
            $"Model: \"{model.ModelName}\"",
            new string('_', LineLength),
        };
        Row(lines, "Layer (type)", "Output Shape", "Param #");
        lines.Add(new string('=', LineLength));
        foreach (LayerSpec layer in model.Layers)
        {
            Row(lines, $"{layer.Name} ({layer.KerasClass})", Shapes.Format(layer.OutputShape), layer.ParameterCount.ToString(CultureInfo.InvariantCulture));
            lines.Add("");
        }
        lines.Add(new string('=', LineLength));
        string total = model.ParameterCount.ToString("#,0", CultureInfo.InvariantCulture);
        lines.Add($"Total params: {total}");
        lines.Add($"Trainable params: {total}");
        lines.Add("Non-trainable params: 0");
        lines.Add(new string('_', LineLength));
        return string.Join("\n", lines) + "\n";
    }

    private static void Row(List<string> lines, params string[] fields)
    {
        string[] left = fields.ToArray();
        while (left.Any(f => f.Length > 0))
        {
            StringBuilder line = new();
            for (int column = 0; column < left.Length; column++)
            {
                int start = column > 0 ? Positions[column - 1] : 0;
                int space = column != Positions.Length - 1 ? 2 : 0;
                int cutoff = Positions[column] - start - space;
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
                if (line.Length < Positions[column]) line.Append(' ', Positions[column] - line.Length);
            }
            lines.Add(line.ToString().TrimEnd());
        }
    }
}
