using GenNet.Onnx;
using GenNet.Serialization;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Writes the model with its current weights as an ONNX file (opset 17, float32, dynamic batch axis <c>N</c>):
    /// input <c>input</c> of shape <c>[N, …InputShape]</c>, output <c>output</c> of shape <c>[N, …OutputShape]</c>,
    /// both NHWC like GenNet. Sequential models and Functional graphs with one input and one output export, merges included.
    /// The file is written atomically (a temporary file, then a rename).
    /// </summary>
    /// <exception cref="NotSupportedException">
    /// A layer or activation has no ONNX mapping, or the model has several inputs or outputs or shared layers (the message names it).
    /// </exception>
    public void SaveOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = OnnxExporter.Export(this);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes the model as ONNX to <paramref name="stream"/> (see <see cref="SaveOnnx(string)"/>).</summary>
    public void SaveOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(OnnxExporter.Export(this));
    }

    /// <summary>The ONNX model as bytes (see <see cref="SaveOnnx(string)"/>), e.g. for <c>new InferenceSession(bytes)</c>.</summary>
    public byte[] ToOnnx() => OnnxExporter.Export(this);

    /// <summary>
    /// Writes the model's ONNX nodes into <paramref name="onnx"/> and returns the name of the value that is the model's
    /// output (NHWC). The generator overrides this for models whose every layer has an ONNX mapping; the default returns
    /// null, and the export then maps the layers from <see cref="ModelInfo"/>.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    protected virtual string? BuildOnnx(OnnxGraphBuilder onnx) => null;

    internal string? BuildGeneratedOnnx(OnnxGraphBuilder onnx) => BuildOnnx(onnx);
}
