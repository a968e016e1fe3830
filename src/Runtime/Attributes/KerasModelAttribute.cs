namespace GenNet;

/// <summary>
/// Compiles a model from a file saved by Keras: at build time the GenNet generator reads the file (a project
/// <c>AdditionalFiles</c> item: a Keras 3 <c>.keras</c> archive or a legacy <c>model.save("x.h5")</c> HDF5 file), maps its
/// Sequential or Functional config onto GenNet's layers and writes the class a hand declaration would give, with the
/// file's weights compiled in (<c>CreateTrained()</c>). The result is an ordinary GenNet model: it predicts, fine-tunes
/// with <c>Fit</c>, saves and exports like any other.
/// </summary>
/// <remarks>
/// Keras' layouts are GenNet's (channels last, kernels <c>[.., in, out]</c>), so weights are copied as they are. The
/// generated file's remarks show the equivalent attribute declaration. A layer class, argument value or graph GenNet
/// cannot build is a compile-time error naming the layer, its class, the argument and its value (GN0420–GN0430); see
/// docs/IMPORT.md for what is supported.
/// </remarks>
/// <example><code>
/// // MyApp.csproj: &lt;AdditionalFiles Include="mnist_cnn.h5" /&gt;
/// [KerasModel("mnist_cnn.h5")]
/// public partial class MnistCnn { }
///
/// var model = MnistCnn.CreateTrained();
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class KerasModelAttribute : Attribute
{
    /// <summary>Names the Keras file by its file name, e.g. <c>"model.keras"</c> or <c>"best_model.h5"</c>.</summary>
    public KerasModelAttribute(string file) => File = file;

    /// <summary>The file name of the <c>.keras</c> or <c>.h5</c> <c>AdditionalFiles</c> item the model is compiled from.</summary>
    public string File { get; }

    /// <summary>
    /// For a bare <c>.weights.h5</c> (<c>model.save_weights(...)</c>: weights, no config), the file name of the model's
    /// config, another <c>AdditionalFiles</c> item: the <c>config.json</c> of a <c>.keras</c> archive or the text of
    /// <c>model.to_json()</c>. <c>[KerasModel("model.weights.h5", Config = "config.json")]</c> compiles the same model a
    /// <c>.keras</c> archive of the two would. Leave it out for a <c>.keras</c> or legacy <c>.h5</c> file, which hold their config.
    /// </summary>
    public string? Config { get; set; }
}
