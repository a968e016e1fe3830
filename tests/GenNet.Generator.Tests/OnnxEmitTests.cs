using System.Text.RegularExpressions;
using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// The generated <c>BuildOnnx</c>: each layer writes its own ONNX nodes (one call per node), layouts are settled at build
/// time (one Transpose pair around a run of convolution-side layers), every model output is written, and a model with a
/// layer or activation that has no ONNX form gets an override that throws naming it.
/// </summary>
public class OnnxEmitTests
{
    private static string Model(string layers) => $$"""
        using GenNet;

        namespace Samples;

        {{layers}}
        public partial class M { }
        """;

    private static int Count(string code, string text) => Regex.Matches(code, Regex.Escape(text)).Count;

    private static void AssertInOrder(string code, params string[] expected)
    {
        int at = 0;
        foreach (string line in expected)
        {
            int found = code.IndexOf(line, at, StringComparison.Ordinal);
            Assert.True(found >= 0, "missing, or out of order: " + line);
            at = found + line.Length;
        }
    }

    [Fact]
    public void DenseDropoutActivation_EmitTheirNodesInLayerOrder()
    {
        string code = GeneratorHarness.Generate(Model(
            "[Sequential(4)] [Dense(3, Activation = Act.Silu, Name = \"hidden\")] [Dropout(0.5)] [Dense(2, UseBias = false)] [Activation(Act.LeakyRelu, Alpha = 0.05)]"));
        AssertInOrder(code,
            "protected override void BuildOnnx(global::GenNet.Onnx.OnnxGraphBuilder onnx)",
            "string input = onnx.Input(0);",
            "string hiddenMatmul = onnx.Node(\"MatMul\", \"hidden_matmul\", new[] { input, onnx.Parameter(\"hidden.kernel\", HiddenKernelOffset, 4, 3) });",
            "string hiddenBias = onnx.Node(\"Add\", \"hidden_bias\", new[] { hiddenMatmul, onnx.Parameter(\"hidden.bias\", HiddenBiasOffset, 3) });",
            "string hiddenSiluSigmoid = onnx.Node(\"Sigmoid\", \"hidden_silu_sigmoid\", new[] { hiddenBias });",
            "string hiddenSilu = onnx.Node(\"Mul\", \"hidden_silu\", new[] { hiddenBias, hiddenSiluSigmoid });",
            "// dropout · Dropout(0.5)",
            "string denseMatmul = onnx.Node(\"MatMul\", \"dense_matmul\", new[] { hiddenSilu, onnx.Parameter(\"dense.kernel\", DenseKernelOffset, 3, 2) });",
            "string activationLeakyRelu = onnx.Node(\"LeakyRelu\", \"activation_leaky_relu\", new[] { denseMatmul }, onnx.Float(\"alpha\", 0.05f));",
            "onnx.Output(0, activationLeakyRelu);");
        Assert.DoesNotContain("dense_bias", code);
    }

    [Fact]
    public void ConvolutionRun_TransposesIntoNchwOnceAndBackOnce()
    {
        string code = GeneratorHarness.Generate(Model(
            "[Sequential(10, 10, 1)] [Conv2D(2, 3, Activation = Act.Softmax)] [BatchNormalization] [MaxPooling2D(2)] [Conv2D(2, 3, Padding = \"same\", Strides = 2)] [Flatten] [Dense(2)]"));
        Assert.Equal(1, Count(code, "\"input_nchw\""));
        Assert.Equal(1, Count(code, "onnx.Ints(\"perm\", 0, 3, 1, 2)"));
        Assert.Equal(1, Count(code, "onnx.Ints(\"perm\", 0, 2, 3, 1)"));
        // Softmax after a convolution runs over the NCHW channel axis.
        Assert.Contains("onnx.Node(\"Softmax\", \"conv2d_softmax\", new[] { conv2d }, onnx.Int(\"axis\", 1))", code);
        // Same padding, 3×3 at stride 2 on the pooled 4×4: 2 outputs, total padding (2−1)·2 + 3 − 4 = 1, the odd pixel after
        // (bottom/right, as Keras): pads (top, left, bottom, right) = 0, 0, 1, 1.
        Assert.Contains("\"conv2d_1\", new[] { maxPooling2d, conv2d1KernelOihw, onnx.Parameter(\"conv2d_1.bias\"", code);
        Assert.Contains("onnx.Ints(\"pads\", 0, 0, 1, 1)", code);
        AssertInOrder(code, "onnx.State(\"batch_normalization.moving_mean\"", "onnx.State(\"batch_normalization.moving_variance\"",
            "onnx.Float(\"epsilon\", 0.001f)");
    }

    [Fact]
    public void SeveralOutputsAndASharedConvolution_WriteEveryOutputAndTransposeTheKernelOnce()
    {
        string code = GeneratorHarness.Generate(Model("""
            [Functional(Outputs = new[] { "a", "b" })]
            [Input("x1", 5, 5, 1)]
            [Input("x2", 5, 5, 1)]
            [Conv2D(2, 3, From = "x1", Name = "conv")]
            [Reuse("conv", From = "x2", Name = "conv_2")]
            [Flatten(From = "conv", Name = "a")]
            [GlobalAveragePooling2D(From = "conv_2", Name = "b")]
            """));
        AssertInOrder(code, "string x1 = onnx.Input(0);", "string x2 = onnx.Input(1);", "onnx.Output(0, a);", "onnx.Output(1, b);");
        Assert.Equal(1, Count(code, "onnx.Node(\"Transpose\", \"conv.kernel_oihw\""));
        Assert.Equal(2, Count(code, "convKernelOihw, onnx.Parameter(\"conv.bias\""));
    }

    [Theory]
    [InlineData("[Sequential(4)] [Dense(3)] [Activation(Act.Relu, Threshold = 0.5)]", "relu activation with a threshold (layer 'activation')")]
    [InlineData("[Sequential(4)] [Lambda(nameof(M.F))] [Dense(2)]", "Lambda layer 'lambda' (M.F)")]
    public void ModelWithALayerWithoutOnnxForm_GetsAnOverrideThatThrowsNamingIt(string layers, string message)
    {
        string source = Model(layers).Replace("public partial class M { }",
            "public partial class M { public static void F(System.ReadOnlySpan<float> input, System.Span<float> output, int batch) => input.CopyTo(output); }");
        string code = GeneratorHarness.Generate(source);
        Assert.Contains("protected override void BuildOnnx(global::GenNet.Onnx.OnnxGraphBuilder onnx) =>", code);
        Assert.Contains("throw new global::System.NotSupportedException(\"", code);
        Assert.Contains(message, code);
        Assert.DoesNotContain("onnx.Node(", code);
    }
}
