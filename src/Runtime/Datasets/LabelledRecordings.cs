using System.Collections;

namespace Compiled.Datasets;

/// <summary>
/// Audio recordings and their class labels, one split of a data set as <see cref="FreeSpokenDigits.LoadData"/>
/// returns it: a read-only list of <see cref="Recording"/>s (each with its own length) in a fixed order, and
/// <see cref="Labels"/>, Keras's <c>y</c>, ready for <see cref="Utils.ToCategorical"/>.
/// </summary>
/// <remarks>
/// Recordings differ in length, so there is no single <c>x</c> matrix as for images: a model takes features
/// computed from each recording (MFCCs, a spectrogram) cut or padded to a fixed number of frames, as
/// <c>samples/SpokenDigits</c> does.
/// </remarks>
/// <example>
/// <code>
/// var (train, test) = FreeSpokenDigits.LoadData();          // 2700 and 300 recordings at 8000 Hz
/// float[,] yTrain = Utils.ToCategorical(train.Labels, 10);
/// foreach (Recording recording in train) Process(recording.Samples);
/// </code>
/// </example>
public sealed class LabelledRecordings : IReadOnlyList<Recording>
{
    private readonly Recording[] _recordings;

    /// <summary>The recordings, in the order given.</summary>
    /// <param name="recordings">The recordings; copied, so later changes to the list do not show here.</param>
    public LabelledRecordings(IEnumerable<Recording> recordings)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        _recordings = recordings.ToArray();
        for (int i = 0; i < _recordings.Length; i++)
        {
            if (_recordings[i] is null) throw new ArgumentException($"recording {i} is null.", nameof(recordings));
        }
        Labels = Array.ConvertAll(_recordings, r => r.Label);
    }

    /// <summary>The number of recordings (and labels).</summary>
    public int Count => _recordings.Length;

    /// <summary>Recording <paramref name="index"/>.</summary>
    public Recording this[int index] => _recordings[index];

    /// <summary>Each recording's class (for spoken digits, 0 to 9), in the same order; Keras's <c>y</c>.</summary>
    public int[] Labels { get; }

    /// <summary>The recordings in order.</summary>
    public IEnumerator<Recording> GetEnumerator() => ((IEnumerable<Recording>)_recordings).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
