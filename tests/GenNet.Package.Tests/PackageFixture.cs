namespace GenNet.Package.Tests;

/// <summary>Packs src/Runtime once into a fresh temporary folder feed, shared by the package tests.</summary>
public sealed class PackageFixture : IDisposable
{
    public const string Version = "0.1.0";

    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "gennet-package-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Pack = Cli.Dotnet(Cli.RepoRoot, TimeSpan.FromMinutes(4), null,
            "pack", "src/Runtime/GenNet.Runtime.csproj", "-c", "Release", "-o", Feed, "-nodeReuse:false");
        Package = Path.Combine(Feed, $"GenNet.{Version}.nupkg");
    }

    /// <summary>The temporary folder everything of these tests lives in (deleted afterwards).</summary>
    public string Root { get; }

    /// <summary>The local folder feed holding the freshly packed GenNet package.</summary>
    public string Feed { get; }

    public string Package { get; }

    public Cli.Result Pack { get; }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The package and AOT tests each run whole builds: one at a time, so they do not fight over two cores.</summary>
[CollectionDefinition(Name)]
public sealed class ShippingCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "shipping";
}
