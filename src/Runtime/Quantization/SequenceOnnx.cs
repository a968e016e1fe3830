using GenNet.Onnx;
using Attr = GenNet.Onnx.OnnxGraph.Attribute;

namespace GenNet.Quantization;

/// <summary>
/// A sequence model with stored 8- or 16-bit weights as ONNX: the float model's generated graph (float LSTM/GRU/RNN, Gather,
/// Conv, Gemm: the same operators the fp32 export writes, so the same layers export or are refused), with each weight
/// read from the <see cref="SequenceRunner"/> instead of the float buffers. An int8 kernel is an INT8 initializer and its
/// scales feeding <c>DequantizeLinear</c> (per axis: the last axis, the output channels; an Embedding table per row, axis
/// 0); a 16-bit one is a FLOAT16/BFLOAT16 initializer feeding <c>Cast</c> to float; biases stay float. Both compute
/// exactly the floats <see cref="CompactWeights.Decode"/> gives (<c>(float)q · s</c>; exact widening).
/// </summary>
internal static class SequenceOnnx
{
    private const int Float = 1, Int8 = 3, Float16 = 10, BFloat16 = 16;

    public static byte[] Export(Model graph, SequenceRunner runner)
    {
        var weights = runner.Steps.SelectMany(s => s.Weights).ToDictionary(w => w.Name, StringComparer.Ordinal);
        var biases = runner.Steps.SelectMany(s => s.Biases).ToDictionary(b => b.Name, b => b.Values, StringComparer.Ordinal);
        return OnnxExporter.Export(graph, (g, name, dims) =>
        {
            if (biases.TryGetValue(name, out float[]? bias)) return g.Initializer(name, bias, dims);
            if (!weights.TryGetValue(name, out CompactWeights? w))
                throw new NotSupportedException($"ONNX export of the quantized {runner.Info.Name}: its graph reads weight '{name}', which the quantized model does not hold.");
            return w.Coding switch
            {
                WeightCoding.Int8Columns or WeightCoding.Int8Rows => g.Node("DequantizeLinear", $"{name}_dq",
                    [g.RawInitializer($"{name}_quantized", Int8, Array.ConvertAll(w.Int8, v => (byte)v), dims), g.Initializer($"{name}_scale", w.Scales, w.Scales.Length)],
                    Attr.Int("axis", w.Coding == WeightCoding.Int8Rows ? 0 : dims.Length - 1)),
                _ => g.Node("Cast", $"{name}_float", [g.RawInitializer($"{name}_16bit", w.Coding == WeightCoding.BFloat16 ? BFloat16 : Float16, Bytes(w.Half), dims)],
                    Attr.Int("to", Float)),
            };
        });
    }

    private static byte[] Bytes(ushort[] bits)
    {
        var raw = new byte[bits.Length * 2];
        for (int i = 0; i < bits.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(2 * i), bits[i]);
        return raw;
    }
}
