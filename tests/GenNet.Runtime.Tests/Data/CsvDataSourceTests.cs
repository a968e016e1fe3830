using GenNet.Data;
using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Data;

/// <summary>CsvDataSource: rows parsed lazily across files, its pass and shuffle contract, and errors that name file, line and column.</summary>
public sealed class CsvDataSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gennet-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (float[] X, float[] Y) ReadAll(CsvDataSource source)
    {
        var x = new float[source.Count * source.InputSize];
        var y = new float[source.Count * source.LabelSize];
        source.BeginPass(null);
        source.Read(0, source.Count, x, y, default);
        return (x, y);
    }

    [Fact]
    public void Read_SkipsHeadersAndBlankLines_AcrossFilesWithCrLfAndAByteOrderMark()
    {
        string a = Write("a.csv", "\uFEFFf1,f2,label\r\n1,2.5,0\r\n\r\n-3e-1, 4 ,1\r\n");
        string b = Write("b.csv", "f1,f2,label\n  \n5,6,2"); // no newline at the end
        using var source = new CsvDataSource([a, b], inputColumns: 2, labelColumns: 1);

        Assert.Equal(3, source.Count);
        var (x, y) = ReadAll(source);
        Assert.Equal([1f, 2.5f, -0.3f, 4f, 5f, 6f], x);
        Assert.Equal([0f, 1f, 2f], y);
    }

    [Fact]
    public void Read_WithoutHeaderAndOtherSeparator_ReadsEveryLine()
    {
        string a = Write("a.tsv", "1\t2\t3\t4\n5\t6\t7\t8\n");
        using var source = new CsvDataSource(a, inputColumns: 2, labelColumns: 2, hasHeader: false, separator: '\t');
        var (x, y) = ReadAll(source);
        Assert.Equal([1f, 2f, 5f, 6f], x);
        Assert.Equal([3f, 4f, 7f, 8f], y);
    }

    [Fact]
    public void Read_ForwardSkipsAndBackwardRestartsThePass()
    {
        string a = Write("a.csv", "x,y\n0,0\n1,10\n2,20\n");
        string b = Write("b.csv", "x,y\n3,30\n4,40\n");
        using var source = new CsvDataSource([a, b], 1);
        source.BeginPass(null);
        var x = new float[2];
        var y = new float[2];
        source.Read(3, 2, x, y, default);
        Assert.Equal([3f, 4f], x);
        source.Read(1, 2, x, y, default);
        Assert.Equal([1f, 2f], x);
        Assert.Equal([10f, 20f], y);
        Assert.Throws<ArgumentOutOfRangeException>(() => source.Read(4, 2, x, y, default));
    }

    [Fact]
    public void BeginPass_WithAShuffleStream_ShufflesTheFileOrder()
    {
        var paths = Enumerable.Range(0, 5).Select(i => Write($"{i}.csv", $"v,l\n{i},{i}\n")).ToArray();
        using var source = new CsvDataSource(paths, 1);
        var expected = new[] { 0f, 1, 2, 3, 4 };
        new Rng(7).Shuffle(expected.AsSpan());
        source.BeginPass(new Rng(7));
        Assert.Equal(expected, ReadAllInPass(source));
        Assert.NotEqual([0f, 1, 2, 3, 4], expected); // this seed does move the files

        static float[] ReadAllInPass(CsvDataSource s)
        {
            var x = new float[s.Count];
            s.Read(0, s.Count, x, new float[s.Count], default);
            return x;
        }
    }

    [Fact]
    public void Read_ALineLongerThanTheBuffer_IsReadWhole()
    {
        const int columns = 20_000; // ~180 KB on one line, past the 64 KiB buffer
        var values = Enumerable.Range(0, columns).Select(i => (i * 0.001f).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        string a = Write("wide.csv", string.Join(",", values) + ",7\n1," + string.Join(",", Enumerable.Repeat("0", columns)) + "\n");
        using var source = new CsvDataSource(a, columns, 1, hasHeader: false);
        var (x, y) = ReadAll(source);
        Assert.Equal(19_999 * 0.001f, x[columns - 1]);
        Assert.Equal([7f, 0f], y);
        Assert.Equal(1f, x[columns]);
    }

    [Fact]
    public void Read_AShortRow_NamesTheFileAndLine()
    {
        string a = Write("short.csv", "a,b,label\n1,2,0\n\n3,4\n");
        using var source = new CsvDataSource(a, 2);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(source));
        Assert.Equal($"{a}, line 4: expected 3 values separated by ',' (2 input(s), then 1 label value(s)), got 2.", e.Message);
    }

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData("1e40", "\"1e40\"")] // overflows float: infinity
    [InlineData("", "\"\"")]
    [InlineData("1,5", "")]           // a decimal comma is two values: the row is long instead
    public void Read_AValueThatIsNotAFiniteNumber_NamesFileLineColumnAndText(string value, string quoted)
    {
        string a = Write("bad.csv", $"a,b,label\n1,2,0\n3,{value},1\n");
        using var source = new CsvDataSource(a, 2);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(source));
        if (quoted.Length == 0) Assert.Contains($"{a}, line 3: expected 3 values", e.Message);
        else Assert.Equal($"{a}, line 3, column 2: expected a finite number, got {quoted}.", e.Message);
    }

    [Fact]
    public void Constructor_MissingFile_NamesIt()
    {
        string missing = Path.Combine(_dir, "nope.csv");
        var e = Assert.Throws<FileNotFoundException>(() => new CsvDataSource([Write("ok.csv", "a,b\n1,2\n"), missing], 1));
        Assert.Contains(missing, e.Message);
        Assert.Throws<ArgumentException>(() => new CsvDataSource(Array.Empty<string>(), 1));
    }

    [Fact]
    public void Read_AFileThatShrankSinceCounted_SaysSo()
    {
        string a = Write("a.csv", "a,b\n1,2\n3,4\n");
        using var source = new CsvDataSource(a, 1);
        File.WriteAllText(a, "a,b\n1,2\n");
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(source));
        Assert.Contains($"{a}: ended after 1 data row(s), but it had 2", e.Message);
    }

    [Fact]
    public void Fit_FromCsvFiles_GivesTheSameWeightsAsTheArraysTheyHold()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 4, count: 90);
        var paths = new string[3];
        for (int f = 0; f < 3; f++)
        {
            var lines = Enumerable.Range(f * 30, 30).Select(r =>
                string.Join(",", x.AsSpan(r * 5, 5).ToArray().Concat(y.AsSpan(r * 3, 3).ToArray()).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
            paths[f] = Write($"part{f}.csv", "x0,x1,x2,x3,x4,y0,y1,y2\n" + string.Join("\n", lines) + "\n");
        }
        using var source = new CsvDataSource(paths, inputColumns: 5, labelColumns: 3);

        var viaCsv = new TanhSoftmaxModel(seed: 2);
        var viaArrays = new TanhSoftmaxModel(seed: 2);
        viaCsv.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f), Metric.Accuracy);
        viaArrays.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f), Metric.Accuracy);
        var h1 = viaCsv.Fit(source, epochs: 3, batchSize: 16, verbose: 0, shuffle: false);
        var h2 = viaArrays.Fit(x, y, epochs: 3, batchSize: 16, verbose: 0, shuffle: false);
        Assert.True(viaCsv.Parameters.SequenceEqual(viaArrays.Parameters));
        Assert.Equal(h2["loss"], h1["loss"]);
        Assert.Equal(viaArrays.Evaluate(x, y, verbose: 0).Loss, viaCsv.Evaluate(source, verbose: 0).Loss);
    }

    [Fact]
    public void Fit_FromACsvFile_StepsAfterTheFirstAllocateNothing()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 4, count: 32 * 10);
        var lines = Enumerable.Range(0, 320).Select(r => string.Join(",", x.AsSpan(r * 5, 5).ToArray().Concat(y.AsSpan(r * 3, 3).ToArray())
            .Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        using var source = new CsvDataSource(Write("all.csv", string.Join("\n", lines)), 5, 3, hasHeader: false);
        var model = new TanhSoftmaxModel(seed: 2) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        var meter = new StepAllocations(epochs: 2, steps: 10);
        model.Fit(source, epochs: 2, batchSize: 32, verbose: 0, callbacks: [meter]);
        Assert.Equal(0, meter.AfterFirstStep(epoch: 1));
    }
}
