namespace Compiled.Datasets;

/// <summary>
/// The MNIST handwritten digits, as Keras's <c>keras.datasets.mnist.load_data()</c> gives them: 60,000 training and
/// 10,000 test images of 28x28 grey pixels (0 to 255), each labelled with its digit (0 to 9).
/// </summary>
/// <remarks>
/// <para>
/// The data are the four original IDX files (Y. LeCun, C. Cortes, C. J. C. Burges), kept gzip-compressed in
/// <c>&lt;cache&gt;/mnist/</c> (<see cref="DatasetCache"/>: <c>COMPILED_DATASETS</c>, else <c>~/.compiled/datasets</c>):
/// <c>train-images-idx3-ubyte.gz</c>, <c>train-labels-idx1-ubyte.gz</c>, <c>t10k-images-idx3-ubyte.gz</c> and
/// <c>t10k-labels-idx1-ubyte.gz</c>. Every load checks each file's SHA-256 against the published one. A missing
/// file, or one whose hash differs, is downloaded from <see cref="Origins"/> (first the mirror torchvision lists
/// first, of the same byte-identical files, then the original host, which is often unavailable), verified, and only
/// then moved into place; with <see cref="DatasetOptions.Download"/> off it is an error that says how to place the
/// files by hand.
/// </para>
/// <para>Keras's docs give the data set's licence as CC BY-SA 3.0 (copyright Yann LeCun and Corinna Cortes).</para>
/// </remarks>
/// <example>
/// <code>
/// using Compiled.Datasets;
///
/// var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData();   // float[60000, 784] in [0, 1] and int[60000]; the same for 10,000 test images
/// model.Fit(xTrain, Utils.ToCategorical(yTrain, 10), batchSize: 128, epochs: 5, validationSplit: 0.1);
/// Evaluation result = model.Evaluate(xTest, Utils.ToCategorical(yTest, 10));
///
/// var (train, test) = Mnist.LoadData();                     // or the raw form: train.Pixels (uint8), train.Labels
/// </code>
/// </example>
public static class Mnist
{
    /// <summary>Where missing files are downloaded from, in order; a file's address is the base followed by its name.</summary>
    /// <remarks>
    /// First the mirror torchvision's <c>MNIST.mirrors</c> lists first (PyTorch's copy of the original files), then
    /// the original host. Every file is checked against its SHA-256 whichever host sent it.
    /// </remarks>
    public static IReadOnlyList<Uri> Origins { get; } = Array.AsReadOnly(
    [
        new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new Uri("http://yann.lecun.com/exdb/mnist/"),
    ]);

    internal static readonly DatasetFile TrainImages = new("train-images-idx3-ubyte.gz", 9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
    internal static readonly DatasetFile TrainLabels = new("train-labels-idx1-ubyte.gz", 28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c");
    internal static readonly DatasetFile TestImages = new("t10k-images-idx3-ubyte.gz", 1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6");
    internal static readonly DatasetFile TestLabels = new("t10k-labels-idx1-ubyte.gz", 4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    /// <summary>The four files, as they are checked and downloaded.</summary>
    internal static readonly DatasetFile[] Files = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>
    /// Loads MNIST from the cache, downloading the files first if they are missing: Keras's
    /// <c>(x_train, y_train), (x_test, y_test) = mnist.load_data()</c>.
    /// </summary>
    /// <param name="options">The cache folder, whether to download and from where; by default <see cref="DatasetCache.Folder"/>, downloading on.</param>
    /// <returns>
    /// <c>Train</c>: 60,000 images; <c>Test</c>: 10,000 images; each 28x28, raw in <see cref="LabelledImages.Pixels"/>,
    /// as <c>(N, 784)</c> floats in [0, 1] from <see cref="LabelledImages.Normalized"/>, with labels 0 to 9.
    /// </returns>
    /// <exception cref="DatasetException">
    /// A file is missing and cannot be downloaded, its SHA-256 differs from the published one, or it is not a valid
    /// IDX file; the message names the file and says what was expected.
    /// </exception>
    public static (LabelledImages Train, LabelledImages Test) LoadData(DatasetOptions? options = null) =>
        LoadDataAsync(options).GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="LoadData"/> without blocking while the files download; reading them happens on the calling thread
    /// once they are in place.
    /// </summary>
    /// <param name="options">The cache folder, whether to download and from where.</param>
    /// <param name="cancellationToken">Stops a download; nothing partial is left behind.</param>
    public static async Task<(LabelledImages Train, LabelledImages Test)> LoadDataAsync(DatasetOptions? options = null, CancellationToken cancellationToken = default)
    {
        string folder = await DatasetStore.EnsureAsync("mnist", Files, Origins, options ?? new DatasetOptions(), cancellationToken).ConfigureAwait(false);
        return (Read(folder, TrainImages, TrainLabels), Read(folder, TestImages, TestLabels));
    }

    /// <summary>Reads one split from its image and label files, checking that they agree.</summary>
    internal static LabelledImages Read(string folder, DatasetFile imageFile, DatasetFile labelFile)
    {
        string imagePath = Path.Combine(folder, imageFile.Name), labelPath = Path.Combine(folder, labelFile.Name);
        (int[] imageShape, byte[] pixels) = Idx.Read(imagePath, dimensions: 3);
        (int[] labelShape, byte[] labelBytes) = Idx.Read(labelPath, dimensions: 1);
        if (labelShape[0] != imageShape[0])
            throw new DatasetException(labelPath, $"{labelPath} holds {labelShape[0]} labels, but {imagePath} holds {imageShape[0]} images.");
        int[] labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labelBytes[i] > 9)
                throw new DatasetException(labelPath, $"{labelPath} is corrupt: label {i} is {labelBytes[i]}, not a digit 0 to 9.");
            labels[i] = labelBytes[i];
        }
        return new LabelledImages(pixels, labels, imageShape[1], imageShape[2]);
    }
}
