using GenNet.SaveChild;

namespace GenNet.Demo.Tests;

/// <summary>
/// Issue #7, "saving never loses the previous good file": a child process saves over a good weight file through
/// the runtime's atomic writer (the path Model.Save(string) takes) and is killed (SIGKILL) part-way through writing
/// the temporary file. The old file must still load, bit for bit the original weights, and the partial temporary
/// file must never be what a later Load reads.
/// </summary>
public sealed class InterruptedSaveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gennet-kill-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0)]        // temporary file created, nothing written yet
    [InlineData(40)]       // inside the JSON header
    [InlineData(100_000)]  // inside the first tensor
    [InlineData(700_000)]  // most of the way through
    public void Save_KilledMidWrite_KeepsThePreviousFileAndItsWeights(int killAfterBytes)
    {
        string path = Path.Combine(_directory, "model.safetensors");
        var good = new InterruptedSaveModel(1);
        good.Save(path);
        byte[] before = File.ReadAllBytes(path);
        long fullLength = before.Length;
        Assert.True(killAfterBytes < fullLength);

        using var child = ChildProcess.Dotnet(RepoPaths.SaveChildDll, path, "2", killAfterBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string[] paused = child.WaitForLine(l => l.StartsWith("paused ", StringComparison.Ordinal), TimeSpan.FromMinutes(1)).Split(' ', 3);
        string temporary = paused[2];
        Assert.Equal(killAfterBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), paused[1]);
        Assert.Equal(killAfterBytes, new FileInfo(temporary).Length); // the write really is part-way
        child.Kill();

        Assert.NotEqual(0, child.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(path));
        var reloaded = new InterruptedSaveModel(3);
        reloaded.Load(path);
        Assert.Equal(good.Parameters.ToArray(), reloaded.Parameters.ToArray());

        // SIGKILL leaves the temporary file behind: hidden, named apart from the target, and not a loadable file.
        Assert.Equal([path, temporary], Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray().OrderBy(f => f == temporary ? 1 : 0).ToArray());
        Assert.StartsWith(".model.safetensors.", Path.GetFileName(temporary), StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => new InterruptedSaveModel(4).Load(temporary));

        // A later save replaces the target as usual and the leftover is never read in its place.
        var next = new InterruptedSaveModel(2);
        next.Save(path);
        reloaded.Load(path);
        Assert.Equal(next.Parameters.ToArray(), reloaded.Parameters.ToArray());
    }

    [Fact]
    public void Save_ChildNotKilled_ReplacesTheFile()
    {
        // The control: the same child, left to finish, does replace the file, so the test above could fail.
        string path = Path.Combine(_directory, "model.safetensors");
        new InterruptedSaveModel(1).Save(path);

        using var child = ChildProcess.Dotnet(RepoPaths.SaveChildDll, path, "2", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        child.WaitForLine(l => l == "saved", TimeSpan.FromMinutes(1));
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, child.ExitCode);
        var reloaded = new InterruptedSaveModel(3);
        reloaded.Load(path);
        Assert.Equal(new InterruptedSaveModel(2).Parameters.ToArray(), reloaded.Parameters.ToArray());
        Assert.Equal([path], Directory.GetFiles(_directory));
    }
}
