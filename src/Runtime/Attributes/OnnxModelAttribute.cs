namespace GenNet;

/// <summary>
/// Compiles a model from an ONNX file: at build time the GenNet generator reads the file (a project
/// <c>AdditionalFiles</c> item), maps its graph onto GenNet's layers and writes the class a hand declaration would
/// give, with the file's weights compiled in (<c>CreateTrained()</c>). The result is an ordinary GenNet model: it
/// predicts, fine-tunes with <c>Fit</c>, saves and exports like any other.
/// </summary>
/// <remarks>
/// Images: the ONNX graph's NCHW input becomes GenNet's NHWC (height, width, channels) and the weights are converted,
/// so the model computes the same function on channels-last data. The generated file's remarks show the equivalent
/// attribute declaration. An op, attribute value or dynamic dimension GenNet cannot build is a compile-time error
/// naming the node (GN0401–GN0411); see docs/IMPORT.md for what is supported.
/// </remarks>
/// <example><code>
/// // MyApp.csproj: &lt;AdditionalFiles Include="mnist_mlp.onnx" /&gt;
/// [OnnxModel("mnist_mlp.onnx")]
/// public partial class MnistMlp { }
///
/// var model = MnistMlp.CreateTrained();
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnnxModelAttribute : Attribute
{
    /// <summary>Names the ONNX file by its file name, e.g. <c>"mnist_mlp.onnx"</c>.</summary>
    public OnnxModelAttribute(string file) => File = file;

    /// <summary>The file name of the <c>.onnx</c> <c>AdditionalFiles</c> item the model is compiled from.</summary>
    public string File { get; }
}
