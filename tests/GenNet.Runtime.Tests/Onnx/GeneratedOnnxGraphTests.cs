using System.Reflection;
using GenNet.Tests.Models;

namespace GenNet.Tests.Onnx;

/// <summary>
/// Every generated model carries its ONNX graph as a generated <c>BuildOnnx</c> node list (OnnxExportTests and
/// OnnxMultiIOExportTests check those graphs against ONNX Runtime); a model with a layer that has no ONNX form gets an
/// override that throws naming the layer, before anything is written.
/// </summary>
public class GeneratedOnnxGraphTests
{
    private static bool HasGeneratedGraph(Type model) =>
        model.GetMethod("BuildOnnx", BindingFlags.Instance | BindingFlags.NonPublic)?.DeclaringType == model;

    [Theory]
    [InlineData(typeof(OnnxLogisticRegression))]
    [InlineData(typeof(OnnxActivationsMlp))]
    [InlineData(typeof(OnnxMnistCnn))]
    [InlineData(typeof(OnnxConvBlocks))]
    [InlineData(typeof(OnnxRankTwo))]
    [InlineData(typeof(OnnxTwoBranch))]
    [InlineData(typeof(OnnxImageMerges))]
    [InlineData(typeof(OnnxSharedImageModel))]
    [InlineData(typeof(TwoInTwoOutModel))]
    [InlineData(typeof(OnnxThresholdRelu))]
    [InlineData(typeof(Lambda.RowSumsModel))]
    public void EveryGeneratedModel_HasAGeneratedGraph(Type model) => Assert.True(HasGeneratedGraph(model), model.Name);

    [Fact]
    public void GeneratedGraph_ReadsTheCurrentWeightsAtExport()
    {
        var model = new OnnxLogisticRegression(3);
        byte[] before = model.ToOnnx();
        model.Parameters[0] += 1f;
        Assert.NotEqual(before, model.ToOnnx());
    }

    [Fact]
    public void GeneratedGraph_ReadsTheCurrentStateAtExport()
    {
        var model = new OnnxConvBlocks(3);
        byte[] before = model.ToOnnx();
        model.State[0] += 1f;   // batch_normalization.moving_mean
        Assert.NotEqual(before, model.ToOnnx());
    }

    [Fact]
    public void UnsupportedLayer_ThrowsBeforeWritingTheFile()
    {
        var model = new Lambda.RowSumsModel();
        string path = Path.Combine(Path.GetTempPath(), "gennet-onnx-" + Guid.NewGuid().ToString("N") + ".onnx");
        var e = Assert.Throws<NotSupportedException>(() => model.SaveOnnx(path));
        Assert.Contains("'row_sums'", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
