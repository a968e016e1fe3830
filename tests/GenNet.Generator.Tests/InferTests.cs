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

    private static Conv2DDeclaration Conv2D(int filters, int kernel, string? activation = null, int strides = 1, string? padding = null,
        int dilation = 1) =>
        new(filters, kernel, kernel, "kernelSize", strides, padding, dilation, activation, true, null, null, null);

    private static MaxPooling2DDeclaration MaxPool(int pool = 2, int? strides = null, string? padding = null) =>
        new(pool, pool, "poolSize", strides, padding, null);

    private static AveragePooling2DDeclaration AveragePool(int pool = 2, int? strides = null, string? padding = null) =>
        new(pool, pool, "poolSize", strides, padding, null);

    /// <summary>The Keras MNIST convnet tutorial.</summary>
    private static ModelDeclaration MnistCnn() => Model(new[] { 28, 28, 1 },
        Conv2D(16, 3, "relu"), MaxPool(), Conv2D(32, 3, "relu"), MaxPool(), new FlattenDeclaration(null),
        Dense(64, "relu"), new DropoutDeclaration(0.2, null), Dense(10, "softmax"));

    [Fact]
    public void MnistCnn_HasKerasNamesShapesAndParameterCounts()
    {
        ModelSpec spec = Inferrer.Infer(MnistCnn()).Spec!;
        Assert.Equal(new[] { "conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dense", "dropout", "dense_1" },
            spec.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "(26, 26, 16)", "(13, 13, 16)", "(11, 11, 32)", "(5, 5, 32)", "(800)", "(64)", "(64)", "(10)" },
            spec.Layers.Select(l => Text.Shape(spec.Tensors[l.Output].Shape)));
        Assert.Equal(new[] { 160, 0, 4_640, 0, 0, 51_264, 0, 650 }, spec.Layers.Select(l => l.ParameterCount));
        Assert.Equal(56_714, spec.ParameterCount);
        Assert.Equal(0, spec.StateCount);
        Assert.Equal(new[] { 3, 3, 1, 16 }, spec.Weights[0].Shape);
        Assert.Equal((9, 144), (spec.Weights[0].FanIn, spec.Weights[0].FanOut));
        Assert.Equal("softmax", spec.OutputActivation);
    }

    [Fact]
    public void MnistCnn_FlattenIsAViewAndScratchFitsTheLargestConvolution()
    {
        ModelSpec spec = Inferrer.Infer(MnistCnn()).Spec!;
        TensorSpec flatten = spec.Tensors[spec.Layers[4].Output];
        TensorSpec pooled = spec.Tensors[spec.Layers[3].Output];
        Assert.True(flatten.IsAlias);
        Assert.Equal((pooled.Local, pooled.Offset), (flatten.Local, flatten.Offset));
        // conv2d: 26·26 patches of 3·3·1 plus the 9×16 kernel; conv2d_1: 11·11·144 + 144·32 = 22,032 (the larger).
        Assert.Equal(11 * 11 * 144 + 144 * 32, spec.ConvolutionScratch);
        Assert.Equal(spec.ConvolutionScratch, spec.ScratchSize);
    }

    [Theory]
    [InlineData(28, 3, 1, 1, "valid", 26)]
    [InlineData(28, 3, 1, 1, "same", 28)]
    [InlineData(28, 3, 2, 1, "valid", 13)]
    [InlineData(28, 3, 2, 1, "same", 14)]
    [InlineData(28, 3, 1, 2, "valid", 24)]
    [InlineData(7, 7, 1, 1, "valid", 1)]
    public void Conv2D_OutputSize_FollowsKeras(int n, int kernel, int strides, int dilation, string padding, int expected)
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { n, n, 2 }, Conv2D(4, kernel, strides: strides, padding: padding, dilation: dilation))).Spec!;
        Assert.Equal(new[] { expected, expected, 4 }, spec.Output.Shape);
    }

    [Theory]
    [InlineData(5, 2, null, "valid", 2)]
    [InlineData(5, 2, null, "same", 3)]
    [InlineData(8, 3, 2, "same", 4)]
    [InlineData(8, 3, 1, "valid", 6)]
    public void Pooling_OutputSize_FollowsKeras(int n, int pool, int? strides, string padding, int expected)
    {
        Assert.Equal(new[] { expected, expected, 3 }, Inferrer.Infer(Model(new[] { n, n, 3 }, MaxPool(pool, strides, padding))).Spec!.Output.Shape);
        Assert.Equal(new[] { expected, expected, 3 }, Inferrer.Infer(Model(new[] { n, n, 3 }, AveragePool(pool, strides, padding))).Spec!.Output.Shape);
    }

    [Fact]
    public void BatchNormalization_HasTrainableGammaBetaAndStateStatistics()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 4, 4, 3 }, Conv2D(8, 3),
            new BatchNormalizationDeclaration(0.99, 1e-3, true, true, null), new BatchNormalizationDeclaration(0.9, 1e-5, true, true, null))).Spec!;
        LayerSpec bn = spec.Layers[1];
        Assert.Equal("batch_normalization", bn.Name);
        Assert.Equal("batch_normalization_1", spec.Layers[2].Name);
        Assert.Equal((32, 16), (bn.ParameterCount, bn.TrainableCount));
        Assert.Equal(new[] { "batch_normalization.gamma", "batch_normalization.beta", "batch_normalization.moving_mean", "batch_normalization.moving_variance" },
            bn.Weights.Select(w => w.Key));
        Assert.Equal(new[] { true, true, false, false }, bn.Weights.Select(w => w.Trainable));
        Assert.Equal(4 * 8, spec.StateCount);
        Assert.Equal(new[] { 0, 8, 16, 24 }, spec.Weights.Where(w => !w.Trainable).Select(w => w.Offset));
        Assert.Equal(2 * 2 * 8, spec.SavedScratch); // 2·C per layer, before the im2col space
        Assert.Equal(spec.SavedScratch + spec.ConvolutionScratch, spec.ScratchSize);
    }

    [Fact]
    public void Reshape_InfersMinusOne_AndGlobalPoolingGivesChannels()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 48 }, new ReshapeDeclaration(new[] { 4, -1, 3 }.ToEquatableArray(), null),
            new GlobalAveragePooling2DDeclaration(null))).Spec!;
        Assert.Equal(new[] { 4, 4, 3 }, spec.Tensors[spec.Layers[0].Output].Shape);
        Assert.Equal(new[] { 3 }, spec.Output.Shape);
    }

    [Fact]
    public void ViewOfModelInput_AsModelOutput_IsCopiedIntoTheWorkspace()
    {
        ModelSpec spec = Inferrer.Infer(Model(new[] { 2, 3 }, new FlattenDeclaration(null))).Spec!;
        Assert.False(spec.Output.IsAlias);
        Assert.False(spec.Output.IsModelInput);
        Assert.Equal(6, spec.ActivationsPerSample);
    }

    [Fact]
    public void ShapeError_StopsInferenceAtThatLayer()
    {
        InferResult result = Inferrer.Infer(Model(new[] { 784 }, Conv2D(8, 3), MaxPool(), Dense(0)));
        Assert.Null(result.Spec);
        Assert.Equal("GN0103", Assert.Single(result.Diagnostics).Id);
    }

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

    private static ModelDeclaration Functional(int[] input, string? output, params LayerDeclaration[] layers) =>
        Model(input, layers) with { IsFunctional = true, Output = output };

    private static T From<T>(T layer, params string[] from) where T : LayerDeclaration =>
        layer with { From = from.ToEquatableArray() };

    [Fact]
    public void Functional_ForwardReference_IsOrderedTopologicallyWithDeclarationOrderAmongReadyLayers()
    {
        // "head" is declared first but reads "b": the order is a, b (ready, in declaration order), then head.
        ModelSpec spec = Inferrer.Infer(Functional(new[] { 4 }, "head",
            From(Dense(2, name: "head"), "b"), From(Dense(3, name: "a"), "input_layer"), From(Dense(3, name: "b"), "a"))).Spec!;
        Assert.Equal(new[] { "a", "b", "head" }, spec.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "input_layer", "a", "b" }, spec.Layers.Select(l => l.Identity.Inbound.Single()));
        Assert.Equal(spec.Layers[2].Output, spec.OutputTensor);
    }

    [Fact]
    public void Functional_MergesInferShapesAndTensorsReadTwiceGetAGradientPartial()
    {
        ModelSpec spec = Inferrer.Infer(Functional(new[] { 4 }, null,
            Dense(3, "tanh", name: "a"), From(Dense(3, name: "b"), "a"), new AddDeclaration(null) { From = new[] { "a", "b" }.ToEquatableArray() },
            new ConcatenateDeclaration(-1, null) { From = new[] { "add", "input_layer" }.ToEquatableArray() }, Dense(2, "softmax"))).Spec!;
        Assert.Equal(new[] { "(3)", "(3)", "(3)", "(7)", "(2)" }, spec.Layers.Select(l => Text.Shape(spec.Tensors[l.Output].Shape)));
        GradientPartialSpec partial = Assert.Single(spec.Partials);
        Assert.Equal(spec.Tensors[spec.Layers[0].Output].GradientLocal, partial.GradientLocal);
        Assert.Equal(3, spec.Tensors[partial.Partial].Size);
        Assert.Equal("softmax", spec.OutputActivation);
        Assert.Equal("functional", spec.Name);
    }

    [Fact]
    public void Functional_ViewsAreNotReadersOfTheirOwn()
    {
        // dense reads flatten, a view of conv2d's output: conv2d's gradient has one writer, so no partial.
        ModelSpec spec = Inferrer.Infer(Functional(new[] { 4, 4, 1 }, null, Conv2D(2, 3), new FlattenDeclaration(null), Dense(2))).Spec!;
        Assert.Empty(spec.Partials);
    }

    [Fact]
    public void Functional_OutputActivation_IsThatOfTheOutputsOwnPath()
    {
        // The last layer in order is a merge: no fused loss, even though a branch ends in softmax.
        ModelSpec spec = Inferrer.Infer(Functional(new[] { 4 }, null,
            Dense(3, "softmax", name: "a"), From(Dense(3, name: "b"), "input_layer"),
            new AddDeclaration(null) { From = new[] { "a", "b" }.ToEquatableArray() })).Spec!;
        Assert.Equal("linear", spec.OutputActivation);
    }
}
