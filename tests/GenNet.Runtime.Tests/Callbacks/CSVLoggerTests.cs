using System.Globalization;
using GenNet.Tests.Models;

namespace GenNet.Tests.Callbacks;

/// <summary>
/// Keras <c>CSVLogger</c> (keras/src/callbacks/csv_logger.py): a header of "epoch" and the sorted log keys, one row per
/// epoch, Python's csv line ending "\r\n", and values as Python writes floats.
/// </summary>
public sealed class CSVLoggerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gennet-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TanhSoftmaxModel Compiled()
    {
        var model = new TanhSoftmaxModel(seed: 1) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(1e-2), Metric.Accuracy);
        return model;
    }

    [Fact]
    public void Fit_WritesAHeaderAndOneRowPerEpoch()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 40);
        string path = Path.Combine(_folder, "log.csv");
        var history = Compiled().Fit(x, y, epochs: 3, batchSize: 10, verbose: 0, validationSplit: 0.25, callbacks: [new CSVLogger(path)]);

        string text = File.ReadAllText(path);
        Assert.EndsWith("\r\n", text);
        string[] lines = text.Split("\r\n")[..^1];
        Assert.Equal("epoch,accuracy,loss,val_accuracy,val_loss", lines[0]);
        Assert.Equal(4, lines.Length);
        for (int e = 0; e < 3; e++)
        {
            string[] fields = lines[e + 1].Split(',');
            Assert.Equal(e.ToString(CultureInfo.InvariantCulture), fields[0]);
            string[] keys = ["accuracy", "loss", "val_accuracy", "val_loss"];
            for (int k = 0; k < keys.Length; k++)
            {
                // Round-trip digits of the logged double, in Python's notation (a point, or e-05 style).
                Assert.Matches(@"^-?\d+\.\d+$|^-?\d(\.\d+)?e[-+]\d\d+$", fields[k + 1]);
                Assert.Equal(history[keys[k]][e], double.Parse(fields[k + 1], CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void Fit_WithoutValidation_AddsValColumnsReadingNA()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        string path = Path.Combine(_folder, "log.csv");
        var model = new TanhSoftmaxModel(seed: 1) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0.1));
        model.Fit(x, y, epochs: 1, batchSize: 10, verbose: 0, callbacks: [new CSVLogger(path, separator: ";")]);
        string[] lines = File.ReadAllText(path).Split("\r\n");
        Assert.Equal("epoch;loss;val_loss", lines[0]);
        Assert.Matches(@"^0;[0-9.e+-]+;NA$", lines[1]);
    }

    [Fact]
    public void Append_ContinuesTheFileWithoutASecondHeader_OtherwiseOverwrites()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        string path = Path.Combine(_folder, "log.csv");
        var model = Compiled();
        model.Fit(x, y, epochs: 2, batchSize: 10, verbose: 0, callbacks: [new CSVLogger(path)]);
        model.Fit(x, y, epochs: 3, initialEpoch: 2, batchSize: 10, verbose: 0, callbacks: [new CSVLogger(path, append: true)]);
        string[] lines = File.ReadAllText(path).Split("\r\n")[..^1];
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("epoch,", lines[0]);
        Assert.Equal(["0", "1", "2"], lines[1..].Select(l => l.Split(',')[0]));

        model.Fit(x, y, epochs: 1, batchSize: 10, verbose: 0, callbacks: [new CSVLogger(path)]);
        Assert.Equal(2, File.ReadAllText(path).Split("\r\n")[..^1].Length);
    }

    [Fact]
    public void Append_ToAMissingFile_WritesTheHeader()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        string path = Path.Combine(_folder, "new.csv");
        Compiled().Fit(x, y, epochs: 1, batchSize: 10, verbose: 0, callbacks: [new CSVLogger(path, append: true)]);
        Assert.StartsWith("epoch,accuracy,loss,val_accuracy,val_loss\r\n0,", File.ReadAllText(path));
    }

    [Fact]
    public void Separator_OfMoreThanOneCharacter_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new CSVLogger(Path.Combine(_folder, "x.csv"), separator: ", "));
        Assert.Contains("one character", e.Message);
    }
}
