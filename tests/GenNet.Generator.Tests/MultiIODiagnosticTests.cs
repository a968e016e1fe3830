using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>One test per diagnostic of several inputs, several outputs and shared layers (GN0211–GN0222): id, severity, squiggle.</summary>
public class MultiIODiagnosticTests
{
    [Theory]
    [InlineData("GN0211", DiagnosticSeverity.Error, "Input(\"a\", 4)", "[Sequential(4)] [Input(\"a\", 4)] [Dense(2)] public partial class M { }")]
    [InlineData("GN0212", DiagnosticSeverity.Error, "4", "[Functional(4)] [Input(\"a\", 4)] [Dense(2)] public partial class M { }")]
    [InlineData("GN0213", DiagnosticSeverity.Error, "\"a\"", "[Functional] [Input(\"a\", 4)] [Dense(2)] [Input(\"a\", 3)] [Dense(2)] [Concatenate(\"dense\", \"dense_1\")] public partial class M { }")]
    [InlineData("GN0214", DiagnosticSeverity.Error, "Outputs = new[] { \"a\", \"a\" }", "[Functional(Outputs = new[] { \"a\", \"a\" })] [Input(\"x\", 4)] [Dense(2, Name = \"a\")] public partial class M { }")]
    [InlineData("GN0215", DiagnosticSeverity.Warning, "Input(\"unused\", 3)", "[Functional] [Input(\"x\", 4)] [Input(\"unused\", 3)] [Dense(2, From = \"x\")] public partial class M { }")]
    [InlineData("GN0216", DiagnosticSeverity.Error, "Dense(2)", "[Functional(Output = \"dense\")] [Dense(2)] [Input(\"x\", 4)] public partial class M { }")]
    [InlineData("GN0217", DiagnosticSeverity.Error, "Output = \"a\"", "[Functional(4, Output = \"a\", Outputs = new[] { \"a\" })] [Dense(2, Name = \"a\")] public partial class M { }")]
    [InlineData("GN0218", DiagnosticSeverity.Error, "Outputs = new[] { \"a\", \"f\" }", "[Functional(4, 2, Outputs = new[] { \"a\", \"f\" })] [Dense(2, Name = \"a\")] [Flatten(Name = \"f\")] public partial class M { }")]
    [InlineData("GN0219", DiagnosticSeverity.Error, "\"b\"", "[Functional(4)] [Dense(2, Name = \"a\")] [Reuse(\"b\")] public partial class M { }")]
    [InlineData("GN0219", DiagnosticSeverity.Error, "\"s\"", "[Functional(4)] [Dense(4, Name = \"a\")] [Add(\"a\", \"a\", Name = \"s\")] [Reuse(\"s\")] public partial class M { }")]
    [InlineData("GN0220", DiagnosticSeverity.Error, "Reuse(\"d\", From = \"y\")", "[Functional] [Input(\"x\", 4)] [Input(\"y\", 3)] [Dense(2, From = \"x\", Name = \"d\")] [Reuse(\"d\", From = \"y\")] [Concatenate(\"d\", \"d_call\")] public partial class M { }")]
    [InlineData("GN0221", DiagnosticSeverity.Error, "\"bn\"", "[Functional(4)] [BatchNormalization(Name = \"bn\")] [Reuse(\"bn\")] public partial class M { }")]
    [InlineData("GN0222", DiagnosticSeverity.Error, "0", "[Functional] [Input(\"x\", 0)] [Dense(2)] public partial class M { }")]
    [InlineData("GN0209", DiagnosticSeverity.Error, "Reuse(\"a\")", "[Sequential(4)] [Dense(4, Name = \"a\")] [Reuse(\"a\")] public partial class M { }")]
    [InlineData("GN0205", DiagnosticSeverity.Error, "Output = \"x\"", "[Functional(Output = \"x\")] [Input(\"x\", 4)] [Dense(2)] public partial class M { }")]
    [InlineData("GN0201", DiagnosticSeverity.Error, "From = \"input_layer\"", "[Functional] [Input(\"x\", 4)] [Dense(2, From = \"input_layer\")] public partial class M { }")]
    public void Declaration_Reports_Diagnostic(string id, DiagnosticSeverity severity, string squiggle, string declaration) =>
        GeneratorHarness.AssertReports(id, severity, squiggle, declaration);

    [Fact]
    public void SharedLayerShapeMismatch_NamesTheWeightAndBothShapes()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Diagnose(
            "using GenNet;\n[Functional] [Input(\"x\", 4)] [Input(\"y\", 3)] [Dense(2, From = \"x\", Name = \"d\")] [Reuse(\"d\", From = \"y\")] [Concatenate(\"d\", \"d_call\")] public partial class M { }"),
            d => d.Id == "GN0220");
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Dense 'd_call' shares the weights of 'd', but its input (3) needs", message);
        Assert.Contains("needs d.kernel of shape (3, 2) where 'd' has (4, 2)", message);
    }

    [Fact]
    public void ValidMultiInputOutputAndSharedModels_HaveNoDiagnostics()
    {
        Assert.Empty(GeneratorHarness.Diagnose(Samples.MultiInputOutput));
        Assert.Empty(GeneratorHarness.Diagnose(Samples.SharedLayers));
        // The example in docs/ARCHITECTURE.md.
        Assert.Empty(GeneratorHarness.Diagnose("""
            using GenNet;
            [Functional(Outputs = new[] { "digit", "parity" })]
            [Input("image", 28, 28, 1)]
            [Flatten]
            [Dense(32, Activation = Act.Relu, Name = "encoder")]
            [Input("image_2", 28, 28, 1)]
            [Flatten]
            [Reuse("encoder")]
            [Concatenate("encoder", "encoder_call")]
            [Dense(10, Activation = Act.Softmax, Name = "digit")]
            [Dense(1, Activation = Act.Sigmoid, From = "concatenate", Name = "parity")]
            public partial class PairModel { }
            """));
    }

    [Fact]
    public void SingleInputFunctional_DeclaredAsBefore_GetsNoInputsOrOutputsInModelInfo()
    {
        string text = GeneratorHarness.Generate(Samples.TwoBranch);
        Assert.DoesNotContain("Inputs =", text);
        Assert.DoesNotContain("Outputs =", text);
        Assert.DoesNotContain("LossGradientOffset", text);
    }
}
