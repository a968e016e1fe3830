using GenNet.Tests.Models;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Onnx;

/// <summary>
/// Functional models with several inputs, several outputs and shared layers ([Reuse]) against ONNX Runtime: one graph input
/// per model input and one graph output per model output, named as ModelInfo names them, each output within 1e-5 of the
/// matching part of Predict's packed output rows.
/// </summary>
public class OnnxMultiIOExportTests
{
    public static TheoryData<string> ModelNames => new()
    {
        nameof(TwoInTwoOutModel), nameof(SiameseModel), nameof(SharedConvChainModel), nameof(NamedInputModel),
        nameof(OutputReadThroughViewModel), nameof(ReuseBeforeLayerModel), nameof(OnnxSharedImageModel),
    };

    private static Model Create(string name, int seed) => name switch
    {
        nameof(TwoInTwoOutModel) => new TwoInTwoOutModel(seed),
        nameof(SiameseModel) => new SiameseModel(seed),
        nameof(SharedConvChainModel) => new SharedConvChainModel(seed),
        nameof(NamedInputModel) => new NamedInputModel(seed),
        nameof(OutputReadThroughViewModel) => new OutputReadThroughViewModel(seed),
        nameof(ReuseBeforeLayerModel) => new ReuseBeforeLayerModel(seed),
        nameof(OnnxSharedImageModel) => new OnnxSharedImageModel(seed),
        _ => throw new ArgumentException(name),
    };

    private static string[] GraphInputs(ModelInfo info) => info.Inputs.Length == 1 ? new[] { "input" } : info.Inputs.Select(i => i.Name).ToArray();

    private static string[] GraphOutputs(ModelInfo info) => info.Outputs.Length == 1 ? new[] { "output" } : info.Outputs.Select(o => o.Name).ToArray();

    private static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void OnnxRuntimeMatchesPredict_EveryOutput(string name)
    {
        foreach (int seed in new[] { 1, 2 })
        {
            Model model = Create(name, seed);
            ModelInfo info = model.Info;
            var random = new Random(seed);
            OnnxExportTests.Randomize(model, random);
            const int batch = 9;
            float[] x = OnnxExportTests.RandomInputs(batch * info.InputSize, random);
            var expected = new float[batch * info.OutputSize];
            model.Predict(x, expected);

            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            using var session = new InferenceSession(model.ToOnnx(), options);
            string[] inputNames = GraphInputs(info), outputNames = GraphOutputs(info);
            Assert.Equal(inputNames, session.InputMetadata.Keys.ToArray());
            Assert.Equal(outputNames, session.OutputMetadata.Keys.ToArray());

            // Packed rows: a sample's inputs side by side, input k at column Offset_k.
            var inputs = new List<OrtValue>();
            try
            {
                foreach (InputInfo input in info.Inputs)
                {
                    int size = Size(input.Shape);
                    var part = new float[batch * size];
                    for (int i = 0; i < batch; i++) Array.Copy(x, i * info.InputSize + input.Offset, part, i * size, size);
                    inputs.Add(OrtValue.CreateTensorValueFromMemory(part, new[] { (long)batch }.Concat(input.Shape.Select(d => (long)d)).ToArray()));
                }
                using var runOptions = new RunOptions();
                using var outputs = session.Run(runOptions, inputNames, inputs, outputNames);
                for (int k = 0; k < info.Outputs.Length; k++)
                {
                    OutputInfo output = info.Outputs[k];
                    Assert.Equal(new[] { (long)batch }.Concat(output.Shape.Select(d => (long)d)), outputs[k].GetTensorTypeAndShape().Shape);
                    int size = Size(output.Shape);
                    // In a packed output row, output k starts at its gradient offset (the output sizes summed in order).
                    var want = new float[batch * size];
                    for (int i = 0; i < batch; i++) Array.Copy(expected, i * info.OutputSize + output.GradientOffset, want, i * size, size);
                    float[] actual = outputs[k].GetTensorDataAsSpan<float>().ToArray();
                    double max = OnnxExportTests.MaxError(want, actual, out double excess);
                    Assert.True(excess <= 0, $"{name} output '{output.Name}' (seed {seed}): max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
                    Assert.True(want.All(float.IsFinite));
                }
            }
            finally
            {
                foreach (OrtValue value in inputs) value.Dispose();
            }
        }
    }

    [Fact]
    public void SharedLayer_ReadsOneSetOfWeights()
    {
        // The encoder is called twice; its kernel's bytes (a pattern no other weight has) must be in the file once.
        var model = new SiameseModel(1);
        WeightInfo kernel = model.Info.Weights.Single(w => w.Name == "encoder.kernel");
        Span<float> values = model.Parameters.Slice(kernel.Offset, kernel.Length);
        for (int i = 0; i < values.Length; i++) values[i] = 1000.25f + i;
        byte[] pattern = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();
        byte[] onnx = model.ToOnnx();
        int count = 0;
        for (int at = onnx.AsSpan().IndexOf(pattern); at >= 0; count++)
        {
            int next = onnx.AsSpan(at + 1).IndexOf(pattern);
            at = next < 0 ? -1 : at + 1 + next;
        }
        Assert.Equal(1, count);
        Assert.Equal(2, model.Info.Layers.Count(l => l.Name == "encoder" || l.Shares == "encoder"));
    }
}
