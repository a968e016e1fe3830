namespace GenNet.Package.Tests;

/// <summary>A console project outside the repository that can restore only the freshly packed GenNet from the folder feed.</summary>
internal static class FreshApp
{
    /// <summary>
    /// Writes <c>nuget.config</c> in <paramref name="app"/>: the folder feed for GenNet only (package source mapping), and for
    /// everything else (System.Numerics.Tensors, the AOT analyzers' ILCompiler package) this machine's global packages
    /// folder, used as an offline folder feed, and nuget.org. Packages restore into <paramref name="packages"/>.
    /// </summary>
    public static void WriteNuGetConfig(string app, PackageFixture package, string packages)
    {
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string localCache = Directory.Exists(globalPackages) ? $"""<add key="local-cache" value="{globalPackages}" />""" : "";
        string localCacheMapping = localCache.Length > 0 ? """<packageSource key="local-cache"><package pattern="*" /></packageSource>""" : "";
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{packages}" /></config>
              <packageSources>
                <clear />
                <add key="gennet-local" value="{package.Feed}" />
                {localCache}
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="gennet-local"><package pattern="GenNet" /></packageSource>
                {localCacheMapping}
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    /// <summary>
    /// Writes <c>{name}.csproj</c>: a console app on the package; <paramref name="aot"/> turns on NativeAOT publishing and the
    /// trim analyzers with warnings as errors (how a NativeAOT user builds). <paramref name="properties"/> and
    /// <paramref name="items"/> are extra MSBuild lines.
    /// </summary>
    public static void WriteProject(string app, string name, bool aot = true, string properties = "", string items = "")
    {
        string aotProperties = aot
            ? "<PublishAot>true</PublishAot><EnableTrimAnalyzer>true</EnableTrimAnalyzer><TreatWarningsAsErrors>true</TreatWarningsAsErrors>"
            : "";
        File.WriteAllText(Path.Combine(app, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                {aotProperties}
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GenNet" Version="{PackageFixture.Version}" />
                {items}
              </ItemGroup>
            </Project>
            """);
    }
}
