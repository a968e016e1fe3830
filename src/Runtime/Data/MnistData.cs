namespace GenNet.Data;

/// <summary>
/// Loads MNIST-format data sets from their four IDX files (<c>train-images-idx3-ubyte</c>,
/// <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each plain or with
/// <c>.gz</c>), as Keras' <c>fashion_mnist.load_data()</c> but with pixels already scaled to [0, 1].
/// </summary>
public static class MnistData
{
    /// <summary>Image side of MNIST and Fashion-MNIST.</summary>
    public const int ImageSize = 28;

    /// <summary>Number of classes of MNIST and Fashion-MNIST.</summary>
    public const int Classes = 10;

    private const string FashionMnistName = "Fashion-MNIST";

    /// <summary>
    /// Fashion-MNIST: 60,000 training and 10,000 test images of 28×28×1 (NHWC, row-major, pixel / 255), labels 0..9
    /// (0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot).
    /// </summary>
    /// <param name="directory">Folder of the four files; <see cref="DataPaths.FashionMnist"/> when null.</param>
    /// <exception cref="FileNotFoundException">A file is missing (the message says how to install the data).</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or images and labels disagree.</exception>
    public static (LabeledImages Train, LabeledImages Test) LoadFashionMnist(string? directory = null) =>
        Load(directory ?? DataPaths.FashionMnist, FashionMnistName);

    /// <summary>Any data set in MNIST's file layout: both splits of 28×28 images with labels 0..9.</summary>
    /// <inheritdoc cref="LoadFashionMnist(string?)"/>
    public static (LabeledImages Train, LabeledImages Test) Load(string directory, string dataSetName = "MNIST")
    {
        ArgumentNullException.ThrowIfNull(directory);
        return (LoadSplit(directory, "train", dataSetName), LoadSplit(directory, "t10k", dataSetName));
    }

    private static LabeledImages LoadSplit(string directory, string prefix, string dataSetName)
    {
        string imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte", dataSetName);
        string labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte", dataSetName);
        var (pixels, count, rows, cols) = IdxFile.ReadImages(imagesPath);
        byte[] labelBytes = IdxFile.ReadLabels(labelsPath);
        if (rows != ImageSize || cols != ImageSize)
            throw new InvalidDataException($"{imagesPath}: expected {ImageSize}×{ImageSize} images, found {rows}×{cols}.");
        if (labelBytes.Length != count)
            throw new InvalidDataException($"{labelsPath}: expected {count} labels (one per image in {imagesPath}), found {labelBytes.Length}.");

        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (labelBytes[i] >= Classes)
                throw new InvalidDataException($"{labelsPath}: expected labels 0..{Classes - 1}, found {labelBytes[i]} at sample {i}.");
            labels[i] = labelBytes[i];
        }
        var images = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) images[i] = pixels[i] / 255f; // as Keras tutorials: x / 255
        return new LabeledImages(images, labels, rows, cols, 1);
    }

    /// <summary>The file, plain or gzip-compressed, or an error naming both names tried and how to get them.</summary>
    private static string Find(string directory, string baseName, string dataSetName)
    {
        string plain = Path.Combine(directory, baseName);
        if (File.Exists(plain)) return plain;
        string gz = plain + ".gz";
        if (File.Exists(gz)) return gz;
        throw new FileNotFoundException(
            $"{dataSetName}: expected {gz} or {plain}, found neither. " +
            (dataSetName == FashionMnistName ? DataPaths.HowToGetFashionMnist : "Pass the folder that holds the four IDX files (plain or .gz)."), gz);
    }
}
