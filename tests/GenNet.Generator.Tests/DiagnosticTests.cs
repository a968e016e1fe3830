using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>One test per diagnostic: id, severity, and the source text under the squiggle.</summary>
public class DiagnosticTests
{
    [Theory]
    // GN00xx: declaration
    [InlineData("GN0001", DiagnosticSeverity.Error, "M", "[Sequential(2)] [Dense(1)] public class M { }")]
    [InlineData("GN0002", DiagnosticSeverity.Error, "M", "public class B { } [Sequential(2)] [Dense(1)] public partial class M : B { }")]
    [InlineData("GN0003", DiagnosticSeverity.Error, "M", "public class O { [Sequential(2)] [Dense(1)] public partial class M { } }")]
    [InlineData("GN0004", DiagnosticSeverity.Error, "Activation = \"rleu\"", "[Sequential(2)] [Dense(1, Activation = \"rleu\")] public partial class M { }")]
    [InlineData("GN0004", DiagnosticSeverity.Error, "\"sigmod\"", "[Sequential(2)] [Activation(\"sigmod\")] public partial class M { }")]
    [InlineData("GN0005", DiagnosticSeverity.Error, "M", "[Sequential(2)] [Dense(1)] public partial class M<T> { }")]
    [InlineData("GN0006", DiagnosticSeverity.Error, "KernelInitializer = \"glorot\"", "[Sequential(2)] [Dense(1, KernelInitializer = \"glorot\")] public partial class M { }")]
    [InlineData("GN0006", DiagnosticSeverity.Error, "BiasInitializer = \"constant(x)\"", "[Sequential(2)] [Dense(1, BiasInitializer = \"constant(x)\")] public partial class M { }")]
    [InlineData("GN0006", DiagnosticSeverity.Error, "KernelInitializer = \"random_uniform(lo=1)\"", "[Sequential(2)] [Dense(1, KernelInitializer = \"random_uniform(lo=1)\")] public partial class M { }")]
    [InlineData("GN0007", DiagnosticSeverity.Warning, "Alpha = 0.1", "[Sequential(2)] [Dense(1)] [Activation(Act.Sigmoid, Alpha = 0.1)] public partial class M { }")]
    [InlineData("GN0008", DiagnosticSeverity.Error, "Dense(3)", "[Sequential(2)] [Dense(1)] public partial class M { } [Dense(3)] public partial class M { }")]
    [InlineData("GN0009", DiagnosticSeverity.Warning, "Dense(3)", "[Dense(3)] public partial class M { }")]
    [InlineData("GN0010", DiagnosticSeverity.Error, "Name = \"dense\"", "[Sequential(2)] [Dense(4)] [Dense(1, Name = \"dense\")] public partial class M { }")]
    [InlineData("GN0010", DiagnosticSeverity.Error, "Name = \"dense1\"", "[Sequential(2)] [Dense(4, Name = \"dense_1\")] [Dense(1, Name = \"dense1\")] public partial class M { }")]
    [InlineData("GN0011", DiagnosticSeverity.Error, "Name = \"Output-Layer\"", "[Sequential(2)] [Dense(1, Name = \"Output-Layer\")] public partial class M { }")]
    [InlineData("GN0011", DiagnosticSeverity.Error, "Name = \"MyNet\"", "[Sequential(2, Name = \"MyNet\")] [Dense(1)] public partial class M { }")]
    [InlineData("GN0012", DiagnosticSeverity.Error, "Sequential(2)", "[Sequential(2)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "0", "[Sequential(2)] [Dense(0)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "MaxValue = -1", "[Sequential(2)] [Activation(Act.Relu, MaxValue = -1)] public partial class M { }")]
    [InlineData("GN0014", DiagnosticSeverity.Error, "M", "[Sequential(2)] [Dense(1)] public static partial class M { }")]
    [InlineData("GN0014", DiagnosticSeverity.Error, "M", "[Sequential(2)] [Dense(1)] public partial record M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "0", "[Sequential(8, 8, 1)] [Conv2D(0, 3)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "DilationRate = 0", "[Sequential(8, 8, 1)] [Conv2D(4, 3, DilationRate = 0)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Strides = 0", "[Sequential(8, 8, 1)] [MaxPooling2D(2, Strides = 0)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "1.0", "[Sequential(4)] [Dense(4)] [Dropout(1.0)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Momentum = 1.5", "[Sequential(4)] [BatchNormalization(Momentum = 1.5)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Epsilon = 0", "[Sequential(4)] [BatchNormalization(Epsilon = 0)] public partial class M { }")]
    [InlineData("GN0015", DiagnosticSeverity.Error, "Padding = \"full\"", "[Sequential(8, 8, 1)] [Conv2D(4, 3, Padding = \"full\")] public partial class M { }")]
    [InlineData("GN0015", DiagnosticSeverity.Error, "Padding = \"SAME\"", "[Sequential(8, 8, 1)] [AveragePooling2D(Padding = \"SAME\")] public partial class M { }")]
    [InlineData("GN0017", DiagnosticSeverity.Error, "Squash", "[Sequential(4)] [Dense(2)] [Squash] public partial class M { } public sealed class SquashAttribute : LayerAttribute { }")]
    [InlineData("GN0017", DiagnosticSeverity.Error, "Squash(From = \"a\")", "[Functional(4)] [Dense(2, Name = \"a\")] [Squash(From = \"a\")] public partial class M { } public sealed class SquashAttribute : LayerAttribute { }")]
    // GN01xx: shapes
    [InlineData("GN0101", DiagnosticSeverity.Error, "Sequential", "[Sequential] [Dense(1)] public partial class M { }")]
    [InlineData("GN0101", DiagnosticSeverity.Error, "28, 0, 1", "[Sequential(28, 0, 1)] [Dense(1)] public partial class M { }")]
    [InlineData("GN0101", DiagnosticSeverity.Error, "Input = new int[0]", "[Sequential(Input = new int[0])] [Dense(1)] public partial class M { }")]
    [InlineData("GN0102", DiagnosticSeverity.Warning, "Activation = Act.Softmax", "[Sequential(2)] [Dense(1, Activation = Act.Softmax)] public partial class M { }")]
    [InlineData("GN0102", DiagnosticSeverity.Warning, "Act.LogSoftmax", "[Sequential(2)] [Dense(1)] [Activation(Act.LogSoftmax)] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "Conv2D(16, 3)", "[Sequential(784)] [Conv2D(16, 3)] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "MaxPooling2D", "[Sequential(28, 28)] [MaxPooling2D] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "GlobalAveragePooling2D", "[Sequential(10)] [Dense(4)] [GlobalAveragePooling2D] public partial class M { }")]
    [InlineData("GN0104", DiagnosticSeverity.Error, "7", "[Sequential(5, 5, 1)] [Conv2D(4, 7)] public partial class M { }")]
    [InlineData("GN0104", DiagnosticSeverity.Error, "3", "[Sequential(6, 6, 1)] [Conv2D(4, 3, 5, DilationRate = 2)] public partial class M { }")]
    [InlineData("GN0105", DiagnosticSeverity.Error, "3", "[Sequential(5, 5, 3)] [MaxPooling2D(2)] [MaxPooling2D(3)] public partial class M { }")]
    [InlineData("GN0106", DiagnosticSeverity.Error, "Strides = 2", "[Sequential(9, 9, 1)] [Conv2D(4, 3, Strides = 2, DilationRate = 2)] public partial class M { }")]
    [InlineData("GN0106", DiagnosticSeverity.Error, "Strides = 2", "[Sequential(9, 9, 1)] [DepthwiseConv2D(3, Strides = 2, DilationRate = new[] { 1, 2 })] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "DilationRate = new[] { 2, 1, 1 }", "[Sequential(9, 9, 1)] [Conv2D(4, 3, DilationRate = new[] { 2, 1, 1 })] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "DilationRate = new[] { 2, 0 }", "[Sequential(9, 9, 1)] [SeparableConv2D(4, 3, DilationRate = new[] { 2, 0 })] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "OutputPadding = \"1\"", "[Sequential(4, 4, 1)] [Conv2DTranspose(2, 3, Strides = 2, OutputPadding = \"1\")] public partial class M { }")]
    [InlineData("GN0280", DiagnosticSeverity.Error, "OutputPadding = new[] { 1, 1 }", "[Sequential(4, 4, 1)] [Conv2DTranspose(2, 3, Strides = new[] { 2, 1 }, OutputPadding = new[] { 1, 1 })] public partial class M { }")]
    [InlineData("GN0107", DiagnosticSeverity.Error, "28, 27, 1", "[Sequential(784)] [Reshape(28, 27, 1)] public partial class M { }")]
    [InlineData("GN0107", DiagnosticSeverity.Error, "-1, 5", "[Sequential(784)] [Reshape(-1, 5)] public partial class M { }")]
    [InlineData("GN0108", DiagnosticSeverity.Error, "-1, -1, 1", "[Sequential(784)] [Reshape(-1, -1, 1)] public partial class M { }")]
    [InlineData("GN0108", DiagnosticSeverity.Error, "28, 0", "[Sequential(784)] [Reshape(28, 0)] public partial class M { }")]
    [InlineData("GN0109", DiagnosticSeverity.Warning, "Dense(10, Activation = Act.Softmax)", "[Sequential(8, 8, 1)] [Conv2D(4, 3)] [Dense(10, Activation = Act.Softmax)] public partial class M { }")]
    [InlineData("GN0109", DiagnosticSeverity.Warning, "Dense(16)", "[Sequential(8, 8, 1)] [MaxPooling2D] [Dense(16)] [Dropout(0.5)] [Dense(1)] [Activation(Act.Sigmoid)] public partial class M { }")]
    [InlineData("GN0016", DiagnosticSeverity.Error, "Sequential(4)", "[Sequential(4)] [Functional(4)] [Dense(2)] public partial class M { }")]
    // GN02xx: graph wiring
    [InlineData("GN0201", DiagnosticSeverity.Error, "From = \"dens\"", "[Functional(8)] [Dense(4)] [Dense(2, From = \"dens\")] public partial class M { }")]
    [InlineData("GN0201", DiagnosticSeverity.Error, "\"a\", \"c\"", "[Functional(8)] [Dense(4, Name = \"a\")] [Dense(4, From = \"input_layer\", Name = \"b\")] [Add(\"a\", \"c\")] public partial class M { }")]
    [InlineData("GN0202", DiagnosticSeverity.Error, "Name = \"input_layer\"", "[Functional(8)] [Dense(4, Name = \"input_layer\")] public partial class M { }")]
    [InlineData("GN0203", DiagnosticSeverity.Error, "Dense(4, From = \"b\", Name = \"a\")", "[Functional(8)] [Dense(4, From = \"b\", Name = \"a\")] [Dense(4, From = \"a\", Name = \"b\")] public partial class M { }")]
    [InlineData("GN0203", DiagnosticSeverity.Error, "Dense(4, From = \"a\", Name = \"a\")", "[Functional(8)] [Dense(4, From = \"a\", Name = \"a\")] public partial class M { }")]
    [InlineData("GN0204", DiagnosticSeverity.Warning, "Dense(4, From = \"input_layer\", Name = \"b\")", "[Functional(8)] [Dense(4, Name = \"a\")] [Dense(4, From = \"input_layer\", Name = \"b\")] [Dense(2, From = \"a\")] public partial class M { }")]
    [InlineData("GN0205", DiagnosticSeverity.Error, "Output = \"head\"", "[Functional(8, Output = \"head\")] [Dense(4)] public partial class M { }")]
    [InlineData("GN0205", DiagnosticSeverity.Error, "Output = \"input_layer\"", "[Functional(8, Output = \"input_layer\")] [Dense(4)] public partial class M { }")]
    [InlineData("GN0206", DiagnosticSeverity.Error, "Add(\"a\", \"b\")", "[Functional(8)] [Dense(4, Name = \"a\")] [Dense(3, From = \"input_layer\", Name = \"b\")] [Add(\"a\", \"b\")] public partial class M { }")]
    [InlineData("GN0207", DiagnosticSeverity.Error, "Concatenate(\"a\", \"b\")", "[Functional(4, 4, 2)] [Conv2D(3, 3, Name = \"a\")] [Conv2D(5, 1, From = \"input_layer\", Name = \"b\")] [Concatenate(\"a\", \"b\")] public partial class M { }")]
    [InlineData("GN0207", DiagnosticSeverity.Error, "Concatenate(\"a\", \"b\", Axis = 1)", "[Functional(4, 2)] [Dense(3, Name = \"a\")] [Dense(5, From = \"input_layer\", Name = \"b\")] [Concatenate(\"a\", \"b\", Axis = 1)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Axis = 2", "[Functional(4)] [Dense(3, Name = \"a\")] [Concatenate(\"a\", \"input_layer\", Axis = 2)] public partial class M { }")]
    [InlineData("GN0208", DiagnosticSeverity.Error, "Add(\"a\")", "[Functional(8)] [Dense(4, Name = \"a\")] [Add(\"a\")] public partial class M { }")]
    [InlineData("GN0208", DiagnosticSeverity.Error, "Concatenate", "[Functional(8)] [Dense(4)] [Concatenate] public partial class M { }")]
    [InlineData("GN0206", DiagnosticSeverity.Error, "Subtract(\"a\", \"b\")", "[Functional(8)] [Dense(4, Name = \"a\")] [Dense(3, From = \"input_layer\", Name = \"b\")] [Subtract(\"a\", \"b\")] public partial class M { }")]
    [InlineData("GN0206", DiagnosticSeverity.Error, "Maximum(\"a\", \"input_layer\", \"b\")", "[Functional(4)] [Dense(4, Name = \"a\")] [Dense(3, From = \"input_layer\", Name = \"b\")] [Maximum(\"a\", \"input_layer\", \"b\")] public partial class M { }")]
    [InlineData("GN0206", DiagnosticSeverity.Error, "Multiply(\"a\", \"input_layer\")", "[Functional(8)] [Dense(4, Name = \"a\")] [Multiply(\"a\", \"input_layer\")] public partial class M { }")]
    [InlineData("GN0208", DiagnosticSeverity.Error, "Subtract(\"a\")", "[Functional(8)] [Dense(4, Name = \"a\")] [Subtract(\"a\")] public partial class M { }")]
    [InlineData("GN0208", DiagnosticSeverity.Error, "Minimum", "[Functional(8)] [Dense(4)] [Minimum] public partial class M { }")]
    [InlineData("GN0210", DiagnosticSeverity.Error, "Subtract(\"a\", \"b\", \"c\")", "[Functional(8)] [Dense(4, Name = \"a\")] [Dense(4, From = \"input_layer\", Name = \"b\")] [Dense(4, From = \"input_layer\", Name = \"c\")] [Subtract(\"a\", \"b\", \"c\")] public partial class M { }")]
    [InlineData("GN0209", DiagnosticSeverity.Error, "Average(\"a\", \"b\")", "[Sequential(8)] [Dense(4, Name = \"a\")] [Average(\"a\", \"b\")] public partial class M { }")]
    [InlineData("GN0209", DiagnosticSeverity.Error, "From = \"input_layer\"", "[Sequential(8)] [Dense(4)] [Dense(4, From = \"input_layer\")] public partial class M { }")]
    [InlineData("GN0209", DiagnosticSeverity.Error, "Add(\"a\", \"b\")", "[Sequential(8)] [Dense(4, Name = \"a\")] [Add(\"a\", \"b\")] public partial class M { }")]
    [InlineData("GN0009", DiagnosticSeverity.Warning, "Add(\"a\", \"b\")", "[Add(\"a\", \"b\")] public partial class M { }")]
    // GN023x: Lambda layers
    [InlineData("GN0230", DiagnosticSeverity.Error, "\"G\"", "[Sequential(4)] [Lambda(typeof(O), \"G\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0230", DiagnosticSeverity.Error, "Backward = \"Missing\"", "[Sequential(4)] [Lambda(typeof(O), nameof(O.F), Backward = \"Missing\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0230", DiagnosticSeverity.Error, "\"Sq\"", "[Sequential(4)] [Lambda(\"Sq\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0231", DiagnosticSeverity.Error, "nameof(O.I)", "[Sequential(4)] [Lambda(typeof(O), nameof(O.I))] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0231", DiagnosticSeverity.Error, "nameof(M.Sq)", "[Sequential(4)] [Lambda(nameof(M.Sq))] public partial class M { public void Sq(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0232", DiagnosticSeverity.Error, "nameof(O.W)", "[Sequential(4)] [Lambda(typeof(O), nameof(O.W))] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0232", DiagnosticSeverity.Error, "Backward = nameof(O.F)", "[Sequential(4)] [Dense(4)] [Lambda(typeof(O), nameof(O.F), Backward = nameof(O.F))] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0233", DiagnosticSeverity.Error, "OutputShape = new[] { 3, 0 }", "[Sequential(4)] [Lambda(typeof(O), nameof(O.F), OutputShape = new[] { 3, 0 })] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0233", DiagnosticSeverity.Error, "OutputShape = new int[0]", "[Sequential(4)] [Lambda(typeof(O), nameof(O.F), OutputShape = new int[0])] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0234", DiagnosticSeverity.Error, "Lambda(typeof(O), nameof(O.F))", "[Sequential(4)] [Dense(4)] [Lambda(typeof(O), nameof(O.F))] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0234", DiagnosticSeverity.Error, "Lambda(typeof(O), nameof(O.F), From = \"a\")", "[Functional(4)] [Dense(4, Name = \"a\")] [Lambda(typeof(O), nameof(O.F), From = \"input_layer\", Name = \"b\")] [Lambda(typeof(O), nameof(O.F), From = \"a\")] [Add(\"lambda\", \"b\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0235", DiagnosticSeverity.Error, "\"P\"", "[Sequential(4)] [Lambda(typeof(O), \"P\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0236", DiagnosticSeverity.Error, "typeof(System.Collections.Generic.List<>)", "[Sequential(4)] [Lambda(typeof(System.Collections.Generic.List<>), \"F\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0236", DiagnosticSeverity.Error, "typeof(int[])", "[Sequential(4)] [Lambda(typeof(int[]), \"F\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    [InlineData("GN0236", DiagnosticSeverity.Error, "null", "[Sequential(4)] [Lambda(null, \"F\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    // seq1: GN024x, sequence layers
    [InlineData("GN0240", DiagnosticSeverity.Error, "Conv1D(4, 3)", "[Sequential(8, 8, 1)] [Conv1D(4, 3)] public partial class M { }")]
    [InlineData("GN0241", DiagnosticSeverity.Error, "Strides = 2", "[Sequential(10, 2)] [Conv1D(4, 3, Strides = 2, Padding = \"causal\")] public partial class M { }")]
    [InlineData("GN0242", DiagnosticSeverity.Error, "9", "[Sequential(5, 2)] [Conv1D(4, 9)] public partial class M { }")]
    [InlineData("GN0240", DiagnosticSeverity.Error, "MaxPooling1D", "[Sequential(16)] [MaxPooling1D] public partial class M { }")]
    [InlineData("GN0240", DiagnosticSeverity.Error, "GlobalAveragePooling1D", "[Sequential(4, 4, 1)] [GlobalAveragePooling1D] public partial class M { }")]
    [InlineData("GN0240", DiagnosticSeverity.Error, "GlobalMaxPooling1D", "[Sequential(8)] [GlobalMaxPooling1D] public partial class M { }")]
    [InlineData("GN0242", DiagnosticSeverity.Error, "4", "[Sequential(3, 2)] [AveragePooling1D(4)] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "GlobalMaxPooling2D", "[Sequential(5, 2)] [GlobalMaxPooling2D] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Epsilon = -1", "[Sequential(3, 4)] [LayerNormalization(Epsilon = -1)] public partial class M { }")]
    [InlineData("GN0243", DiagnosticSeverity.Error, "Embedding(5, 2)", "[Sequential(4)] [Dense(3)] [Embedding(5, 2)] public partial class M { }")]
    [InlineData("GN0244", DiagnosticSeverity.Error, "20000000", "[Sequential(4)] [Embedding(20000000, 2)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "0", "[Sequential(4)] [Embedding(5, 0)] public partial class M { }")]
    [InlineData("GN0245", DiagnosticSeverity.Error, "RepeatVector(3)", "[Sequential(4, 2)] [RepeatVector(3)] public partial class M { }")]
    [InlineData("GN0246", DiagnosticSeverity.Error, "1, 1", "[Sequential(4, 2)] [Permute(1, 1)] public partial class M { }")]
    [InlineData("GN0246", DiagnosticSeverity.Error, "2, 1", "[Sequential(4, 2, 3)] [Permute(2, 1)] public partial class M { }")]
    // GN0250–GN0252: recurrent layers
    [InlineData("GN0250", DiagnosticSeverity.Error, "LSTM(8)", "[Sequential(28, 28, 1)] [LSTM(8)] public partial class M { }")]
    [InlineData("GN0250", DiagnosticSeverity.Error, "GRU(4)", "[Sequential(6, 3)] [Flatten] [GRU(4)] public partial class M { }")]
    [InlineData("GN0251", DiagnosticSeverity.Error, "LSTM(2)", "[Sequential(6, 3)] [LSTM(4)] [LSTM(2)] public partial class M { }")]
    [InlineData("GN0252", DiagnosticSeverity.Error, "Activation = Act.Softmax", "[Sequential(6, 3)] [GRU(4, Activation = Act.Softmax)] public partial class M { }")]
    [InlineData("GN0252", DiagnosticSeverity.Error, "RecurrentActivation = \"hard_sigmoid\"", "[Sequential(6, 3)] [LSTM(4, RecurrentActivation = \"hard_sigmoid\")] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "0", "[Sequential(6, 3)] [SimpleRNN(0)] public partial class M { }")]
    // vision1 layers (GN0260–GN0269)
    [InlineData("GN0260", DiagnosticSeverity.Error, "-1", "[Sequential(6, 6, 1)] [ZeroPadding2D(-1)] public partial class M { }")]
    [InlineData("GN0260", DiagnosticSeverity.Error, "-2", "[Sequential(6, 6, 1)] [Cropping2D(1, 1, -2, 0)] public partial class M { }")]
    [InlineData("GN0261", DiagnosticSeverity.Error, "3", "[Sequential(6, 6, 1)] [Cropping2D(3)] public partial class M { }")]
    [InlineData("GN0261", DiagnosticSeverity.Error, "4", "[Sequential(6, 8, 1)] [Cropping2D(1, 4)] public partial class M { }")]
    [InlineData("GN0262", DiagnosticSeverity.Error, "Interpolation = \"bicubic\"", "[Sequential(6, 6, 1)] [UpSampling2D(Interpolation = \"bicubic\")] public partial class M { }")]
    [InlineData("GN0263", DiagnosticSeverity.Error, "Axis = 4", "[Sequential(3, 4, 2)] [Softmax(Axis = 4)] public partial class M { }")]
    [InlineData("GN0263", DiagnosticSeverity.Error, "Axis = 0", "[Sequential(3, 4)] [Dense(2)] [Softmax(Axis = 0)] public partial class M { }")]
    [InlineData("GN0264", DiagnosticSeverity.Error, "SharedAxes = new[] { 1, 4 }", "[Sequential(3, 4, 2)] [PReLU(SharedAxes = new[] { 1, 4 })] public partial class M { }")]
    [InlineData("GN0290", DiagnosticSeverity.Error, "KernelRegularizer = \"l3(0.1)\"", "[Sequential(4)] [Dense(2, KernelRegularizer = \"l3(0.1)\")] public partial class M { }")]
    [InlineData("GN0290", DiagnosticSeverity.Error, "BiasRegularizer = \"l2(-1)\"", "[Sequential(4)] [Dense(2, BiasRegularizer = \"l2(-1)\")] public partial class M { }")]
    [InlineData("GN0290", DiagnosticSeverity.Error, "RecurrentRegularizer = \"l1_l2(l1=0.1, l3=0.2)\"", "[Sequential(5, 3)] [LSTM(4, RecurrentRegularizer = \"l1_l2(l1=0.1, l3=0.2)\")] public partial class M { }")]
    [InlineData("GN0291", DiagnosticSeverity.Error, "KernelConstraint = \"max_norm(2, axis=x)\"", "[Sequential(4)] [Dense(2, KernelConstraint = \"max_norm(2, axis=x)\")] public partial class M { }")]
    [InlineData("GN0291", DiagnosticSeverity.Error, "KernelConstraint = \"min_max_norm(2, 1)\"", "[Sequential(4)] [Dense(2, KernelConstraint = \"min_max_norm(2, 1)\")] public partial class M { }")]
    [InlineData("GN0291", DiagnosticSeverity.Error, "EmbeddingsConstraint = \"positive\"", "[Sequential(3)] [Embedding(10, 4, EmbeddingsConstraint = \"positive\")] public partial class M { }")]
    [InlineData("GN0292", DiagnosticSeverity.Error, "KernelConstraint = \"max_norm(2, axis=[0, 1, 4])\"", "[Sequential(6, 6, 1)] [Conv2D(2, 3, KernelConstraint = \"max_norm(2, axis=[0, 1, 4])\")] public partial class M { }")]
    [InlineData("GN0292", DiagnosticSeverity.Error, "BiasConstraint = \"unit_norm(axis=1)\"", "[Sequential(4)] [Dense(2, BiasConstraint = \"unit_norm(axis=1)\")] public partial class M { }")]
    // vision2: Conv2DTranspose, SeparableConv2D, Conv2D(Groups)
    [InlineData("GN0280", DiagnosticSeverity.Error, "OutputPadding = 2", "[Sequential(7, 7, 8)] [Conv2DTranspose(4, 3, Strides = 2, OutputPadding = 2)] public partial class M { }")]
    [InlineData("GN0282", DiagnosticSeverity.Error, "2", "[Sequential(1, 1, 4)] [Conv2DTranspose(3, 2, Strides = 2, Padding = \"same\", OutputPadding = 0)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "OutputPadding = -2", "[Sequential(7, 7, 8)] [Conv2DTranspose(4, 3, Strides = 2, OutputPadding = -2)] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "Conv2DTranspose(4, 3)", "[Sequential(36)] [Conv2DTranspose(4, 3)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "DepthMultiplier = 0", "[Sequential(6, 6, 2)] [SeparableConv2D(4, 3, DepthMultiplier = 0)] public partial class M { }")]
    [InlineData("GN0104", DiagnosticSeverity.Error, "7", "[Sequential(6, 6, 2)] [SeparableConv2D(4, 7)] public partial class M { }")]
    [InlineData("GN0106", DiagnosticSeverity.Error, "Strides = 2", "[Sequential(9, 9, 2)] [SeparableConv2D(4, 3, Strides = 2, DilationRate = 2)] public partial class M { }")]
    [InlineData("GN0283", DiagnosticSeverity.Error, "Groups = 4", "[Sequential(6, 6, 4)] [Conv2D(6, 3, Groups = 4)] public partial class M { }")]
    [InlineData("GN0283", DiagnosticSeverity.Error, "Groups = 2", "[Sequential(6, 6, 3)] [Conv2D(6, 3, Groups = 2)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Groups = 0", "[Sequential(6, 6, 4)] [Conv2D(6, 3, Groups = 0)] public partial class M { }")]
    // import6: Conv1D groups, ZeroPadding1D
    [InlineData("GN0283", DiagnosticSeverity.Error, "Groups = 4", "[Sequential(8, 4)] [Conv1D(6, 3, Groups = 4)] public partial class M { }")]
    [InlineData("GN0283", DiagnosticSeverity.Error, "Groups = 2", "[Sequential(8, 3)] [Conv1D(6, 3, Groups = 2)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Groups = 0", "[Sequential(8, 4)] [Conv1D(6, 3, Groups = 0)] public partial class M { }")]
    [InlineData("GN0260", DiagnosticSeverity.Error, "-1", "[Sequential(6, 2)] [ZeroPadding1D(-1)] public partial class M { }")]
    [InlineData("GN0260", DiagnosticSeverity.Error, "-2", "[Sequential(6, 2)] [ZeroPadding1D(1, -2)] public partial class M { }")]
    [InlineData("GN0240", DiagnosticSeverity.Error, "ZeroPadding1D(2)", "[Sequential(6, 6, 1)] [ZeroPadding1D(2)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Strides = new[] { 2, 1, 1 }", "[Sequential(6, 6, 4)] [Conv2D(6, 3, Strides = new[] { 2, 1, 1 })] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Strides = \"2\"", "[Sequential(6, 6, 4)] [SeparableConv2D(6, 3, Strides = \"2\")] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Strides = new[] { 2, 0 }", "[Sequential(6, 6, 4)] [Conv2DTranspose(6, 3, Strides = new[] { 2, 0 })] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Strides = new[] { 2 }", "[Sequential(6, 6, 4)] [MaxPooling2D(2, Strides = new[] { 2 })] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "NegativeSlope = -0.1", "[Sequential(4)] [LeakyReLU(NegativeSlope = -0.1)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Threshold = -1", "[Sequential(4)] [ReLU(Threshold = -1)] public partial class M { }")]
    // seq2: Bidirectional (GN0270–GN0272), and the wrapped layer's own diagnostics at its arguments
    [InlineData("GN0270", DiagnosticSeverity.Error, "Bidirectional", "[Sequential(6, 3)] [Bidirectional] [Dense(2)] public partial class M { }")]
    [InlineData("GN0270", DiagnosticSeverity.Error, "Bidirectional", "[Sequential(6, 3)] [LSTM(4, ReturnSequences = true)] [Bidirectional] public partial class M { }")]
    [InlineData("GN0271", DiagnosticSeverity.Error, "MergeMode = \"max\"", "[Sequential(6, 3)] [Bidirectional(MergeMode = \"max\")] [GRU(4)] public partial class M { }")]
    [InlineData("GN0272", DiagnosticSeverity.Error, "GoBackwards = true", "[Sequential(6, 3)] [Bidirectional] [SimpleRNN(4, GoBackwards = true)] public partial class M { }")]
    [InlineData("GN0251", DiagnosticSeverity.Error, "Bidirectional", "[Sequential(6, 3)] [LSTM(4)] [Bidirectional] [LSTM(2)] public partial class M { }")]
    [InlineData("GN0252", DiagnosticSeverity.Error, "Activation = Act.Softmax", "[Sequential(6, 3)] [Bidirectional] [GRU(4, Activation = Act.Softmax)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "RecurrentDropout = 1.5", "[Sequential(6, 3)] [LSTM(4, RecurrentDropout = 1.5)] public partial class M { }")]
    // seq3: ReturnState (GN0274–GN0276)
    [InlineData("GN0274", DiagnosticSeverity.Error, "ReturnState = true", "[Sequential(6, 3)] [LSTM(4, ReturnState = true)] [Dense(2)] public partial class M { }")]
    [InlineData("GN0275", DiagnosticSeverity.Error, "From = \"gru:2\"", "[Functional(6, 3)] [GRU(4, ReturnState = true)] [Dense(2, From = \"gru:2\")] public partial class M { }")]
    [InlineData("GN0275", DiagnosticSeverity.Error, "From = \"dense:1\"", "[Functional(6)] [Dense(4)] [Dense(2, From = \"dense:1\")] public partial class M { }")]
    [InlineData("GN0275", DiagnosticSeverity.Error, "\"lstm\", \"lstm:3\"", "[Functional(6, 3)] [LSTM(4, ReturnState = true)] [Concatenate(\"lstm\", \"lstm:3\")] public partial class M { }")]
    [InlineData("GN0275", DiagnosticSeverity.Error, "Outputs = new[] { \"lstm:1\", \"lstm:3\" }", "[Functional(6, 3, Outputs = new[] { \"lstm:1\", \"lstm:3\" })] [LSTM(4, ReturnState = true)] public partial class M { }")]
    // seqfeat: loss masking and Bidirectional states (GN0278, GN0279, GN0284–GN0289)
    [InlineData("GN0278", DiagnosticSeverity.Error, "Outputs = new[] { \"dense\", \"gru:1\" }", "[Functional(6, Outputs = new[] { \"dense\", \"gru:1\" })] [Embedding(5, 2, MaskZero = true)] [GRU(3, ReturnSequences = true, ReturnState = true)] [Dense(2)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "MaxValue = -6", "[Sequential(4)] [ReLU(MaxValue = -6)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "0", "[Sequential(6, 6, 1)] [UpSampling2D(0)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "double.NaN", "[Sequential(4)] [Rescaling(double.NaN)] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "ZeroPadding2D", "[Sequential(36)] [ZeroPadding2D] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "UpSampling2D(2)", "[Sequential(6, 6)] [UpSampling2D(2)] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "SpatialDropout2D(0.2)", "[Sequential(36)] [SpatialDropout2D(0.2)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "1.5", "[Sequential(6, 6, 1)] [SpatialDropout2D(1.5)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "-0.1", "[Sequential(4)] [GaussianNoise(-0.1)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "DepthMultiplier = 0", "[Sequential(6, 6, 2)] [DepthwiseConv2D(3, DepthMultiplier = 0)] public partial class M { }")]
    [InlineData("GN0104", DiagnosticSeverity.Error, "7", "[Sequential(6, 6, 2)] [DepthwiseConv2D(7)] public partial class M { }")]
    [InlineData("GN0103", DiagnosticSeverity.Error, "DepthwiseConv2D(3)", "[Sequential(36)] [DepthwiseConv2D(3)] public partial class M { }")]
    [InlineData("GN0013", DiagnosticSeverity.Error, "Dropout = 1.0", "[Sequential(6, 3)] [LSTM(4, Dropout = 1.0)] public partial class M { }")]
    [InlineData("GN0209", DiagnosticSeverity.Error, "From = \"input_layer\"", "[Sequential(4)] [Lambda(typeof(O), nameof(O.F), From = \"input_layer\")] public partial class M { } public static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int b) { } public void I(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } private static void P(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } }")]
    // GN09xx: limits
    [InlineData("GN0901", DiagnosticSeverity.Error, "Sequential(100000)", "[Sequential(100000)] [Dense(100000)] public partial class M { }")]
    [InlineData("GN0902", DiagnosticSeverity.Error, "Sequential(50000, 50000)", "[Sequential(50000, 50000)] [Activation(Act.Relu)] public partial class M { }")]
    public void Declaration_Reports_Diagnostic(string id, DiagnosticSeverity severity, string squiggle, string declaration) =>
        GeneratorHarness.AssertReports(id, severity, squiggle, declaration);

    [Fact]
    public void CycleMessage_ListsTheLoopInDataFlowOrder()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose(
            "using GenNet;\n[Functional(8)] [Dense(4, From = \"c\", Name = \"a\")] [Dense(4, Name = \"b\")] [Dense(4, Name = \"c\")] public partial class M { }"));
        Assert.StartsWith("Dense 'a' is on a cycle: a → b → c → a.", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SubtractWithThreeInputs_SaysExactlyTwoAndHowMany()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose(
            "using GenNet;\n[Functional(4)] [Dense(4, Name = \"a\")] [Subtract(\"a\", \"input_layer\", \"a\")] public partial class M { }"));
        Assert.Equal("GN0210", diagnostic.Id);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("takes exactly 2 inputs. Received: 3.", message);
        Assert.Contains("[Subtract(...)]", message);
    }

    [Fact]
    public void UnusedLayerWarning_StillGeneratesWithoutIt()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(
            "using GenNet;\n[Functional(8)] [Dense(4, Name = \"a\")] [Dense(4, From = \"input_layer\", Name = \"b\")] [Dense(2, From = \"a\")] public partial class M { }"));
        string text = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.DoesNotContain("BKernel", text);
        Assert.Contains("AKernel", text);
    }

    [Fact]
    public void ErrorDiagnostic_GeneratesOnlyPlaceholders()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("using GenNet;\n[Sequential(2)] [Dense(0)] public partial class M { }"));
        string text = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("Placeholder: this model's declaration has GenNet errors", text);
        Assert.DoesNotContain("Forward: one kernel call", text);
    }

    // The user's code that names the model's members binds to the placeholders, so the GN error is the only error printed
    // (not CS1061 "does not contain a definition for 'Summary'" or CS1739 "no parameter named 'seed'" before it).
    [Theory]
    [InlineData("[Sequential(2)] [Dense(0)]", "GN0013")]
    [InlineData("[Sequential(784)] [Conv2D(16, 3)]", "GN0103")]
    [InlineData("[Functional(4)] [Dense(2, From = \"nowhere\")]", null)]
    [InlineData("namespace N { public partial class O { [Sequential(2)] [Dense(1, Activation = \"rleu\")] internal partial class M { } } }", "GN0004")]
    public void ErrorDiagnostic_StandsAlone(string declaration, string? id)
    {
        bool nested = declaration.StartsWith("namespace", StringComparison.Ordinal);
        string model = nested ? declaration : declaration + " public partial class M { }";
        string type = nested ? "N.O.M" : "M";
        string use = $$"""
            static class Use
            {
                static void Run(float[] x, float[] y)
                {
                    var model = new {{type}}(seed: 42);
                    model.Compile(Loss.MeanSquaredError, new SGD(), Metric.Accuracy);
                    model.Summary();
                    model.Fit(x, y, epochs: 1, batchSize: 1);
                    System.Span<float> output = stackalloc float[{{type}}.OutputSize];
                    model.Predict(x, output);
                    int n = {{type}}.InputSize + {{type}}.ParameterCount;
                }
            }
            """;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile("using GenNet;\n" + model + "\n" + use));
        Diagnostic gn = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        if (id is not null) Assert.Equal(id, gn.Id);
        Assert.StartsWith("GN", gn.Id, StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void ClassLevelError_GeneratesNothing()
    {
        // Not partial: a second partial half would be CS0260 on top of GN0001, so nothing is generated.
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("using GenNet;\n[Sequential(2)] [Dense(1)] public class M { }"));
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData("[Sequential(8, 8, 1)] [Conv2D(4, 3)] [Flatten] [Dense(10, Activation = Act.Softmax)]")]        // flattened
    [InlineData("[Sequential(8, 8, 1)] [Conv2D(4, 3)] [GlobalAveragePooling2D] [Dense(10, Activation = Act.Softmax)]")]
    [InlineData("[Sequential(8, 8, 1)] [Conv2D(4, 3)] [Dense(10)]")]                                          // linear: a regression map
    [InlineData("[Sequential(4, 8)] [Dense(3, Activation = Act.Softmax)]")]                                   // rank 2: a sequence, per step
    public void ClassifierHead_NoWarningWhenPerSampleOrNotAClassifier(string attributes)
    {
        Assert.DoesNotContain(GeneratorHarness.Diagnose("using GenNet;\n" + attributes + " public partial class M { }"), d => d.Id == "GN0109");
    }

    [Fact]
    public void WarningDiagnostic_StillGenerates()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("using GenNet;\n[Sequential(2)] [Dense(1, Activation = Act.Softmax)] public partial class M { }"));
        Assert.Single(result.GeneratedSources);
    }

    [Fact]
    public void UnitsMessage_NamesLayerReceivedValueAndFix()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose("using GenNet;\n[Sequential(2)] [Dense(4)] [Dense(0)] public partial class M { }"));
        Assert.Equal("Dense 'dense_1': units must be positive. Received: units=0. Write e.g. [Dense(16)] for 16 outputs per sample.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void UnknownActivationMessage_ListsValidNames()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose("using GenNet;\n[Sequential(2)] [Dense(1, Activation = \"rleu\")] public partial class M { }"));
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Received: activation=\"rleu\"", message);
        Assert.Contains("relu, relu6, leaky_relu", message);
    }

    [Fact]
    public void ImageInputMessage_NamesLayerShapeAndFix()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose("using GenNet;\n[Sequential(784)] [Conv2D(16, 3)] public partial class M { }"));
        Assert.Equal("Conv2D 'conv2d' expects a rank-3 input (height, width, channels). Received: input shape (784). " +
            "Declare the model input as e.g. [Sequential(28, 28, 1)], or add [Reshape(height, width, channels)] before this layer.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void KernelTooLargeMessage_NamesEffectiveKernelAndInput()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose(
            "using GenNet;\n[Sequential(28, 28, 1)] [MaxPooling2D(4)] [MaxPooling2D(4)] [Conv2D(8, 3, Name = \"head\")] public partial class M { }"));
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("Conv2D 'head': with padding \"valid\" the kernel must fit the input. Expected an effective kernel", message);
        Assert.Contains("of at most 1. Received: effective kernel 3 (kernel_size=3, dilation_rate=1) on input shape (1, 1, 1).", message);
    }

    [Fact]
    public void ReshapeMessage_SuggestsAMatchingShape()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose("using GenNet;\n[Sequential(784)] [Reshape(28, 27, 1)] public partial class M { }"));
        Assert.Equal("Reshape 'reshape': the target shape must hold exactly the input's 784 values. Received: target_shape=(28, 27, 1) for input shape (784). " +
            "Its product is 756; use dimensions whose product is 784, e.g. (784) or (-1, 784).",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private const string LambdaOps =
        "\npublic static class O { public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int b) { } public static void W(float[] x) { } }";

    [Fact]
    public void LambdaSignatureMessage_SaysTheExpectedAndTheReceivedSignature()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose(
            "using GenNet;\n[Sequential(4)] [Lambda(typeof(O), nameof(O.W))] public partial class M { }" + LambdaOps));
        Assert.Equal("Lambda 'lambda': the forward function 'W' has the wrong signature. " +
            "Expected: 'static void W(ReadOnlySpan<float> input, Span<float> output, int batch)'. Received: 'public static void W(float[] x)'. " +
            "Change its parameters to match; each span holds the batch's samples one after another (a shape-generic method may end with " +
            "ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape).",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LambdaWithoutBackwardMessage_NamesTheBackwardSignatureToWrite()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose(
            "using GenNet;\n[Sequential(4)] [Dense(4)] [Lambda(typeof(O), nameof(O.F), Name = \"square\")] public partial class M { }" + LambdaOps));
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("Lambda 'square' has no backward method, but a trainable layer before it needs the gradient through it.", message);
        Assert.Contains("'static void FBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, " +
            "Span<float> inputGradient, int batch)'", message);
    }

    [Theory]
    [InlineData("[Sequential(4)] [Lambda(typeof(O), nameof(O.F))] [Dense(2)]")]
    [InlineData("[Functional(4)] [Lambda(typeof(O), nameof(O.F), Name = \"pre\")] [Dense(4)] [Add(\"pre\", \"dense\")]")]
    [InlineData("[Sequential(4)] [Dropout(0.5)] [Lambda(typeof(O), nameof(O.F), OutputShape = new[] { 2, 2 })] [Flatten] [Dense(2)]")]
    public void LambdaWithoutBackward_NothingTrainableBefore_Generates(string attributes)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("using GenNet;\n" + attributes + " public partial class M { }" + LambdaOps));
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedSources);
    }

    [Fact]
    public void LambdaOnAMissingType_LeavesTheErrorToTheCompiler()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(
            "using GenNet;\n[Sequential(4)] [Lambda(typeof(Missing), \"F\")] public partial class M { }"));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
        Assert.Contains(output.GetDiagnostics(), d => d.Id == "CS0246");
    }

    [Fact]
    public void SeveralErrors_AreAllReported()
    {
        var ids = GeneratorHarness.Diagnose("using GenNet;\n[Sequential(2)] [Dense(0, Activation = \"x\", KernelInitializer = \"y\")] public class M { }")
            .Select(d => d.Id).OrderBy(i => i).ToArray();
        Assert.Equal(new[] { "GN0001", "GN0004", "GN0006", "GN0013" }, ids);
    }
}
