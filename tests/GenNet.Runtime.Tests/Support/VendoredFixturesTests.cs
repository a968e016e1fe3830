namespace GenNet.Tests.Support;

/// <summary>
/// The fixtures committed in <c>tests/fixtures</c> are a copy of <c>../shared/fixtures</c>: when that folder is beside
/// the repository, a file added or changed there fails here until the copy is refreshed
/// (<c>cp -r ../shared/fixtures/. tests/fixtures/</c>).
/// </summary>
public class VendoredFixturesTests
{
    private static string Vendored => Path.Combine(RepositoryRoot.Path, "tests", "fixtures");

    [SharedFolderFact]
    public void VendoredCopy_EqualsTheSharedFixtures_FileForFile()
    {
        string shared = Path.Combine(RepositoryRoot.SharedFolder!, "fixtures");
        Assert.True(Directory.Exists(shared), $"expected {shared} beside the repository");
        Assert.Equal(FileNames(shared), FileNames(Vendored));
        foreach (string name in FileNames(shared))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(shared, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Vendored, name))),
                $"tests/fixtures/{name} differs from ../shared/fixtures/{name}: refresh the copy");
        }
    }

    [Fact]
    public void Fixtures_ReadFromTheVendoredCopy_UnlessOverridden()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GENNET_FIXTURES"))) return;
        Assert.Equal(Path.GetFullPath(Vendored), Path.GetFullPath(Fixtures.Directory));
        Assert.True(File.Exists(Path.Combine(Fixtures.Directory, "layers.json")));
    }

    private static string[] FileNames(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
