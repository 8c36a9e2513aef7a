using System.Globalization;
using System.Text;

namespace Compiled;

/// <summary>
/// Keras's <c>CSVLogger(filename, separator=',', append=False)</c>: one row per epoch, written and flushed at the
/// epoch's end, in Keras's layout: the columns are <c>epoch</c> (from 0) and then the first epoch's log names sorted
/// (ordinal, as Python's <c>sorted</c>); when none of them starts with <c>val_</c>, Keras adds a <c>val_</c> column
/// for each, which stays <c>NA</c>. Values are Python's <c>str(float)</c>; lines end in <c>\r\n</c> and fields holding
/// the separator or a quote are quoted, as Python's <c>csv</c> module writes them.
/// <code>
/// epoch,loss,val_loss
/// 0,0.6931471824645996,0.6875
/// </code>
/// </summary>
public sealed class CSVLogger : Callback
{
    private StreamWriter? _file;
    private string[]? _keys;
    private bool _writeHeader;

    /// <param name="filename">The CSV file.</param>
    /// <param name="separator">Keras's <c>separator</c>, one character as Python's <c>csv</c> requires.</param>
    /// <param name="append">Whether to append to an existing file (no header when it already has a first line), else overwrite it.</param>
    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        ArgumentNullException.ThrowIfNull(separator);
        if (separator.Length != 1 || separator is "\"" or "\r" or "\n")
            throw new ArgumentException($"separator must be a single character other than a quote or a line break, as Python's csv module requires; got \"{separator}\".", nameof(separator));
        (Filename, Separator, Append) = (filename, separator, append);
    }

    /// <summary>Keras's <c>filename</c>.</summary>
    public string Filename { get; }

    /// <summary>Keras's <c>separator</c>.</summary>
    public string Separator { get; }

    /// <summary>Keras's <c>append</c>.</summary>
    public bool Append { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _file?.Dispose();
        _keys = null;
        _writeHeader = true;
        if (Append && File.Exists(Filename))
        {
            using (StreamReader reader = new(Filename)) _writeHeader = reader.ReadLine() is not { Length: > 0 };
        }
        _file = new StreamWriter(Filename, Append, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\r\n" };
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        StreamWriter file = _file ?? throw new InvalidOperationException("CSVLogger's file is not open: OnTrainBegin opens it (Fit calls it before the first epoch).");
        if (_keys is null)
        {
            List<string> keys = logs.Keys.Order(StringComparer.Ordinal).ToList();
            if (!keys.Any(k => k.StartsWith("val_", StringComparison.Ordinal))) keys.AddRange(keys.Select(k => "val_" + k).ToList());
            _keys = keys.ToArray();
            if (_writeHeader) file.WriteLine(string.Join(Separator, new[] { "epoch" }.Concat(_keys).Select(Quote)));
        }
        StringBuilder row = new(epoch.ToString(CultureInfo.InvariantCulture));
        foreach (string key in _keys)
            row.Append(Separator).Append(Quote(logs.TryGetValue(key, out double value) ? PythonFormat.Repr(value) : "NA"));
        file.WriteLine(row);
        file.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        _file?.Dispose();
        _file = null;
    }

    /// <summary>Python's <c>csv.QUOTE_MINIMAL</c>: quotes a field holding the separator, a quote or a line break, doubling its quotes.</summary>
    private string Quote(string field)
        => field.Contains(Separator, StringComparison.Ordinal) || field.AsSpan().IndexOfAny("\"\r\n") >= 0
            ? "\"" + field.Replace("\"", "\"\"") + "\""
            : field;
}
