using System.Collections.Generic;
using System.Linq;

namespace Compiled.Generator.Models;

internal static class Shapes
{
    /// <summary>A shape as Keras prints it, with <c>None</c> for the batch axis: <c>(None, 32)</c>.</summary>
    public static string Format(IEnumerable<int> shape) => "(None, " + string.Join(", ", shape) + ")";

    /// <summary>The number of values in one sample of this shape.</summary>
    public static int Size(IEnumerable<int> shape)
    {
        // A loop, not Aggregate: every layer's parameter count comes here, many times per model.
        int size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }

    /// <summary>How many rows of the last axis one sample holds: the product of every other axis.</summary>
    public static int RowsPerSample(EquatableArray<int> shape) => shape.Take(shape.Count - 1).Aggregate(1, (p, d) => p * d);
}
