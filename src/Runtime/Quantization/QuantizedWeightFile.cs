using System.Globalization;
using System.Runtime.InteropServices;
using GenNet.Serialization;

namespace GenNet.Quantization;

/// <summary>
/// A <see cref="QuantizedModel"/> as a safetensors file: the stored integers and scales, nothing computed from them, so
/// a load (onto the float model's class, which supplies the layer list and shapes) rebuilds the model bit for bit.
/// </summary>
/// <remarks>
/// Metadata: the float model's <c>format</c>, <c>model</c>, <c>fingerprint</c> and shapes (checked on load as a weight
/// file's are), <c>quantization</c> (<c>int8</c> for a Dense/Conv2D chain, <c>int8-weights</c> for a sequence model) and
/// <c>quantized_version</c> (<see cref="Version"/>). Tensors:
/// <list type="bullet">
/// <item>a chain: <c>input.scale</c> F32[1], <c>input.zero_point</c> U8[1]; per Dense/Conv2D <c>{layer}.kernel.int8</c>
/// I8[depth, channels], <c>{layer}.kernel.scales</c> F32[channels], <c>{layer}.bias.int32</c> I32[channels] and, but for
/// the last, <c>{layer}.output.scale</c> F32[1], <c>{layer}.output.zero_point</c> U8[1];</item>
/// <item>a sequence model: per stored weight <c>{weight}.int8</c> I8[rows, columns] and <c>{weight}.scales</c> F32 (one per
/// column; an Embedding table one per row); every bias under its own name, F32.</item>
/// </list>
/// Everything is checked before anything is used (file layout by <see cref="SafetensorsReader"/>; then scales positive and
/// finite, int8 values in [−127, 127], int32 biases within half the int32 range), every problem an
/// <see cref="InvalidDataException"/> naming the file.
/// </remarks>
internal static class QuantizedWeightFile
{
    public const string Version = "1";

    private const string Chain = "int8", Sequence = "int8-weights";

    public static void Write(Stream stream, QuantizedModel model)
    {
        var metadata = WeightFileWriter.Metadata(model.Info);
        metadata["quantized_version"] = Version;
        var tensors = new List<TensorTarget>();
        if (model.Sequence is { } runner)
        {
            metadata["quantization"] = Sequence;
            foreach (SequenceStep step in runner.Steps)
            {
                foreach (CompactWeights w in step.Weights)
                {
                    tensors.Add(TensorTarget.Bytes($"{w.Name}.int8", [w.Rows, w.Columns], "I8", MemoryMarshal.AsBytes(w.Int8.AsSpan()).ToArray()));
                    tensors.Add(Floats($"{w.Name}.scales", w.Scales));
                }
                foreach (var (name, values) in step.Biases) tensors.Add(Floats(name, values));
            }
        }
        else
        {
            metadata["quantization"] = Chain;
            tensors.Add(Floats("input.scale", [model.InputScale]));
            tensors.Add(TensorTarget.Bytes("input.zero_point", [1], "U8", [(byte)model.InputZeroPoint]));
            foreach (QuantizedLayer layer in model.Layers)
            {
                if (layer.Plan.Kind == PlanKind.MaxPool) continue;
                string name = layer.Plan.Name;
                tensors.Add(TensorTarget.Bytes($"{name}.kernel.int8", [layer.Plan.Depth, layer.Plan.Channels], "I8", MemoryMarshal.AsBytes(layer.Weights.AsSpan()).ToArray()));
                tensors.Add(Floats($"{name}.kernel.scales", layer.WeightScales));
                tensors.Add(TensorTarget.Bytes($"{name}.bias.int32", [layer.Bias.Length], "I32", Int32Bytes(layer.Bias)));
                if (layer.IsLast) continue;
                tensors.Add(Floats($"{name}.output.scale", [layer.OutputScale]));
                tensors.Add(TensorTarget.Bytes($"{name}.output.zero_point", [1], "U8", [(byte)layer.OutputZeroPoint]));
            }
        }
        WeightFileWriter.Write(stream, tensors, metadata);
    }

    public static QuantizedModel Read(Model model, Stream stream, FileSource source)
    {
        // The int8/int32 tensors are used as their raw little-endian bytes.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Quantized weight files are read on little-endian machines only.");
        ModelInfo info = model.Info;
        bool sequence = SequencePlan.Applies(info);
        var tensors = sequence ? SequenceTensors(info) : ChainTensors(model);
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        SafetensorsReader.Read(stream, source, $"the quantized model '{info.Name}'", metadata =>
        {
            WeightFileReader.CheckArchitecture(metadata, info, source);
            string expected = sequence ? Sequence : Chain;
            if (!metadata.TryGetValue("quantization", out string? kind))
                throw WeightFileError.Create(source, $"the file has no 'quantization' in its metadata: it holds float weights (load it with Model.Load), not a quantized model (expected '{expected}').");
            if (kind != expected) throw WeightFileError.Create(source, $"the file holds a '{kind}' quantized model; {info.Name} quantizes as '{expected}'.");
            if (!metadata.TryGetValue("quantized_version", out string? version) || version != Version)
                throw WeightFileError.Create(source, $"the file's quantized_version is {(version is null ? "missing" : $"'{version}'")}; this GenNet reads version {Version}.");
            return tensors;
        });
        try
        {
            return sequence ? SequenceModel(model, byName) : ChainModel(model, byName);
        }
        catch (InvalidDataException e)
        {
            throw WeightFileError.Create(source, e.Message, e);
        }
    }

    private static List<TensorTarget> SequenceTensors(ModelInfo info)
    {
        var tensors = new List<TensorTarget>();
        // The plan read once with placeholder weights names every tensor and its shape; the real read follows the load.
        SequencePlan.Read(info, "Load", (name, rows, columns, coding) =>
        {
            tensors.Add(TensorTarget.Bytes($"{name}.int8", [rows, columns], "I8", new byte[rows * columns]));
            int scales = coding == WeightCoding.Int8Rows ? rows : columns;
            tensors.Add(new TensorTarget($"{name}.scales", [scales], new float[scales], 0));
            return CompactWeights.FromStored(name, rows, columns, coding, new sbyte[rows * columns], [], Enumerable.Repeat(1f, scales).ToArray());
        }, (name, length) =>
        {
            tensors.Add(new TensorTarget(name, [length], new float[length], 0));
            return new float[length];
        }, WeightCoding.Int8Columns);
        return tensors;
    }

    private static QuantizedModel SequenceModel(Model model, Dictionary<string, TensorTarget> t)
    {
        var steps = SequencePlan.Read(model.Info, "Load", (name, rows, columns, coding) =>
            CompactWeights.FromStored(name, rows, columns, coding, Int8(t[$"{name}.int8"], name), [], t[$"{name}.scales"].Buffer),
            (name, _) => t[name].Buffer, WeightCoding.Int8Columns);
        return new QuantizedModel(new SequenceRunner(model.Info, steps, WeightCoding.Int8Columns), model, model.Threads);
    }

    private static List<TensorTarget> ChainTensors(Model model)
    {
        var tensors = new List<TensorTarget>
        {
            new("input.scale", [1], new float[1], 0),
            TensorTarget.Bytes("input.zero_point", [1], "U8", new byte[1]),
        };
        List<PlanLayer> plan = InferencePlan.Read(model, "Load");
        for (int i = 0; i < plan.Count; i++)
        {
            PlanLayer p = plan[i];
            if (p.Kind == PlanKind.MaxPool) continue;
            tensors.Add(TensorTarget.Bytes($"{p.Name}.kernel.int8", [p.Depth, p.Channels], "I8", new byte[p.Depth * p.Channels]));
            tensors.Add(new TensorTarget($"{p.Name}.kernel.scales", [p.Channels], new float[p.Channels], 0));
            tensors.Add(TensorTarget.Bytes($"{p.Name}.bias.int32", [p.Channels], "I32", new byte[4 * p.Channels]));
            if (i == plan.Count - 1) continue;
            tensors.Add(new TensorTarget($"{p.Name}.output.scale", [1], new float[1], 0));
            tensors.Add(TensorTarget.Bytes($"{p.Name}.output.zero_point", [1], "U8", new byte[1]));
        }
        return tensors;
    }

    private static QuantizedModel ChainModel(Model model, Dictionary<string, TensorTarget> t)
    {
        // The float model supplies only the layer list and shapes: its own weights are not kept.
        List<PlanLayer> plan = InferencePlan.Read(model, "Load").Select(p => p with { Kernel = null, Bias = null }).ToList();
        var input = (Scale("input.scale", t), (int)t["input.zero_point"].Raw![0]);
        var current = input;
        var layers = new QuantizedLayer[plan.Count];
        for (int i = 0; i < plan.Count; i++)
        {
            PlanLayer p = plan[i];
            bool last = i == plan.Count - 1;
            if (p.Kind == PlanKind.MaxPool)
            {
                layers[i] = QuantizedLayer.Create(p, current, current, last);
                continue;
            }
            string name = p.Name;
            float[] scales = t[$"{name}.kernel.scales"].Buffer;
            foreach (float s in scales) CheckScale(s, $"{name}.kernel.scales");
            int[] bias = MemoryMarshal.Cast<byte, int>(t[$"{name}.bias.int32"].Raw.AsSpan()).ToArray();
            foreach (int b in bias)
                if (b < QuantizedLayer.MaxBias.Min || b > QuantizedLayer.MaxBias.Max)
                    throw new InvalidDataException($"tensor '{name}.bias.int32' holds {b}, outside [{QuantizedLayer.MaxBias.Min}, {QuantizedLayer.MaxBias.Max}].");
            var output = last ? (1f, 0) : (Scale($"{name}.output.scale", t), (int)t[$"{name}.output.zero_point"].Raw![0]);
            layers[i] = QuantizedLayer.Assemble(p, current, output, last, Int8(t[$"{name}.kernel.int8"], $"{name}.kernel"), scales, bias);
            current = output;
        }
        return new QuantizedModel(model.Info, input.Item1, input.Item2, layers, model.Threads);
    }

    private static float Scale(string name, Dictionary<string, TensorTarget> t)
    {
        float s = t[name].Buffer[0];
        CheckScale(s, name);
        return s;
    }

    private static void CheckScale(float s, string name)
    {
        if (!(s > 0f) || !float.IsFinite(s)) throw new InvalidDataException($"tensor '{name}' holds the scale {s.ToString(CultureInfo.InvariantCulture)}; scales are positive and finite.");
    }

    // −128 is never written: the kernels' 16-bit product paths rely on |q| ≤ 127.
    private static sbyte[] Int8(TensorTarget target, string name)
    {
        sbyte[] q = MemoryMarshal.Cast<byte, sbyte>(target.Raw.AsSpan()).ToArray();
        int bad = Array.IndexOf(q, sbyte.MinValue);
        if (bad >= 0) throw new InvalidDataException($"tensor '{target.Name}' holds −128 at element {bad}; int8 weights of {name} lie in [−127, 127].");
        return q;
    }

    private static TensorTarget Floats(string name, float[] values) => new(name, [values.Length], values, 0);

    private static byte[] Int32Bytes(int[] values)
    {
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4 * i), values[i]);
        return raw;
    }
}
