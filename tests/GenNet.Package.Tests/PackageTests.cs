using System.IO.Compression;

namespace GenNet.Package.Tests;

/// <summary>
/// The GenNet NuGet package as a new user meets it: its layout, then a fresh console project outside the repository
/// that restores it from a local folder feed (into its own empty NuGet packages folder, so only the freshly packed bits
/// can be used), declares a model, trains it and prints the accuracy.
/// </summary>
[Collection(ShippingCollection.Name)]
public sealed class PackageTests(PackageFixture package)
{
    [Fact]
    public void Pack_Succeeds_WithRuntimeInLibAndGeneratorInAnalyzers()
    {
        Assert.True(package.Pack.ExitCode == 0, "dotnet pack failed: " + package.Pack);
        Assert.DoesNotContain("warning", package.Pack.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(package.Package), $"{package.Package} missing:\n{package.Pack}");
        Assert.True(File.Exists(Path.ChangeExtension(package.Package, ".snupkg")), "no symbol package");

        using var zip = ZipFile.OpenRead(package.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/GenNet.dll", entries);
        Assert.Contains("lib/net10.0/GenNet.xml", entries);                       // XML docs
        Assert.Contains("analyzers/dotnet/cs/GenNet.Generator.dll", entries);     // the generator, loaded by the compiler
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.Contains("build/GenNet.targets", entries);                          // encodes .safetensors for [EmbeddedWeights]
        Assert.Contains("buildTransitive/GenNet.targets", entries);
        Assert.Contains("docs/diagnostics.md", entries);                           // where GN diagnostics' help links point
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("CodeAnalysis", StringComparison.Ordinal)); // the compiler is not shipped

        using var nuspec = new StreamReader(zip.GetEntry("GenNet.nuspec")!.Open());
        string metadata = nuspec.ReadToEnd();
        Assert.Contains("<id>GenNet</id>", metadata);
        Assert.Contains($"<version>{PackageFixture.Version}</version>", metadata);
        Assert.Contains("<authors>GenNet developers</authors>", metadata);
        Assert.Contains("<license type=\"expression\">MIT</license>", metadata);
        Assert.Contains("<readme>README.md</readme>", metadata);
        Assert.Contains("id=\"System.Numerics.Tensors\"", metadata);
        Assert.DoesNotContain("GenNet.Generator", metadata); // not a package dependency
    }

    [Fact]
    public void FreshConsoleProject_RestoresPackageFromFolderFeed_TrainsAndRunsModel()
    {
        Assert.True(package.Pack.ExitCode == 0, "dotnet pack failed: " + package.Pack);
        string app = Path.Combine(package.Root, "OrApp");
        string packages = Path.Combine(package.Root, "packages"); // empty: nothing cached can stand in for the new package
        Directory.CreateDirectory(app);

        FreshApp.WriteNuGetConfig(app, package, packages);
        // What a user writes: a console project, the package, and AOT/trim analyzers on with warnings as errors, so the
        // generated code is checked the way a NativeAOT user would build it.
        FreshApp.WriteProject(app, "OrApp");
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using GenNet;

            float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
            float[] y = { 0, 1, 1, 1 };
            var model = new OrGate(seed: 1);
            model.Compile(Loss.BinaryCrossentropy, new SGD(learningRate: 0.1f), Metric.Accuracy);
            model.Summary();
            Console.WriteLine($"generated: InputSize={OrGate.InputSize} OutputSize={OrGate.OutputSize} ParameterCount={OrGate.ParameterCount}");
            model.Fit(x, y, epochs: 300, batchSize: 1, verbose: 0);
            var probabilities = model.Predict(x);
            Console.WriteLine("probabilities: " + string.Join(" ", probabilities.Select(p => p.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))));
            var (loss, accuracy) = model.Evaluate(x, y, verbose: 0);
            Console.WriteLine("accuracy: " + accuracy.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));

            [Sequential(2)]
            [Dense(1)]
            [Activation(Act.Sigmoid)]
            public partial class OrGate { }
            """);

        var run = Cli.Dotnet(app, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages },
            "run", "-c", "Release");
        Assert.True(run.ExitCode == 0, "dotnet run failed: " + run);
        Assert.Contains("generated: InputSize=2 OutputSize=1 ParameterCount=3", run.Output);
        Assert.Contains("Total params: 3", run.Output);
        Assert.EndsWith("accuracy: 1.0000", run.Output.TrimEnd());

        // The package restored from the fresh feed, not from any cache; the generator did not leak into the app's output.
        Assert.True(File.Exists(Path.Combine(packages, "gennet", PackageFixture.Version, "analyzers", "dotnet", "cs", "GenNet.Generator.dll")));
        string bin = Path.Combine(app, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(bin, "GenNet.dll")));
        Assert.False(File.Exists(Path.Combine(bin, "GenNet.Generator.dll")), "the generator was copied to the app's output");
    }

    [Fact]
    public void GnDiagnostic_InAFreshProject_StandsAlone_AndLinksToTheInstalledDocs()
    {
        Assert.True(package.Pack.ExitCode == 0, "dotnet pack failed: " + package.Pack);
        string app = Path.Combine(package.Root, "BrokenApp");
        string packages = Path.Combine(package.Root, "packages-broken");
        Directory.CreateDirectory(app);
        FreshApp.WriteNuGetConfig(app, package, packages);
        FreshApp.WriteProject(app, "BrokenApp", aot: false, properties: "<ErrorLog>build.sarif,version=2.1</ErrorLog>");
        // Dense after Conv2D on a flat input: GN0103. The code below uses the model as a user would.
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using GenNet;

            var model = new Broken(seed: 1);
            model.Compile(Loss.MeanSquaredError, new SGD(), Metric.Accuracy);
            model.Summary();
            Console.WriteLine(Broken.OutputSize);

            [Sequential(784)]
            [Conv2D(16, 3)]
            public partial class Broken { }
            """);

        var build = Cli.Dotnet(app, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages }, "build", "-c", "Release");
        Assert.True(build.ExitCode != 0, "the build with a GN error succeeded: " + build);
        var errors = build.Output.Split('\n').Where(l => l.Contains(" error ", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToArray();
        Assert.True(errors.Length > 0 && errors.All(l => l.Contains("error GN0103", StringComparison.Ordinal)),
            "expected only GN0103, got:\n" + string.Join("\n", errors));

        // The SARIF log carries each diagnostic's help link: a file in the installed package.
        string sarif = File.ReadAllText(Path.Combine(app, "build.sarif"));
        var match = System.Text.RegularExpressions.Regex.Match(sarif, "\"helpUri\":\\s*\"(file:[^\"#]+)#gn0103\"");
        Assert.True(match.Success, "no file:// help link for GN0103 in:\n" + sarif);
        string docs = new Uri(match.Groups[1].Value).LocalPath;
        Assert.StartsWith(Path.GetFullPath(packages), docs, StringComparison.Ordinal);
        Assert.Contains("<a id=\"gn0103\"></a>", File.ReadAllText(docs));
    }
}
