namespace GenNet;

/// <summary>
/// Compiles trained weights into the assembly: the GenNet generator reads the named safetensors file (a project
/// <c>AdditionalFiles</c> item), checks it against the model's declared architecture at build time, and adds
/// <c>CreateTrained()</c> and <c>LoadEmbeddedWeights()</c> to the model, so a deployed program needs no weight file.
/// </summary>
/// <remarks>
/// Goes on the model class (any partial declaration of it) beside <see cref="SequentialAttribute"/> or
/// <see cref="FunctionalAttribute"/>. The file is matched by its file name among the <c>AdditionalFiles</c>; the
/// GenNet package's build step encodes each <c>.safetensors</c> item as text for the compiler (see docs/DEPLOYMENT.md).
/// A missing file, or one saved from another architecture (fingerprint, tensor names, dtype F32, shapes, lengths),
/// is a compile-time error (GN0301–GN0319).
/// </remarks>
/// <example><code>
/// // MyApp.csproj: &lt;AdditionalFiles Include="mnist_cnn.safetensors" /&gt;
/// [EmbeddedWeights("mnist_cnn.safetensors")]
/// public partial class MnistCnn { }
///
/// var model = MnistCnn.CreateTrained();
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EmbeddedWeightsAttribute : Attribute
{
    /// <summary>Names the weight file by its file name, e.g. <c>"mnist_cnn.safetensors"</c>.</summary>
    public EmbeddedWeightsAttribute(string file) => File = file;

    /// <summary>The file name of the safetensors <c>AdditionalFiles</c> item whose weights are compiled in.</summary>
    public string File { get; }
}
