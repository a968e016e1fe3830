using System;
using System.Collections.Generic;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// Decodes the subset of ONNX's protobuf schema (onnx.proto: ModelProto, GraphProto, NodeProto, AttributeProto,
/// TensorProto, ValueInfoProto) that a model import needs; every other field is skipped. Field numbers are the
/// schema's. A malformed file is an <see cref="OnnxFormatException"/> naming the byte offset.
/// </summary>
internal static class OnnxDecoder
{
    /// <summary>Upper bound on elements of one constant, so a hostile header cannot ask for gigabytes.</summary>
    private const long MaxElements = 1L << 28;

    public static OnnxModel Decode(byte[] bytes)
    {
        if (bytes.Length == 0) throw new OnnxFormatException("the file is empty");
        var model = new OnnxModel();
        bool hasGraph = false;
        var reader = new ProtoReader(bytes);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.Tag();
            switch (field, wire)
            {
                case (1, 0): model.IrVersion = reader.Int64(); break;
                case (2, 2): model.ProducerName = reader.String(); break;
                case (7, 2):
                    var graph = reader.Message();
                    model.Graph = Graph(ref graph);
                    hasGraph = true;
                    break;
                case (8, 2):
                    var opset = reader.Message();
                    ReadOpset(ref opset, model);
                    break;
                default: reader.Skip(wire); break;
            }
        }
        if (!hasGraph) throw new OnnxFormatException("the file has no graph (ModelProto field 7); it is not an ONNX model");
        return model;
    }

    private static void ReadOpset(ref ProtoReader reader, OnnxModel model)
    {
        string domain = "";
        long version = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.Tag();
            if (field == 1 && wire == 2) domain = reader.String();
            else if (field == 2 && wire == 0) version = reader.Int64();
            else reader.Skip(wire);
        }
        if (domain.Length == 0 || domain == "ai.onnx") model.Opset = version;
        else model.OtherDomains.Add(domain);
    }

    private static OnnxGraph Graph(ref ProtoReader reader)
    {
        var graph = new OnnxGraph();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.Tag();
            switch (field, wire)
            {
                case (1, 2):
                    var node = reader.Message();
                    graph.Nodes.Add(Node(ref node));
                    break;
                case (5, 2):
                    var tensor = reader.Message();
                    OnnxTensor t = Tensor(ref tensor);
                    graph.Initializers[t.Name] = t;
                    break;
                case (11, 2):
                    var input = reader.Message();
                    graph.Inputs.Add(Value(ref input));
                    break;
                case (12, 2):
                    var output = reader.Message();
                    graph.Outputs.Add(Value(ref output));
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return graph;
    }

    private static OnnxNode Node(ref ProtoReader reader)
    {
        var node = new OnnxNode();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.Tag();
            switch (field, wire)
            {
                case (1, 2): node.Inputs.Add(reader.String()); break;
                case (2, 2): node.Outputs.Add(reader.String()); break;
                case (3, 2): node.Name = reader.String(); break;
                case (4, 2): node.OpType = reader.String(); break;
                case (7, 2): node.Domain = reader.String(); break;
                case (5, 2):
                    var attribute = reader.Message();
                    OnnxAttribute a = Attribute(ref attribute);
                    node.Attributes[a.Name] = a;
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return node;
    }

    private static OnnxAttribute Attribute(ref ProtoReader reader)
    {
        var attribute = new OnnxAttribute();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.Tag();
            switch (field, wire)
            {
                case (1, 2): attribute.Name = reader.String(); break;
                case (2, 5): attribute.Float = reader.Fixed32Float(); break;
                case (3, 0): attribute.Int = reader.Int64(); break;
                case (4, 2): attribute.String = reader.String(); break;
                case (5, 2):
                    var tensor = reader.Message();
                    attribute.Tensor = Tensor(ref tensor);
                    break;
                case (7, 5): attribute.Floats.Add(reader.Fixed32Float()); break;
                case (7, 2):
                    var floats = reader.Message();
                    while (!floats.AtEnd) attribute.Floats.Add(floats.Fixed32Float());
                    break;
                case (8, 0): attribute.Ints.Add(reader.Int64()); break;
                case (8, 2):
                    var ints = reader.Message();
                    while (!ints.AtEnd) attribute.Ints.Add(ints.Int64());
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return attribute;
    }

    private static OnnxTensor Tensor(ref ProtoReader reader)
    {
        var tensor = new OnnxTensor();
        var floats = new List<float>();
        var longs = new List<long>();
        (int Start, int Length)? raw = null;
        int at = reader.Position;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.Tag();
            switch (field, wire)
            {
                case (1, 0): tensor.Dims.Add(reader.Int64()); break;
                case (1, 2):
                    var dims = reader.Message();
                    while (!dims.AtEnd) tensor.Dims.Add(dims.Int64());
                    break;
                case (2, 0): tensor.DataType = (int)reader.Varint(); break;
                case (4, 5): floats.Add(reader.Fixed32Float()); break;
                case (4, 2):
                    var packedFloats = reader.Message();
                    while (!packedFloats.AtEnd) floats.Add(packedFloats.Fixed32Float());
                    break;
                case (7, 0): longs.Add(reader.Int64()); break;
                case (7, 2):
                    var packedLongs = reader.Message();
                    while (!packedLongs.AtEnd) longs.Add(packedLongs.Int64());
                    break;
                case (8, 2): tensor.Name = reader.String(); break;
                case (9, 2): raw = reader.Bytes(); break;
                case (14, 0): tensor.IsExternal = reader.Varint() == 1; break;
                default: reader.Skip(wire); break;
            }
        }

        long count = tensor.ElementCount;
        if (tensor.IsExternal) return tensor;
        if (count < 0 || count > MaxElements)
        {
            throw new OnnxFormatException($"constant '{tensor.Name}' (at byte {at}) has dims [{string.Join(", ", tensor.Dims)}], which is not a size GenNet can hold");
        }
        int elementSize = tensor.DataType switch { OnnxTensor.Float => 4, OnnxTensor.Int64 => 8, _ => 0 };
        if (raw is { } r && elementSize > 0)
        {
            if (r.Length != count * elementSize)
            {
                throw new OnnxFormatException($"constant '{tensor.Name}' (at byte {at}) has {r.Length} bytes of raw data; dims [{string.Join(", ", tensor.Dims)}] need {count * elementSize}");
            }
            byte[] data = reader.Copy(r.Start, r.Length);
            if (!BitConverter.IsLittleEndian) SwapEach(data, elementSize);
            if (tensor.DataType == OnnxTensor.Float)
            {
                tensor.Floats = new float[count];
                Buffer.BlockCopy(data, 0, tensor.Floats, 0, data.Length);
            }
            else
            {
                tensor.Longs = new long[count];
                Buffer.BlockCopy(data, 0, tensor.Longs, 0, data.Length);
            }
            return tensor;
        }

        if (tensor.DataType == OnnxTensor.Float) tensor.Floats = Exactly(floats.ToArray(), count, tensor, at);
        else if (tensor.DataType == OnnxTensor.Int64) tensor.Longs = Exactly(longs.ToArray(), count, tensor, at);
        return tensor;
    }

    private static T[] Exactly<T>(T[] values, long count, OnnxTensor tensor, int at)
    {
        if (values.Length != count)
        {
            throw new OnnxFormatException($"constant '{tensor.Name}' (at byte {at}) holds {values.Length} values; dims [{string.Join(", ", tensor.Dims)}] need {count}");
        }
        return values;
    }

    private static void SwapEach(byte[] data, int size)
    {
        for (int i = 0; i + size <= data.Length; i += size) Array.Reverse(data, i, size);
    }

    /// <summary>ValueInfoProto: name (1) and type (2) → TypeProto.tensor_type (1) → elem_type (1), shape (2) → dim (1) → dim_value (1) | dim_param (2).</summary>
    private static OnnxValue Value(ref ProtoReader reader)
    {
        var value = new OnnxValue();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.Tag();
            if (field == 1 && wire == 2) value.Name = reader.String();
            else if (field == 2 && wire == 2)
            {
                var type = reader.Message();
                while (!type.AtEnd)
                {
                    var (typeField, typeWire) = type.Tag();
                    if (typeField != 1 || typeWire != 2) { type.Skip(typeWire); continue; }
                    var tensorType = type.Message();
                    while (!tensorType.AtEnd)
                    {
                        var (f, w) = tensorType.Tag();
                        if (f == 1 && w == 0) value.ElementType = (int)tensorType.Varint();
                        else if (f == 2 && w == 2)
                        {
                            value.HasShape = true;
                            var shape = tensorType.Message();
                            ReadShape(ref shape, value);
                        }
                        else tensorType.Skip(w);
                    }
                }
            }
            else reader.Skip(wire);
        }
        return value;
    }

    private static void ReadShape(ref ProtoReader shape, OnnxValue value)
    {
        while (!shape.AtEnd)
        {
            var (field, wire) = shape.Tag();
            if (field != 1 || wire != 2) { shape.Skip(wire); continue; }
            var dim = shape.Message();
            long? size = null;
            string name = "";
            while (!dim.AtEnd)
            {
                var (f, w) = dim.Tag();
                if (f == 1 && w == 0) size = dim.Int64();
                else if (f == 2 && w == 2) name = dim.String();
                else dim.Skip(w);
            }
            value.Dims.Add(size);
            value.DimNames.Add(name);
        }
    }
}
