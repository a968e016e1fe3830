using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// When a Conv2D's relu output is read by one MaxPooling2D alone, or a Dense's by one Dense, the relu goes into the
/// producer's store and its gradient into the reader's backward; anything else keeps the separate activation calls.
/// </summary>
public class ReluFusionTests
{
    [Fact]
    public void ConvReluThenPool_FusesBothDirections()
    {
        string code = GeneratorHarness.Generate(Samples.MnistCnn);
        Assert.Equal(2, Count(code, "Conv2DKernel.ForwardReluDirect("));
        Assert.Equal(2, Count(code, "MaxPooling2DKernel.BackwardRelu("));
        Assert.DoesNotContain("Activations.Relu(conv2d", code);
        Assert.DoesNotContain("ReluGradient(conv2d", code);
        // The dense head's relu is followed by Dropout, not a pool: unchanged.
        Assert.Contains("Activations.Relu(denseZ, dense)", code);
        Assert.Contains("Activations.ReluGradient(denseZ, dense, dDense, dDenseZ)", code);
    }

    [Fact]
    public void ReluOutputWithASecondReader_IsNotFused()
    {
        string code = GeneratorHarness.Generate("""
            using GenNet;

            namespace Samples;

            [Functional(8, 8, 1)]
            [Conv2D(4, 3, Activation = Act.Relu)]
            [MaxPooling2D(2)]
            [Flatten(Name = "pooled")]
            [Flatten(From = "conv2d", Name = "direct")]
            [Concatenate("pooled", "direct")]
            [Dense(10, Activation = Act.Softmax)]
            public partial class TwoReaders { }
            """);
        Assert.DoesNotContain("ForwardRelu(", code);
        Assert.DoesNotContain("BackwardRelu(", code);
        Assert.Contains("Activations.Relu(conv2dZ, conv2d)", code);
        Assert.Contains("Activations.ReluGradient(conv2dZ, conv2d,", code);
    }

    [Theory]
    [InlineData("Activation = Act.Tanh")]
    [InlineData("Activation = Act.Relu6")]
    [InlineData("Activation = Act.LeakyRelu")]
    public void OtherActivationsBeforeAPool_AreNotFused(string activation)
    {
        string code = GeneratorHarness.Generate($$"""
            using GenNet;

            namespace Samples;

            [Sequential(8, 8, 1)]
            [Conv2D(4, 3, {{activation}})]
            [MaxPooling2D(2)]
            [Flatten]
            [Dense(10, Activation = Act.Softmax)]
            public partial class OtherActivation { }
            """);
        Assert.DoesNotContain("ForwardRelu(", code);
        Assert.DoesNotContain("BackwardRelu(", code);
        Assert.Contains("Gradient(conv2dZ, conv2d,", code);
    }

    [Fact]
    public void DenseReluReadByOneDense_FusesBothDirections()
    {
        string code = GeneratorHarness.Generate(Samples.MnistMlp);
        // dense and dense_1 (relu) each feed one Dense: relu as the product is stored, its gradient in the reader's backward.
        Assert.Equal(2, Count(code, "DenseKernel.ForwardRelu("));
        Assert.Equal(2, Count(code, "DenseKernel.BackwardReluInput("));
        Assert.Contains("DenseKernel.BackwardReluInput(dense1, dense2Kernel, dDense2Z, dDense1Z,", code);
        Assert.Contains("DenseKernel.BackwardReluInput(dense, dense1Kernel, dDense1Z, dDenseZ,", code);
        Assert.DoesNotContain("Activations.Relu(", code);
        Assert.DoesNotContain("ReluGradient(", code);
        // The first layer's input needs no gradient: a plain backward there.
        Assert.Contains("DenseKernel.Backward(input, denseKernel, dDenseZ, default,", code);
    }

    [Fact]
    public void DenseReluThroughDropoutOrWithTwoReaders_IsNotFused()
    {
        string code = GeneratorHarness.Generate("""
            using GenNet;

            namespace Samples;

            [Functional(6)]
            [Dense(8, Activation = Act.Relu)]
            [Dropout(0.5)]
            [Dense(4, Activation = Act.Relu, From = "dropout")]
            [Dense(4, From = "dense_1", Name = "left")]
            [Dense(4, From = "dense_1", Name = "right")]
            [Add("left", "right")]
            [Dense(2, Activation = Act.Softmax)]
            public partial class NotFused { }
            """);
        // Not fused: training still writes z and runs the relu after it; only the inference branch stores relu(z) directly.
        Assert.Contains("Activations.Relu(denseZ, dense);", code);
        Assert.Contains("Activations.Relu(dense1Z, dense1);", code);
        int inferenceBranches = code.Split("// z is kept for training's relu gradient").Length - 1;
        Assert.Equal(2, inferenceBranches);
        Assert.Equal(inferenceBranches, code.Split("ForwardRelu(").Length - 1);
        Assert.DoesNotContain("BackwardReluInput(", code);
        Assert.Contains("Activations.ReluGradient(denseZ, dense,", code);
        Assert.Contains("Activations.ReluGradient(dense1Z, dense1,", code);
    }

    [Fact]
    public void DenseLeakyReluBeforeADense_IsNotFused()
    {
        string code = GeneratorHarness.Generate("""
            using GenNet;

            namespace Samples;

            [Sequential(6)]
            [Dense(8, Activation = Act.LeakyRelu)]
            [Dense(2, Activation = Act.Softmax)]
            public partial class Leaky { }
            """);
        Assert.DoesNotContain("ForwardRelu(", code);
        Assert.DoesNotContain("BackwardReluInput(", code);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
