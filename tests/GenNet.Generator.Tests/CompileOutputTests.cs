using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>
/// The generated code compiles against the real runtime with zero errors and zero warnings (documentation
/// diagnostics on, nullable on), so users with TreatWarningsAsErrors can use it.
/// </summary>
public class CompileOutputTests
{
    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void SampleModel_GeneratedCode_CompilesWithoutWarnings(string name) =>
        AssertCompilesCleanly(Samples.Source(name));

    [Theory]
    [InlineData("[Sequential(4, 8)] [Dense(16, Activation = Act.Relu, UseBias = false)] [Dense(3, Activation = Act.LogSoftmax)]")]
    [InlineData("[Sequential(6)] [Activation(Act.Relu, MaxValue = 6, NegativeSlope = 0.1)] [Dense(4, KernelInitializer = \"he_normal\", BiasInitializer = \"constant(0.1)\")] [Activation(Act.LeakyRelu, Alpha = 0.3)] [Activation(Act.Linear)] [Dense(2, Activation = Act.Gelu)]")]
    [InlineData("[Sequential(3)] [Activation(Act.Linear)]")]
    [InlineData("[Sequential(3)] [Activation(Act.Tanh)] [Activation(Act.Softmax)]")]
    [InlineData("[Sequential(Input = new[] { 2, 3 }, Name = \"tiny\")] [Dense(2, Name = \"input\")] [Dense(2, Name = \"int\", Activation = Act.Swish)]")]
    [InlineData("[Sequential(2, 3)] [Flatten]")]
    [InlineData("[Sequential(12)] [Reshape(2, 2, 3)] [Flatten] [Reshape(-1, 3)] [Dense(2, Activation = Act.Softmax)]")]
    [InlineData("[Sequential(9, 9, 2)] [Conv2D(4, 3, 2, Strides = 2, Padding = \"same\", UseBias = false, KernelInitializer = \"he_normal\", Name = \"stem\")] [BatchNormalization(Center = false, Scale = false)] [Dropout(0.1)] [MaxPooling2D(2, 1, Padding = \"same\")] [Conv2D(2, 2, DilationRate = 2, Activation = Act.Softmax)]")]
    [InlineData("[Sequential(4)] [BatchNormalization(Momentum = 0.9, Epsilon = 1e-5)] [Dropout(0.5)]")]
    public void UnusualModel_GeneratedCode_CompilesWithoutWarnings(string attributes) =>
        AssertCompilesCleanly("using GenNet;\n/// <summary>M.</summary>\n" + attributes + "\npublic partial class M { }\n");

    [Fact]
    public void NestedModel_GeneratedCode_CompilesWithoutWarnings() =>
        AssertCompilesCleanly("""
            using GenNet;
            namespace A.B
            {
                /// <summary>Outer.</summary>
                public static partial class Outer
                {
                    /// <summary>Inner.</summary>
                    public partial record Middle
                    {
                        /// <summary>M.</summary>
                        [Sequential(2)]
                        [Dense(1)]
                        internal sealed partial class M { }
                    }
                }
            }
            """);

    [Fact]
    public void LambdaMethodsOnPrivateNestedStructGenericTypeAndOverloads_CompileWithoutWarnings() =>
        AssertCompilesCleanly("""
            using System;
            using GenNet;
            namespace A
            {
                /// <summary>Outer.</summary>
                public static partial class Outer
                {
                    /// <summary>M.</summary>
                    [Functional(2, 3)]
                    [Dense(3, Name = "a")]
                    [Lambda(typeof(Hidden), nameof(Hidden.Negate), Backward = nameof(Hidden.Negate))]
                    [Lambda(typeof(Ops<float>), nameof(Ops<float>.Copy), Backward = "CopyBack", From = "a")]
                    [Lambda(nameof(M.Halve), Backward = nameof(M.Halve), From = "a", OutputShape = new[] { 6 })]
                    [Reshape(2, 3)]
                    [Lambda(typeof(Ops<float>), "checked", Backward = nameof(Ops<float>.CopyBack), Name = "keyword")]
                    [Add("lambda", "lambda_1", "keyword")]
                    internal sealed partial class M
                    {
                        private static void Halve(ReadOnlySpan<float> input, Span<float> output, int batch) { }

                        private static void Halve(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch) { }

                        private struct Hidden
                        {
                            public static void Negate(ReadOnlySpan<float> input, Span<float> output, int batch) { }

                            public static void Negate(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch) { }
                        }
                    }
                }

                /// <summary>Generic ops.</summary>
                public static class Ops<T>
                {
                    /// <summary>Copy.</summary>
                    public static void Copy(ReadOnlySpan<float> input, Span<float> output, int batch) => input.CopyTo(output);

                    /// <summary>A method named like a keyword.</summary>
                    public static void @checked(ReadOnlySpan<float> input, Span<float> output, int batch) => input.CopyTo(output);

                    /// <summary>Copy back.</summary>
                    public static void CopyBack(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch) =>
                        outputGradient.CopyTo(inputGradient);
                }
            }
            """);

    internal static void AssertCompilesCleanly(string source)
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedSources);
        var problems = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString() + "\n  at: " + d.Location.SourceTree?.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim())
            .ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems) + "\n\n" + result.GeneratedSources[0].SourceText);
    }
}
