using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// Weight locals (<c>denseKernel</c>) and the kernels alias share scopes with names the user chooses: layer names, and types
/// and members in the model's namespace and class. Each case must still compile cleanly.
/// </summary>
public class LocalNameCollisionTests
{
    private const string LayersNamedLikeParameters = """
        using GenNet;
        /// <summary>M.</summary>
        [Sequential(4)]
        [Dense(3, Name = "parameters", Activation = Act.Relu)]
        [Dense(3, Name = "state")]
        [BatchNormalization(Name = "gradients")]
        [Dropout(0.5, Name = "random")]
        [Dense(3, Name = "dense", Activation = Act.Tanh)]
        [Dense(2, Name = "dense_kernel", Activation = Act.Softmax)]
        public partial class M { }
        """;

    [Fact]
    public void LayersNamedLikeMethodParametersAndOtherLocals_Compile() =>
        CompileOutputTests.AssertCompilesCleanly(LayersNamedLikeParameters);

    [Fact]
    public void LayersNamedLikeMethodParameters_GetSuffixedWeightLocals()
    {
        string code = GeneratorHarness.Generate(LayersNamedLikeParameters);
        // Layer "parameters": its output local steps aside from the method parameter; its weights read through their own locals.
        Assert.Contains("global::System.ReadOnlySpan<float> parametersKernel = parameters.Slice(ParametersKernelOffset, ParametersKernelLength);", code);
        // (Its relu is applied as the product is stored: its one reader, Dense "state", folds the relu gradient in.)
        Assert.Contains("DenseKernel.ForwardRelu(input, parametersKernel, parametersBias, parameters_, batch, 4, 3);", code);
        // Layer "dense_kernel"'s output would be called denseKernel, the name of layer "dense"'s kernel: the later one gets the '_'.
        Assert.Contains("global::System.ReadOnlySpan<float> denseKernel = parameters.Slice(DenseKernelOffset, DenseKernelLength);", code);
        Assert.Contains("global::System.Span<float> denseKernel_ = activations.Slice(", code);
        // A state weight in Forward is writable (training updates the moving statistics).
        Assert.Contains("global::System.Span<float> gradientsMovingMean = state.Slice(GradientsMovingMeanOffset, GradientsMovingMeanLength);", code);
    }

    [Fact]
    public void UserTypesAndMembersNamedLikeAReadableAlias_Compile() =>
        CompileOutputTests.AssertCompilesCleanly("""
            using GenNet;
            namespace App
            {
                /// <summary>A user type named like the obvious alias for GenNet.Kernels.</summary>
                public static class Kernels { }

                /// <summary>A user type named like the runtime's namespace.</summary>
                public static class GenNet { }

                /// <summary>M.</summary>
                [Sequential(5, 5, 1)]
                [Conv2D(2, 3, Activation = Act.Relu)]
                [MaxPooling2D(2, 1)]
                [Flatten]
                [Dense(2, Activation = Act.Softmax)]
                public partial class M
                {
                    /// <summary>A member named like the obvious alias.</summary>
                    public int Kernels => 0;
                }
            }
            """);
}
