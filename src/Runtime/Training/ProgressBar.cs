using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Compiled;

/// <summary>
/// Keras's <c>Progbar(width=30)</c>: at verbose 1 a bar redrawn in place on a terminal
/// (<c>5/5 [==============================] - 0s 2ms/step - loss: 0.9123 - categorical_accuracy: 0.6400</c>)
/// and only the finished line when output is redirected; at verbose 2 one line per epoch; nothing at 0.
/// </summary>
public sealed class ProgressBar
{
    private const int Width = 30;
    private static readonly long RedrawInterval = Stopwatch.Frequency / 20; // Keras redraws at most every 0.05 s

    private readonly int _target;
    private readonly int _verbose;
    private readonly TextWriter _writer;
    private readonly bool _dynamic;
    private readonly StringBuilder _line = new(160);
    private long _start;
    private long _lastRedraw;
    private int _previousWidth;

    /// <param name="target">Steps in the epoch.</param>
    /// <param name="verbose">0 silent, 1 bar, 2 one line per epoch.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="dynamic">Whether the writer is a terminal that can redraw a line in place.</param>
    public ProgressBar(int target, int verbose, TextWriter writer, bool dynamic)
    {
        (_target, _verbose, _writer, _dynamic) = (target, verbose, writer, dynamic);
        _start = _lastRedraw = Stopwatch.GetTimestamp();
    }

    /// <summary>Whether <paramref name="writer"/> is the console's standard output on a real terminal.</summary>
    public static bool IsTerminal(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Reports <paramref name="current"/> steps done with the running values; the last step finishes the line.</summary>
    public void Update(int current, IReadOnlyList<string> names, ReadOnlySpan<double> values)
    {
        if (_verbose == 0) return;
        bool finished = current >= _target;
        long now = Stopwatch.GetTimestamp();
        if (!finished && (!_dynamic || _verbose != 1 || now - _lastRedraw < RedrawInterval)) return;
        _lastRedraw = now;
        double elapsed = (double)(now - _start) / Stopwatch.Frequency;
        _line.Clear();
        string count = $"{current.ToString().PadLeft(_target.ToString().Length)}/{_target}";
        if (_verbose == 1)
        {
            _line.Append(count).Append(" [");
            int filled = (int)(Width * (double)current / _target);
            if (filled > 0)
            {
                _line.Append('=', filled - 1).Append(current < _target ? '>' : '=');
            }
            _line.Append('.', Width - filled).Append(']');
            if (finished)
                _line.Append(" - ").Append(Invariant($"{elapsed:0}s")).Append(FormatStepTime(current > 0 ? elapsed / current : 0, "step"));
            else
                _line.Append(" - ETA: ").Append(FormatEta(current > 0 ? elapsed / current * (_target - current) : 0));
        }
        else
        {
            _line.Append(count).Append(" - ").Append(Invariant($"{elapsed:0}s"));
        }
        for (int i = 0; i < names.Count; i++) _line.Append(" - ").Append(names[i]).Append(": ").Append(FormatValue(values[i]));
        if (_verbose == 2)
            _line.Append(" -").Append(FormatStepTime(elapsed, "epoch")).Append(" -").Append(FormatStepTime(current > 0 ? elapsed / current : 0, "step"));

        if (_dynamic && _verbose == 1)
        {
            int width = _line.Length;
            if (width < _previousWidth) _line.Append(' ', _previousWidth - width);
            _previousWidth = width;
            _writer.Write('\r');
        }
        _writer.Write(_line);
        if (finished) _writer.WriteLine();
        _writer.Flush();
    }

    /// <summary>Keras's value format: four decimals, or scientific below 1e-3.</summary>
    public static string FormatValue(double value)
        => Math.Abs(value) > 1e-3 ? value.ToString("0.0000", CultureInfo.InvariantCulture) : value.ToString("0.0000e+00", CultureInfo.InvariantCulture);

    private static string FormatStepTime(double seconds, string unit)
        => seconds >= 1 || seconds == 0 ? Invariant($" {seconds:0}s/{unit}")
            : seconds >= 1e-3 ? Invariant($" {seconds * 1e3:0}ms/{unit}")
            : Invariant($" {seconds * 1e6:0}us/{unit}");

    private static string FormatEta(double seconds)
    {
        int s = (int)seconds;
        return s > 3600 ? $"{s / 3600}:{s % 3600 / 60:00}:{s % 60:00}" : s > 60 ? $"{s / 60}:{s % 60:00}" : $"{s}s";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
