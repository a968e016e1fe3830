namespace GenNet.Package.Tests;

/// <summary>
/// NativeAOT deployment: scripts/aot-check.sh trains the CNN for one epoch, publishes samples/AotInference with
/// PublishAot for x86-64-v4 and for baseline x64 (zero trim/AOT warnings, as errors), builds it for the JIT, runs all
/// of them on the Fashion-MNIST test set and checks their predictions agree (argmaxes equal, probabilities within 1e-5);
/// a third publish compiles the weights in ([EmbeddedWeights]) and must predict bit for bit like the file-loading build.
/// </summary>
[Collection(ShippingCollection.Name)]
public sealed class AotTests
{
    [Fact]
    public void AotCheck_PublishesBothInstructionSets_AndTheirPredictionsAgreeWithTheJit()
    {
        if (!OperatingSystem.IsLinux()) return; // the script is bash and publishes for the current Linux RID
        var result = Cli.Run("bash", ["scripts/aot-check.sh"], Cli.RepoRoot, TimeSpan.FromMinutes(20),
            new Dictionary<string, string> { ["AOT_CHECK_RUNS"] = "1000" });
        Assert.True(result.ExitCode == 0, "scripts/aot-check.sh failed: " + result);
        Assert.EndsWith("aot-check: OK", result.Output.TrimEnd());
        Assert.Contains("runtime: NativeAOT", result.Output);
        Assert.Contains("vectors: Vector512 False, Vector256 False", result.Output); // the baseline build runs the fallbacks
        Assert.Contains(": agree", result.Output);
        Assert.Contains("weights: compiled in (mnist_cnn.safetensors, sha256 ", result.Output); // [EmbeddedWeights] build, no file
        Assert.Contains("max |p_a - p_b| = 0.00E+000 (tolerance 0E+000): agree", result.Output); // bit for bit with Load(file)
        Assert.DoesNotContain("DISAGREE", result.Output);
    }
}
