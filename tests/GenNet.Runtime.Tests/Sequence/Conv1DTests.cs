using System.Text.Json;
using GenNet.Kernels;
using GenNet.Tests.Models;

namespace GenNet.Tests.Sequence;

// One model per layers2.json Conv1D case: input (7, 3), 4 filters, kernel 3.
[Sequential(7, 3)] [Conv1D(4, 3)] public partial class Conv1DValidModel { }
[Sequential(7, 3)] [Conv1D(4, 3, Padding = "same")] public partial class Conv1DSameModel { }
[Sequential(7, 3)] [Conv1D(4, 3, Padding = "causal")] public partial class Conv1DCausalModel { }
[Sequential(7, 3)] [Conv1D(4, 3, Strides = 2)] public partial class Conv1DValidStrideModel { }
[Sequential(7, 3)] [Conv1D(4, 3, Strides = 2, Padding = "same")] public partial class Conv1DSameStrideModel { }
[Sequential(7, 3)] [Conv1D(4, 3, Padding = "causal", DilationRate = 2)] public partial class Conv1DCausalDilatedModel { }
[Sequential(7, 3)] [Conv1D(4, 3, Padding = "same", DilationRate = 2)] public partial class Conv1DSameDilatedModel { }

/// <summary>
/// A stack of sequence convolutions: causal + dilation + activation, then a strided "same" one reading the first (so its
/// input gradient is generated), a valid one without bias, and a classifier.
/// </summary>
[Sequential(10, 3)]
[Conv1D(4, 3, Padding = "causal", DilationRate = 2, Activation = Act.Tanh)]
[Conv1D(5, 2, Strides = 2, Padding = "same", Activation = Act.Relu)]
[Conv1D(3, 2, UseBias = false)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class Conv1DStackModel { }

/// <summary>Conv1D against layers2.json (float64 truth, via the generated model and its generated geometry) and central differences.</summary>
public class Conv1DTests
{
    public static TheoryData<string> Cases() => new(
        "conv1d_valid_s1_d1", "conv1d_same_s1_d1", "conv1d_causal_s1_d1", "conv1d_valid_s2_d1", "conv1d_same_s2_d1",
        "conv1d_causal_s1_d2", "conv1d_same_s1_d2");

    private static (Model Model, Conv2DGeometry Geometry) Create(string name) => name switch
    {
        "conv1d_valid_s1_d1" => (new Conv1DValidModel(), Conv1DValidModel.Conv1dGeometry),
        "conv1d_same_s1_d1" => (new Conv1DSameModel(), Conv1DSameModel.Conv1dGeometry),
        "conv1d_causal_s1_d1" => (new Conv1DCausalModel(), Conv1DCausalModel.Conv1dGeometry),
        "conv1d_valid_s2_d1" => (new Conv1DValidStrideModel(), Conv1DValidStrideModel.Conv1dGeometry),
        "conv1d_same_s2_d1" => (new Conv1DSameStrideModel(), Conv1DSameStrideModel.Conv1dGeometry),
        "conv1d_causal_s1_d2" => (new Conv1DCausalDilatedModel(), Conv1DCausalDilatedModel.Conv1dGeometry),
        "conv1d_same_s1_d2" => (new Conv1DSameDilatedModel(), Conv1DSameDilatedModel.Conv1dGeometry),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv1D_MatchesKeras(string name)
    {
        JsonElement c = SequenceCases.Get(name);
        var (model, g) = Create(name);
        int[] xShape = SequenceCases.Shape(c, "inputs", "x"), yShape = SequenceCases.Shape(c, "outputs", "y");
        int batch = xShape[0];
        Assert.Equal(xShape[1..], model.Info.InputShape);
        Assert.Equal(yShape[1..], model.Info.OutputShape);
        Assert.Equal(new[] { 3, 3, 4 }, model.Info.Weights.Single(w => w.Name == "conv1d.kernel").Shape);
        float[] x = SequenceCases.Floats(c, "inputs", "x"), kernel = SequenceCases.Floats(c, "params", "kernel");
        float[] bias = SequenceCases.Floats(c, "params", "bias"), dy = SequenceCases.Floats(c, "upstream", "dy");
        SequenceCases.SetWeight(model, "conv1d.kernel", kernel);
        SequenceCases.SetWeight(model, "conv1d.bias", bias);

        // Forward through the generated code.
        var y = new float[batch * model.Info.OutputSize];
        model.Predict(x, y);
        SequenceCases.AssertOutput(c, "y", y);

        // Backward: the kernel the generated code calls, on the geometry it emitted (a model's first layer computes no dx).
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[bias.Length];
        Conv2DKernel.Backward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);
        SequenceCases.AssertOutput(c, "dx", dx);
        SequenceCases.AssertOutput(c, "dkernel", dKernel);
        SequenceCases.AssertOutput(c, "dbias", dBias);
    }

    [Fact]
    public void Conv1D_Causal_PadsOnlyBefore_OutputStepSeesNoLaterInput()
    {
        Assert.Equal(4, Conv1DCausalDilatedModel.Conv1dGeometry.PadLeft);            // (k − 1)·d = 2·2
        Assert.Equal(7, Conv1DCausalDilatedModel.Conv1dGeometry.OutWidth);
        var model = new Conv1DCausalDilatedModel(seed: 3);
        var rng = new Rng(2);
        float[] x = Enumerable.Range(0, 7 * 3).Select(_ => rng.NextSingle()).ToArray();
        var y = new float[Conv1DCausalDilatedModel.OutputSize];
        model.Predict(x, y);
        // Changing step 5 changes no output before step 5.
        x[5 * 3 + 1] += 1;
        var y2 = new float[y.Length];
        model.Predict(x, y2);
        Assert.Equal(y.AsSpan(0, 5 * 4).ToArray(), y2.AsSpan(0, 5 * 4).ToArray());
        Assert.NotEqual(y[5 * 4], y2[5 * 4]);
    }

    [Fact]
    public void Conv1DStack_GradientsMatchCentralDifferences()
    {
        var rng = new Rng(11);
        const int count = 6;
        float[] x = Enumerable.Range(0, count * Conv1DStackModel.InputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);
        ModelGradientTests.CheckGradients(new Conv1DStackModel(seed: 5), Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }

    [Fact]
    public void Conv1D_SummaryAndConfig_AreKeras()
    {
        var model = new Conv1DStackModel();
        LayerInfo first = model.Info.Layers[0];
        Assert.Equal(("conv1d", "Conv1D"), (first.Name, first.TypeName));
        Assert.Equal(new[] { 10, 4 }, first.OutputShape);
        Assert.Equal(3 * 3 * 4 + 4, first.ParameterCount);
        Assert.Equal("causal", first.Config["padding"]);
        Assert.Equal("2", first.Config["dilation_rate"]);
        Assert.Equal("conv1d_1", model.Info.Layers[1].Name);
        Assert.Equal(new[] { 5, 5 }, model.Info.Layers[1].OutputShape);
        Assert.Equal("conv1d_2", model.Info.Layers[2].Name);
        Assert.Equal(new[] { 4, 3 }, model.Info.Layers[2].OutputShape);
    }
}
