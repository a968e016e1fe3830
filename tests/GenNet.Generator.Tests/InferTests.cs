using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Tests;

/// <summary>Infer on hand-built declarations: names, shapes, parameter and workspace layout.</summary>
public class InferTests
{
    private static ModelDeclaration Model(int[] input, params LayerDeclaration[] layers) =>
        new(new TypeDeclaration("N", "M", "public", EquatableArray<ContainingType>.Empty), null,
            input.ToEquatableArray(), layers.ToEquatableArray());

    private static DenseDeclaration Dense(int units, string? activation = null, bool useBias = true, string? name = null) =>
        new(units, activation, useBias, null, null, name);

    [Fact]
    public void MnistMlp_HasKerasNamesAndParameterCounts()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 784 }, Dense(100, "relu"), Dense(50, "relu"), Dense(10, "softmax"))).Spec!;
        Assert.Equal(new[] { "dense", "dense_1", "dense_2" }, spec.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "Dense", "Dense1", "Dense2" }, spec.Layers.Select(l => l.Member));
        Assert.Equal(new[] { 78_500, 5_050, 510 }, spec.Layers.Select(l => l.ParameterCount));
        Assert.Equal(84_060, spec.ParameterCount);
        Assert.Equal("softmax", spec.OutputActivation);
        Assert.Equal(2 * (100 + 50 + 10), spec.ActivationsPerSample);
        Assert.Equal(new[] { "dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias", "dense_2.kernel", "dense_2.bias" },
            spec.Weights.Select(w => w.Key));
        Assert.Equal(new[] { 0, 78_400, 78_500, 83_500, 83_550, 84_050 }, spec.Weights.Select(w => w.Offset));
    }

    [Fact]
    public void Dense_OnRank2Input_AppliesToLastAxis()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 4, 8 }, Dense(16))).Spec!;
        Assert.Equal(new[] { 4, 16 }, spec.Output.Shape);
        Assert.Equal(new[] { 8, 16 }, spec.Weights[0].Shape);
        Assert.Equal(8 * 16 + 16, spec.ParameterCount);
        Assert.Equal(4, spec.Input.LeadingSize);
    }

    [Fact]
    public void LinearActivationLayer_AddsNoTensor()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 3 }, Dense(2, "sigmoid"),
            new ActivationDeclaration("linear", ActivationOptions.None, null))).Spec!;
        Assert.Equal(3, spec.Tensors.Count); // input, z, y
        Assert.Equal("sigmoid", spec.OutputActivation);
        Assert.Equal(spec.Layers[0].Output, spec.Layers[1].Output);
    }

    [Fact]
    public void NoBias_HasKernelOnly()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 3 }, Dense(2, useBias: false))).Spec!;
        Assert.Equal(new[] { "dense.kernel" }, spec.Weights.Select(w => w.Key));
        Assert.Equal("linear", spec.OutputActivation);
    }

    [Fact]
    public void UserNames_WinAndDefaultsCountPerKind()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 3 }, Dense(4, name: "hidden"), Dense(4),
            new ActivationDeclaration("relu", ActivationOptions.None, null), Dense(1))).Spec!;
        Assert.Equal(new[] { "hidden", "dense", "activation", "dense_1" }, spec.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Fingerprint_DependsOnArchitectureNotInitializers()
    {
        string Fingerprint(DenseDeclaration d) => Inferrer.Infer(Model(new[] { 3 }, d)).Spec!.Fingerprint;
        string baseline = Fingerprint(Dense(2));
        Assert.Matches("^[0-9a-f]{16}$", baseline);
        Assert.Equal(baseline, Fingerprint(Dense(2) with { KernelInitializer = "he_normal" }));
        Assert.NotEqual(baseline, Fingerprint(Dense(3)));
        Assert.NotEqual(baseline, Fingerprint(Dense(2, "relu")));
    }

    [Fact]
    public void ModelWithError_HasNoSpec()
    {
        InferResult result = Inferrer.Infer(Model(new[] { 3 }, Dense(0)));
        Assert.Null(result.Spec);
        Assert.Equal("GN0013", Assert.Single(result.Diagnostics).Id);
    }

    [Theory]
    [InlineData("glorot_uniform", "glorot_uniform")]
    [InlineData("constant(0.5)", "constant(value=0.5)")]
    [InlineData("constant(value=0.5)", "constant(value=0.5)")]
    [InlineData("random_uniform", "random_uniform(minval=-0.05, maxval=0.05)")]
    [InlineData("random_uniform(-0.1, 0.1)", "random_uniform(minval=-0.1, maxval=0.1)")]
    [InlineData(" random_uniform( minval = -0.1 , maxval=0.1 ) ", "random_uniform(minval=-0.1, maxval=0.1)")]
    [InlineData("random_normal(1, 2)", "random_normal(mean=1, stddev=2)")]
    [InlineData("truncated_normal(stddev=0.1)", "truncated_normal(mean=0, stddev=0.1)")]
    public void Initializer_Parses(string text, string canonical) =>
        Assert.Equal(canonical, InitializerSpec.Parse(text, out _)!.ToString());

    [Theory]
    [InlineData("glorot")]
    [InlineData("zeros(1)")]
    [InlineData("constant(1, 2)")]
    [InlineData("constant(x)")]
    [InlineData("random_uniform(maxval=0.1, -0.1)")]
    [InlineData("random_uniform(1, 0)")]
    [InlineData("random_normal(0, -1)")]
    [InlineData("constant(0.5")]
    public void Initializer_Rejects(string text)
    {
        Assert.Null(InitializerSpec.Parse(text, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void InitializerCall_PassesFansAndFloatLiterals()
    {
        Assert.Equal("global::GenNet.Initializers.RandomUniform(w, -0.1f, 0.1f, rng);",
            InitializerSpec.Parse("random_uniform(-0.1, 0.1)", out _)!.Call("w", 3, 4));
        Assert.Equal("global::GenNet.Initializers.HeNormal(w, 3, 4, rng);", InitializerSpec.Parse("he_normal", out _)!.Call("w", 3, 4));
    }

    [Theory]
    [InlineData(0.1, "0.1f")]
    [InlineData(-5e-5, "-5E-05f")]
    [InlineData(6, "6f")]
    [InlineData(double.PositiveInfinity, "float.PositiveInfinity")]
    public void FloatLiteral_IsInvariantAndRoundTrips(double value, string literal) => Assert.Equal(literal, Text.FloatLiteral(value));
}
