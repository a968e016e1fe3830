using GenNet.Data;

namespace GenNet.Tests.Data;

/// <summary>A missing data set says how to get it to a package user (no repository script assumed), naming the folder looked in.</summary>
public sealed class MissingDataMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gennet-nodata-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LoadFashionMnist_EmptyFolder_NamesTheFileTheDebianPackageAndTheEnvironmentVariable()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MnistData.LoadFashionMnist(_dir));

        Assert.Contains(Path.Combine(_dir, "train-images-idx3-ubyte.gz"), e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains(DataPaths.EnvironmentVariable, e.Message);
        Assert.Contains("pass their folder to the loader", e.Message);
    }

    [Fact]
    public void Load_OtherDataSet_EmptyFolder_DoesNotSendTheUserToFashionMnist()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MnistData.Load(_dir, "KMNIST"));

        Assert.StartsWith("KMNIST: expected", e.Message);
        Assert.DoesNotContain("fashion", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
