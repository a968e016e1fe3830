using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// The generated <c>BuildOnnx</c>: each layer writes its own ONNX nodes (one call per node), and a model with a layer or
/// activation that has no mapping gets no override, so the runtime's export reports it by name.
/// </summary>
public class OnnxEmitTests
{
    private static string Model(string layers) => $$"""
        using GenNet;

        namespace Samples;

        {{layers}}
        public partial class M { }
        """;

    [Fact]
    public void DenseDropoutActivation_EmitTheirNodesInLayerOrder()
    {
        string code = GeneratorHarness.Generate(Model(
            "[Sequential(4)] [Dense(3, Activation = Act.Silu, Name = \"hidden\")] [Dropout(0.5)] [Dense(2, UseBias = false)] [Activation(Act.LeakyRelu, Alpha = 0.05)]"));
        string[] expected =
        {
            "protected override string BuildOnnx(global::GenNet.Onnx.OnnxGraphBuilder onnx)",
            "string hiddenMatmul = onnx.Node(\"MatMul\", \"hidden_matmul\", new[] { onnx.Input, onnx.Parameter(\"hidden.kernel\", HiddenKernelOffset, 4, 3) });",
            "string hiddenBias = onnx.Node(\"Add\", \"hidden_bias\", new[] { hiddenMatmul, onnx.Parameter(\"hidden.bias\", HiddenBiasOffset, 3) });",
            "string hiddenSiluSigmoid = onnx.Node(\"Sigmoid\", \"hidden_silu_sigmoid\", new[] { hiddenBias });",
            "string hiddenSilu = onnx.Node(\"Mul\", \"hidden_silu\", new[] { hiddenBias, hiddenSiluSigmoid });",
            "// dropout · Dropout(0.5)",
            "string denseMatmul = onnx.Node(\"MatMul\", \"dense_matmul\", new[] { hiddenSilu, onnx.Parameter(\"dense.kernel\", DenseKernelOffset, 3, 2) });",
            "string activationLeakyRelu = onnx.Node(\"LeakyRelu\", \"activation_leaky_relu\", new[] { denseMatmul }, global::GenNet.Onnx.OnnxAttribute.Float(\"alpha\", 0.05f));",
            "return activationLeakyRelu;",
        };
        int at = 0;
        foreach (string line in expected)
        {
            int found = code.IndexOf(line, at, StringComparison.Ordinal);
            Assert.True(found >= 0, "missing, or out of order: " + line);
            at = found + line.Length;
        }
        Assert.DoesNotContain("dense_bias", code);
    }

    [Theory]
    [InlineData("[Sequential(4)] [Dense(3)] [Activation(Act.Relu, Threshold = 0.5)]")]
    [InlineData("[Sequential(4, 4, 1)] [Conv2D(2, 3)] [Flatten] [Dense(2)]")]
    public void ModelWithAnUnmappedLayerOrActivation_GetsNoOverride(string layers)
    {
        string code = GeneratorHarness.Generate(Model(layers));
        Assert.Contains("partial class M", code);
        Assert.DoesNotContain("BuildOnnx", code);
    }
}
