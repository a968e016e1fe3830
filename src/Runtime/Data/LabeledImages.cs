namespace GenNet.Data;

/// <summary>
/// Images with one integer class label each, ready for <c>Fit</c>: <see cref="Images"/> is
/// <c>[Count, Height, Width, Channels]</c> flat and row-major (NHWC, as Keras' channels-last), values in [0, 1].
/// </summary>
public sealed class LabeledImages
{
    /// <summary>Wraps the arrays without copying, after checking that their lengths agree.</summary>
    public LabeledImages(float[] images, int[] labels, int height, int width, int channels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (height <= 0 || width <= 0 || channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"Expected a positive image shape, got {height}×{width}×{channels}.");
        long sampleSize = (long)height * width * channels;
        if (images.Length != labels.Length * sampleSize)
            throw new ArgumentException(
                $"Expected {labels.Length} images of {height}×{width}×{channels} = {labels.Length * sampleSize} values (one per label), got {images.Length}.",
                nameof(images));
        Images = images;
        Labels = labels;
        Height = height;
        Width = width;
        Channels = channels;
    }

    /// <summary>All pixels, <c>[Count, Height, Width, Channels]</c> row-major.</summary>
    public float[] Images { get; }

    /// <summary>Class id of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Image height (rows).</summary>
    public int Height { get; }

    /// <summary>Image width (columns).</summary>
    public int Width { get; }

    /// <summary>Channels per pixel (1 for grayscale).</summary>
    public int Channels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Values per image: <c>Height × Width × Channels</c>.</summary>
    public int SampleSize => Height * Width * Channels;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(checked(index * SampleSize), SampleSize);

    /// <summary>
    /// Shuffles the samples with <c>new Rng(seed).Shuffle</c> over the indices 0..Count−1 (Fisher–Yates), then
    /// gives the first <c>round(Count × firstFraction)</c> shuffled samples as <c>First</c> and the rest as
    /// <c>Second</c>, each in shuffled order. The same seed always gives the same split; this set is not changed.
    /// </summary>
    public (LabeledImages First, LabeledImages Second) ShuffleSplit(double firstFraction, ulong seed)
    {
        if (!(firstFraction >= 0 && firstFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(firstFraction), firstFraction, "Expected a fraction in [0, 1].");
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new Rng(seed).Shuffle(order.AsSpan());
        int firstCount = (int)Math.Round(Count * firstFraction, MidpointRounding.AwayFromZero);
        return (Take(order.AsSpan(0, firstCount)), Take(order.AsSpan(firstCount)));
    }

    private LabeledImages Take(ReadOnlySpan<int> rows)
    {
        int size = SampleSize;
        var images = new float[rows.Length * size];
        var labels = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Images.AsSpan(rows[i] * size, size).CopyTo(images.AsSpan(i * size));
            labels[i] = Labels[rows[i]];
        }
        return new LabeledImages(images, labels, Height, Width, Channels);
    }
}
