namespace Compiled;

/// <summary>
/// A model's logs of <c>TrainOnBatch</c> and <c>TestOnBatch</c>, reused from call to call so that neither allocates:
/// the loss sums and samples since the last reset, the values last returned, and a version that each call advances
/// so a <see cref="BatchLogs"/> can tell that its values were overwritten.
/// </summary>
internal sealed class BatchLogBuffer(string[] names)
{
    public string[] Names { get; } = names;

    public double[] Sums { get; } = new double[names.Length];

    public double[] Values { get; } = new double[names.Length];

    public long Samples { get; set; }

    public long Version { get; set; }
}
