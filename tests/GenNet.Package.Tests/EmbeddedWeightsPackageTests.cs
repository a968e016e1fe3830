namespace GenNet.Package.Tests;

/// <summary>
/// [EmbeddedWeights] through the package, as a user meets it: a fresh project trains a model and saves it; the same
/// project then lists the file as AdditionalFiles, the package's build/GenNet.targets encodes it for the compiler, the
/// generator compiles the weights in, and the program predicts exactly as before with the file deleted. A file from
/// another architecture fails the build with GN0305 at the attribute.
/// </summary>
[Collection(ShippingCollection.Name)]
public sealed class EmbeddedWeightsPackageTests(PackageFixture package)
{
    private const string Model = """
        [Sequential(2)]
        [Dense(4, Activation = Act.Tanh)]
        [Dense(1, Activation = Act.Sigmoid)]
        """;

    [Fact]
    public void TrainedFile_AsAdditionalFiles_IsCompiledIn_AndPredictsAsBeforeWithoutTheFile()
    {
        Assert.True(package.Pack.ExitCode == 0, "dotnet pack failed: " + package.Pack);
        string app = Path.Combine(package.Root, "EmbedApp");
        string packages = Path.Combine(package.Root, "packages");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        Directory.CreateDirectory(app);
        FreshApp.WriteNuGetConfig(app, package, packages);

        // 1. Train and save.
        FreshApp.WriteProject(app, "EmbedApp");
        WriteProgram(app, """
            var model = new OrGate(seed: 1);
            model.Compile(Loss.BinaryCrossentropy, new Adam(0.05f));
            model.Fit(x, new float[] { 0, 1, 1, 1 }, epochs: 100, batchSize: 4, verbose: 0);
            model.Save("or.safetensors");
            """, attribute: "");
        var train = Cli.Dotnet(app, TimeSpan.FromMinutes(5), environment, "run", "-c", "Release");
        Assert.True(train.ExitCode == 0, "training run failed: " + train);
        string trained = Probabilities(train.Output);
        byte[] file = File.ReadAllBytes(Path.Combine(app, "or.safetensors"));

        // 2. Compile the weights in; run with the file gone.
        FreshApp.WriteProject(app, "EmbedApp", items: """<AdditionalFiles Include="or.safetensors" />""");
        WriteProgram(app, "var model = OrGate.CreateTrained();", attribute: "[EmbeddedWeights(\"or.safetensors\")]");
        var build = Cli.Dotnet(app, TimeSpan.FromMinutes(5), environment, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, "build with embedded weights failed: " + build);
        Assert.True(File.Exists(Path.Combine(app, "obj", "Release", "net10.0", "gennet-weights", "or.safetensors.base64")));
        File.Delete(Path.Combine(app, "or.safetensors"));
        var embedded = Cli.Dotnet(app, TimeSpan.FromMinutes(2), environment, "run", "-c", "Release", "--no-build");
        Assert.True(embedded.ExitCode == 0, "run with embedded weights failed: " + embedded);
        Assert.Equal(trained, Probabilities(embedded.Output));

        // 3. The same file against another architecture: a compile-time error at the attribute.
        File.WriteAllBytes(Path.Combine(app, "or.safetensors"), file);
        WriteProgram(app, "var model = OrGate.CreateTrained();", attribute: "[EmbeddedWeights(\"or.safetensors\")]", units: 5);
        var mismatch = Cli.Dotnet(app, TimeSpan.FromMinutes(5), environment, "build", "-c", "Release");
        Assert.NotEqual(0, mismatch.ExitCode);
        Assert.Matches(@"Program\.cs\(\d+,2\): error GN0305: Model 'OrGate': 'or\.safetensors' does not fit this model: the file was saved from a different architecture", mismatch.Output);
    }

    private static string Probabilities(string output) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("probabilities: ", StringComparison.Ordinal));

    private static void WriteProgram(string app, string create, string attribute, int units = 4) =>
        File.WriteAllText(Path.Combine(app, "Program.cs"), $$"""
            using GenNet;

            float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
            {{create}}
            Console.WriteLine("probabilities: " + string.Join(" ", model.Predict(x).Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

            {{Model.Replace("Dense(4,", "Dense(" + units + ",")}}
            {{attribute}}
            public partial class OrGate { }
            """);
}
