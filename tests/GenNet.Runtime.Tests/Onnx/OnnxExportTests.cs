using GenNet.Tests.Models;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Onnx;

/// <summary>SaveOnnx against ONNX Runtime: same weights, same inputs, outputs within 1e-5 (absolute + relative).</summary>
public class OnnxExportTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> ModelNames => new()
    {
        nameof(OnnxActivationsMlp), nameof(OnnxMnistCnn), nameof(OnnxConvBlocks), nameof(OnnxOddConv), nameof(OnnxRankTwo),
        nameof(OnnxLogisticRegression),
    };

    /// <summary>Functional graphs: the ones the model tests declare, the sample's two branches, and merges of images and rank-2 tensors.</summary>
    public static TheoryData<string> FunctionalModelNames => new()
    {
        nameof(FunctionalCnnModel), nameof(ConcatBranchModel), nameof(ResidualBranchModel), nameof(ConvConcatModel), nameof(SelfAddModel),
        nameof(SubtractMergeModel), nameof(MultiplyMergeModel), nameof(AverageMergeModel), nameof(MaximumMergeModel),
        nameof(MinimumMergeModel), nameof(ThreeWayExtremumModel), nameof(OnnxTwoBranch), nameof(OnnxImageMerges), nameof(OnnxRankTwoMerges),
    };

    private static Model Create(string name) => name switch
    {
        nameof(OnnxActivationsMlp) => new OnnxActivationsMlp(1),
        nameof(OnnxMnistCnn) => new OnnxMnistCnn(2),
        nameof(OnnxConvBlocks) => new OnnxConvBlocks(3),
        nameof(OnnxOddConv) => new OnnxOddConv(4),
        nameof(OnnxRankTwo) => new OnnxRankTwo(5),
        nameof(OnnxLogisticRegression) => new OnnxLogisticRegression(6),
        nameof(FunctionalCnnModel) => new FunctionalCnnModel(7),
        nameof(ConcatBranchModel) => new ConcatBranchModel(8),
        nameof(ResidualBranchModel) => new ResidualBranchModel(9),
        nameof(ConvConcatModel) => new ConvConcatModel(10),
        nameof(SelfAddModel) => new SelfAddModel(11),
        nameof(SubtractMergeModel) => new SubtractMergeModel(12),
        nameof(MultiplyMergeModel) => new MultiplyMergeModel(13),
        nameof(AverageMergeModel) => new AverageMergeModel(14),
        nameof(MaximumMergeModel) => new MaximumMergeModel(15),
        nameof(MinimumMergeModel) => new MinimumMergeModel(16),
        nameof(ThreeWayExtremumModel) => new ThreeWayExtremumModel(17),
        nameof(OnnxTwoBranch) => new OnnxTwoBranch(18),
        nameof(OnnxImageMerges) => new OnnxImageMerges(19),
        nameof(OnnxRankTwoMerges) => new OnnxRankTwoMerges(20),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Initializer weights, plus random biases, BatchNormalization scales/shifts and moving statistics.</summary>
    internal static void Randomize(Model model, Random random)
    {
        foreach (WeightInfo w in model.Info.Weights)
        {
            Span<float> values = (w.Trainable ? model.Parameters : model.State).Slice(w.Offset, w.Length);
            string kind = w.Name[(w.Name.LastIndexOf('.') + 1)..];
            for (int i = 0; i < values.Length; i++)
            {
                double u = random.NextDouble();
                switch (kind)
                {
                    case "bias" or "beta" or "moving_mean": values[i] = (float)(u - 0.5) * 0.4f; break;
                    case "gamma" or "moving_variance": values[i] = (float)(0.5 + u); break;
                }
            }
        }
    }

    internal static float[] RandomInputs(int count, Random random)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        return x;
    }

    internal static float[] RunOnnx(byte[] onnx, ModelInfo info, float[] x, int batch)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        Assert.Equal("input", session.InputMetadata.Keys.Single());
        Assert.Equal("output", session.OutputMetadata.Keys.Single());
        long[] shape = new[] { (long)batch }.Concat(info.InputShape.Select(d => (long)d)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new[] { "input" }, new[] { input }, new[] { "output" });
        long[] outShape = outputs[0].GetTensorTypeAndShape().Shape;
        Assert.Equal(new[] { (long)batch }.Concat(info.OutputShape.Select(d => (long)d)), outShape);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    internal static double MaxError(float[] expected, float[] actual, out double worstExcess)
    {
        double max = 0;
        worstExcess = double.NegativeInfinity;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - (double)actual[i]);
            max = Math.Max(max, error);
            worstExcess = Math.Max(worstExcess, error - (Tolerance + Tolerance * Math.Abs(expected[i])));
        }
        return max;
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void OnnxRuntimeMatchesPredict(string name) => AssertOnnxRuntimeMatchesPredict(Create(name), name, seed: 42);

    [Theory]
    [MemberData(nameof(FunctionalModelNames))]
    public void OnnxRuntimeMatchesPredict_Functional(string name)
    {
        Assert.All(Create(name).Info.Layers, l => Assert.NotNull(l.Inbound));
        foreach (int seed in new[] { 1, 2, 3 }) AssertOnnxRuntimeMatchesPredict(Create(name), name, seed);
    }

    /// <summary>Every merge kind that takes more than two inputs, with three, against ONNX Runtime.</summary>
    [Theory]
    [InlineData(nameof(ResidualBranchModel), "add_1", "Add")]
    [InlineData(nameof(MultiplyMergeModel), "multiply", "Multiply")]
    [InlineData(nameof(AverageMergeModel), "average_1", "Average")]
    [InlineData(nameof(MaximumMergeModel), "maximum", "Maximum")]
    [InlineData(nameof(ThreeWayExtremumModel), "minimum", "Minimum")]
    [InlineData(nameof(ConvConcatModel), "concatenate", "Concatenate")]
    public void ThreeInputMergeExportsAndMatchesPredict(string name, string layer, string type)
    {
        Model model = Create(name);
        LayerInfo merge = model.Info.Layers.Single(l => l.Name == layer);
        Assert.Equal(type, merge.TypeName);
        Assert.Equal(3, merge.Inbound!.Length);
        AssertOnnxRuntimeMatchesPredict(model, name, seed: 5);
    }

    private static void AssertOnnxRuntimeMatchesPredict(Model model, string name, int seed)
    {
        var random = new Random(seed);
        Randomize(model, random);
        const int batch = 17;
        float[] x = RandomInputs(batch * model.Info.InputSize, random);
        var expected = new float[batch * model.Info.OutputSize];
        model.Predict(x, expected);

        float[] actual = RunOnnx(model.ToOnnx(), model.Info, x, batch);

        Assert.Equal(expected.Length, actual.Length);
        double max = MaxError(expected, actual, out double excess);
        Assert.True(excess <= 0, $"{name}: max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
        Assert.True(expected.All(float.IsFinite));
        Console.WriteLine($"ONNX {name} (seed {seed}): max |GenNet - ORT| = {max:E2}");
    }

    [Fact]
    public void SaveOnnxWritesAFileOnnxRuntimeLoads()
    {
        var model = new OnnxConvBlocks(7);
        string path = Path.Combine(Path.GetTempPath(), "gennet-onnx-" + Guid.NewGuid().ToString("N") + ".onnx");
        try
        {
            model.SaveOnnx(path);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal(model.ToOnnx(), bytes);
            using var session = new InferenceSession(path);
            NodeMetadata input = session.InputMetadata["input"];
            Assert.Equal(new[] { -1, 64 }, input.Dimensions);
            Assert.Equal("N", input.SymbolicDimensions[0]);
            Assert.Equal(typeof(float), input.ElementType);
            Assert.Equal("GenNet", session.ModelMetadata.ProducerName);

            using var stream = new MemoryStream();
            model.SaveOnnx(stream);
            Assert.Equal(bytes, stream.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GeneratedModelInfoCarriesLayerConfig()
    {
        LayerInfo[] layers = OnnxOddConv.ModelInfo.Layers;
        Assert.Equal("4,4", layers[0].Config["kernel_size"]);
        Assert.Equal("same", layers[0].Config["padding"]);
        Assert.Equal("tanh", layers[0].Config["activation"]);
        Assert.Equal("2,2", layers[2].Config["strides"]);
        Assert.Equal("2,2", layers[3].Config["dilation_rate"]);
        Assert.Equal("0.01", layers[4].Config["epsilon"]);
        Assert.Empty(layers[5].Config);   // Flatten
        Assert.Equal("False", layers[7].Config["center"]);
        Assert.Equal("0.2", OnnxMnistCnn.ModelInfo.Layers[6].Config["rate"]);
    }

    [Fact]
    public void UnsupportedActivationOptionThrowsNamingIt()
    {
        var model = new OnnxThresholdRelu();
        var e = Assert.Throws<NotSupportedException>(() => model.ToOnnx());
        Assert.Contains("threshold", e.Message);
        Assert.Contains("activation", e.Message);
    }

    [Fact]
    public void UnsupportedLayerThrowsNamingIt()
    {
        var model = new HandWrittenModel();
        string path = Path.Combine(Path.GetTempPath(), "gennet-onnx-" + Guid.NewGuid().ToString("N") + ".onnx");
        var e = Assert.Throws<NotSupportedException>(() => model.SaveOnnx(path));
        Assert.Contains("lstm", e.Message);
        Assert.Contains("LSTM", e.Message);
        Assert.False(File.Exists(path));
    }

    /// <summary>A model whose ModelInfo names a layer kind the exporter does not know.</summary>
    private sealed class HandWrittenModel() : Model(Description, 0)
    {
        private static readonly ModelInfo Description = new("hand_written", new[] { 2 }, new[] { 2 },
            new[] { new LayerInfo("lstm", "LSTM", new[] { 2 }, 0, 0) }, Array.Empty<WeightInfo>(), 0, 0, 2, 2, 0, 0, "linear", "0");

        protected override void InitializeParameters(Span<float> parameters, Span<float> state, Rng rng) { }

        protected override void Forward(ReadOnlySpan<float> parameters, Span<float> state, ReadOnlySpan<float> input,
            Span<float> activations, Span<float> scratch, int batch, bool training, Rng? random) => input.CopyTo(activations);

        protected override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> activations,
            ReadOnlySpan<float> outputGradient, Span<float> activationGradients, Span<float> gradients, Span<float> scratch, int batch,
            bool outputGradientIsLogits) { }
    }
}
