using ScottPlot;

namespace Compiled.Plots;

/// <summary>Keras users plot <c>history.history</c> with matplotlib; this draws the same picture from a <see cref="History"/>.</summary>
public static class TrainingCurves
{
    /// <summary>
    /// Saves a PNG of every logged value per epoch: losses (<c>loss</c>, <c>val_loss</c>) on the left axis,
    /// metrics (accuracies) on the right one.
    /// </summary>
    /// <param name="history">What <c>Fit</c> returned.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SavePng(this History history, string path, string title = "Training", int width = 800, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs == 0) throw new ArgumentException("The history has no epochs to plot.", nameof(history));
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Width and height must be positive; got {width} x {height}.");

        Plot plot = new();
        double[] epochs = Enumerable.Range(1, history.Epochs).Select(e => (double)e).ToArray();
        bool anyMetric = false;
        foreach (string name in history.Names)
        {
            var line = plot.Add.Scatter(epochs, history[name].ToArray());
            line.LegendText = name;
            line.MarkerSize = history.Epochs > 40 ? 0 : 4;
            if (name.EndsWith("loss", StringComparison.Ordinal)) continue;
            line.Axes.YAxis = plot.Axes.Right;
            anyMetric = true;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        if (anyMetric) plot.Axes.Right.Label.Text = "metric";
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(path, width, height);
    }
}
