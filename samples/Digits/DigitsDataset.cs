using System.Globalization;
using Compiled;

namespace Samples.Digits;

/// <summary>scikit-learn's 8x8 digits: pixels scaled to [0, 1], and a seeded shuffle and split.</summary>
public sealed class DigitsDataset
{
    public const int Pixels = 64;
    public const int Classes = 10;

    private DigitsDataset(float[,] images, int[] labels) => (Images, Labels) = (images, labels);

    /// <summary>One row of 64 pixels per image, scaled from 0..16 to 0..1.</summary>
    public float[,] Images { get; }

    /// <summary>The digit each image shows.</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>Reads <c>digits.csv</c>: no header, 64 integer pixels then the label on each line.</summary>
    public static DigitsDataset Load(string path)
    {
        string[] lines = File.ReadAllLines(path).Where(line => line.Length > 0).ToArray();
        float[,] images = new float[lines.Length, Pixels];
        int[] labels = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            if (fields.Length != Pixels + 1)
                throw new InvalidDataException($"{path}, line {i + 1}: expected {Pixels + 1} fields, found {fields.Length}.");
            for (int j = 0; j < Pixels; j++) images[i, j] = int.Parse(fields[j], CultureInfo.InvariantCulture) / 16f;
            labels[i] = int.Parse(fields[Pixels], CultureInfo.InvariantCulture);
        }
        return new DigitsDataset(images, labels);
    }

    /// <summary>Shuffles with <paramref name="seed"/> and keeps the first <paramref name="trainFraction"/> for training.</summary>
    public (DigitsDataset Train, DigitsDataset Test) Split(double trainFraction, ulong seed)
    {
        int[] order = Utils.Permutation(Count, seed);
        int trainCount = (int)Math.Round(Count * trainFraction);
        return (Take(order[..trainCount]), Take(order[trainCount..]));
    }

    /// <summary>The labels one-hot, as categorical cross-entropy wants them.</summary>
    public float[,] OneHot() => Utils.ToCategorical(Labels, Classes);

    private DigitsDataset Take(int[] rows)
    {
        float[,] images = new float[rows.Length, Pixels];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < Pixels; j++) images[i, j] = Images[rows[i], j];
        return new DigitsDataset(images, rows.Select(r => Labels[r]).ToArray());
    }
}
