using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>Unusual graphs with several inputs, several outputs or shared layers: no diagnostics, and the generated code compiles without warnings.</summary>
public class MultiIOCompileTests
{
    [Theory]
    // An output that is a copy of an input view, beside a Dense output.
    [InlineData("[Functional(Outputs = new[] { \"f\", \"d\" })] [Input(\"x\", 2, 2)] [Flatten(Name = \"f\")] [Dense(2, From = \"x\", Name = \"d\")]")]
    // Output "c" is also read through a Flatten view by the layer leading to output "e".
    [InlineData("[Functional(Outputs = new[] { \"c\", \"e\" })] [Input(\"x\", 4, 2)] [Dense(3, Activation = Act.Relu, Name = \"c\")] [Flatten(Name = \"f\")] [Dense(2, Name = \"e\")]")]
    // Parameter-free layers shared: Activation, Dropout, Flatten, pooling.
    [InlineData("[Functional] [Input(\"a\", 4, 4, 1)] [Input(\"b\", 6, 6, 1)] [MaxPooling2D(2, From = \"a\", Name = \"pool\")] [Reuse(\"pool\", From = \"b\")] [Flatten(From = \"pool\", Name = \"fa\")] [Flatten(From = \"pool_call\", Name = \"fb\")] [Dropout(0.2, From = \"fa\", Name = \"drop\")] [Reuse(\"drop\", From = \"fb\")] [Activation(Act.Tanh, From = \"drop\", Name = \"act\")] [Reuse(\"act\", From = \"drop_call\")] [Concatenate(\"act\", \"act_call\")] [Dense(2)]")]
    // A Reuse declared before the layer it calls (it makes the weights; the layer reuses them).
    [InlineData("[Functional] [Input(\"a\", 3)] [Input(\"b\", 3)] [Reuse(\"shared\", From = \"a\", Name = \"first\")] [Dense(3, Activation = Act.Tanh, From = \"b\", Name = \"shared\")] [Add(\"first\", \"shared\")] [Dense(1)]")]
    // Three outputs, one of them read by two other layers; unnamed inputs with Keras' default names.
    [InlineData("[Functional(Outputs = new[] { \"h\", \"o1\", \"o2\" })] [Input(3)] [Input(2)] [Concatenate(\"input_layer\", \"input_layer_1\")] [Dense(4, Activation = Act.Sigmoid, Name = \"h\")] [Dense(2, Name = \"o1\")] [Dense(2, From = \"h\", Activation = Act.Softmax, Name = \"o2\")]")]
    // A shared Dense chained three times (each call reads the previous one).
    [InlineData("[Functional] [Input(\"x\", 5)] [Dense(5, Activation = Act.Tanh, Name = \"step\")] [Reuse(\"step\")] [Reuse(\"step\")] [Dense(1)]")]
    public void UnusualGraph_GeneratedCode_CompilesWithoutWarnings(string attributes)
    {
        string source = "using GenNet;\n/// <summary>M.</summary>\n" + attributes + "\npublic partial class M { }\n";
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
