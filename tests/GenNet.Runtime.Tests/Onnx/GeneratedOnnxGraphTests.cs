using System.Reflection;

namespace GenNet.Tests.Onnx;

/// <summary>
/// Models whose every layer has an ONNX mapping in the generator export through their generated <c>BuildOnnx</c> node list
/// (OnnxExportTests checks those exports against ONNX Runtime); the others keep the ModelInfo-driven export.
/// </summary>
public class GeneratedOnnxGraphTests
{
    private static bool HasGeneratedGraph(Type model) =>
        model.GetMethod("BuildOnnx", BindingFlags.Instance | BindingFlags.NonPublic)?.DeclaringType == model;

    [Theory]
    [InlineData(typeof(OnnxLogisticRegression))]
    [InlineData(typeof(OnnxActivationsMlp))]
    public void DenseAndActivationModels_HaveAGeneratedGraph(Type model) => Assert.True(HasGeneratedGraph(model), model.Name);

    [Theory]
    [InlineData(typeof(OnnxMnistCnn))]
    [InlineData(typeof(OnnxThresholdRelu))]
    [InlineData(typeof(OnnxTwoBranch))]
    [InlineData(typeof(OnnxRankTwo))]
    public void ModelsWithUnmappedLayers_KeepTheDefaultExport(Type model) => Assert.False(HasGeneratedGraph(model), model.Name);

    [Fact]
    public void GeneratedGraph_ReadsTheCurrentWeightsAtExport()
    {
        var model = new OnnxLogisticRegression(3);
        byte[] before = model.ToOnnx();
        model.Parameters[0] += 1f;
        Assert.NotEqual(before, model.ToOnnx());
    }
}
