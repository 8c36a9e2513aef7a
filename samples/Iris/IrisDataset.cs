using System.Globalization;
using Compiled;

namespace Samples.Iris;

/// <summary>Fisher's Iris data: loading, a seeded train/test split and standardisation with the training set's statistics.</summary>
public sealed class IrisDataset
{
    public const int Features = 4;
    public const int Classes = 3;

    private IrisDataset(float[,] features, int[] labels) => (Features2D, Labels) = (features, labels);

    /// <summary>One row of four measurements per flower.</summary>
    public float[,] Features2D { get; }

    /// <summary>The species, 0 setosa, 1 versicolor, 2 virginica.</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>Reads scikit-learn's <c>iris.csv</c>: a count header, then rows of four floats and a label.</summary>
    public static IrisDataset Load(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        int count = int.Parse(header[0], CultureInfo.InvariantCulture);
        if (lines.Length - 1 < count)
            throw new InvalidDataException($"{path}: the header promises {count} samples but the file has {lines.Length - 1} data lines.");
        float[,] x = new float[count, Features];
        int[] y = new int[count];
        for (int i = 0; i < count; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            if (fields.Length != Features + 1)
                throw new InvalidDataException($"{path}, line {i + 2}: expected {Features + 1} fields, found {fields.Length}.");
            for (int j = 0; j < Features; j++) x[i, j] = float.Parse(fields[j], CultureInfo.InvariantCulture);
            y[i] = int.Parse(fields[Features], CultureInfo.InvariantCulture);
        }
        return new IrisDataset(x, y);
    }

    /// <summary>Shuffles with <paramref name="seed"/> and cuts off the first <paramref name="trainFraction"/> for training.</summary>
    public (IrisDataset Train, IrisDataset Test) Split(double trainFraction, ulong seed)
    {
        int[] order = Utils.Permutation(Count, seed);
        int trainCount = (int)Math.Round(Count * trainFraction);
        return (Take(order[..trainCount]), Take(order[trainCount..]));
    }

    /// <summary>Scales every feature to zero mean and unit variance, using this set's statistics for both sets.</summary>
    public void StandardizeWith(params IrisDataset[] sets)
    {
        for (int j = 0; j < Features; j++)
        {
            double mean = 0, squares = 0;
            for (int i = 0; i < Count; i++) mean += Features2D[i, j];
            mean /= Count;
            for (int i = 0; i < Count; i++) squares += Math.Pow(Features2D[i, j] - mean, 2);
            double std = Math.Sqrt(squares / Count);
            foreach (IrisDataset set in sets.Prepend(this).Distinct())
                for (int i = 0; i < set.Count; i++) set.Features2D[i, j] = (float)((set.Features2D[i, j] - mean) / std);
        }
    }

    /// <summary>The labels one-hot, as categorical cross-entropy wants them.</summary>
    public float[,] OneHot() => Utils.ToCategorical(Labels, Classes);

    private IrisDataset Take(int[] rows)
    {
        float[,] x = new float[rows.Length, Features];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < Features; j++) x[i, j] = Features2D[rows[i], j];
        return new IrisDataset(x, rows.Select(r => Labels[r]).ToArray());
    }
}
