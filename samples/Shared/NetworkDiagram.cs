using System.Diagnostics;
using Compiled;

namespace Samples;

/// <summary>
/// Writes a model's Graphviz description and, when Graphviz's <c>dot</c> is installed, draws it as a PNG: Keras's
/// <c>plot_model(model, show_shapes=True)</c>. One file, linked into each sample that draws its network.
/// </summary>
public static class NetworkDiagram
{
    /// <returns>The PNG's path, or null when <c>dot</c> is not available (the .dot file is written either way).</returns>
    public static string? Save(Model model, string pathWithoutExtension)
    {
        string dotPath = pathWithoutExtension + ".dot", pngPath = pathWithoutExtension + ".png";
        File.WriteAllText(dotPath, model.ToDot());
        try
        {
            using Process? dot = Process.Start(new ProcessStartInfo("dot", ["-Tpng", dotPath, "-o", pngPath]) { RedirectStandardError = true });
            if (dot is null) return null;
            dot.WaitForExit();
            return dot.ExitCode == 0 ? pngPath : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // Graphviz is not installed: the .dot file is still there to render elsewhere.
        }
    }
}
