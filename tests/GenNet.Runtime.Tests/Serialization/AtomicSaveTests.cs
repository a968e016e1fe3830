using GenNet.Serialization;

namespace GenNet.Tests.Serialization;

/// <summary><see cref="Model.Save(string)"/> replaces a file all at once or not at all.</summary>
public sealed class AtomicSaveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gennet-save-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Save_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "model.safetensors");
        new WeightTestModel(WeightTestModel.Mlp(), seed: 1).Save(path);
        var second = new WeightTestModel(WeightTestModel.Mlp(), seed: 2);

        second.Save(path);

        Assert.Equal(second.SaveToBytes(), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(500)]
    public void Save_WriteFailingPartWay_KeepsOldFileAndRemovesTemporaryFile(int failAfter)
    {
        string path = Path.Combine(_directory, "model.safetensors");
        var good = new WeightTestModel(WeightTestModel.Mlp(), seed: 1);
        good.Save(path);
        byte[] before = File.ReadAllBytes(path);
        var next = new WeightTestModel(WeightTestModel.Mlp(), seed: 2);

        // The same atomic path Save(string) takes, with a disk that fails after failAfter bytes.
        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, file => next.Save(new FailingWriteStream(file, failAfter))));

        Assert.Contains("Simulated write failure", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
        var reloaded = new WeightTestModel(WeightTestModel.Mlp(), seed: 3);
        reloaded.Load(path);
        Assert.Equal(good.Bits().Parameters, reloaded.Bits().Parameters);
    }

    [Fact]
    public void Save_IntoMissingDirectory_ThrowsAndCreatesNothing()
    {
        string path = Path.Combine(_directory, "missing", "model.safetensors");
        var model = new WeightTestModel(WeightTestModel.Mlp(), seed: 1);

        Assert.Throws<DirectoryNotFoundException>(() => model.Save(path));

        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }
}
