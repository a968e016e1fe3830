using System;
using System.Collections.Generic;
using System.Linq;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// Integer constants the exporter computes instead of writing: PyTorch 1.13's <c>F.pad(x, (1, 2))</c> builds its ONNX pads
/// from Constant nodes through ConstantOfShape, Concat, Reshape, a reversing Slice, Transpose, Reshape and Cast, which its
/// constant folding leaves in the graph. Such a node whose every input is an int64 constant is evaluated here, so the
/// node reading it (Pad) sees a constant. Sizes are bounded before anything is allocated (a hostile file stays a diagnostic).
/// </summary>
internal sealed partial class OnnxLowering
{
    /// <summary>Most elements an evaluated integer constant may have (pads and shapes hold a handful).</summary>
    private const int MaxIntegerConstant = 4096;

    /// <summary>Evaluates <paramref name="node"/> into <c>_constants</c> when it is such a computation; true when it was.</summary>
    private bool FoldIntegerConstant(OnnxNode node)
    {
        if (node.OpType is not ("ConstantOfShape" or "Concat" or "Reshape" or "Slice" or "Transpose" or "Cast") || node.Outputs.Count != 1) return false;
        var inputs = new List<OnnxTensor>();
        foreach (string name in node.Inputs)
        {
            if (name.Length == 0) inputs.Add(new OnnxTensor { DataType = OnnxTensor.Int64 });
            else if (_constants.TryGetValue(name, out OnnxTensor? t) && t.DataType == OnnxTensor.Int64 && !t.IsExternal && Consistent(t)) inputs.Add(t);
            else return false;
        }
        OnnxTensor? result = node.OpType switch
        {
            "ConstantOfShape" => ConstantOfShape(node, inputs),
            "Concat" => ConcatIntegers(node, inputs),
            "Reshape" when inputs.Count == 2 && Int(node, "allowzero", 0) == 0 => ReshapeIntegers(inputs[0], inputs[1].Longs),
            "Slice" when inputs.Count >= 3 => SliceIntegers(inputs),
            "Transpose" when inputs.Count == 1 => TransposeIntegers(node, inputs[0]),
            "Cast" when inputs.Count == 1 && Int(node, "to", 0) == OnnxTensor.Int64 => inputs[0],
            _ => null,
        };
        if (result is null || result.Longs.Length > MaxIntegerConstant) return false;
        OnnxTensor folded = Tensor(result.Longs, result.Dims);
        folded.Name = node.Outputs[0];
        _constants[node.Outputs[0]] = folded;
        return true;
    }

    /// <summary>Whether the tensor's dims describe its values (a scalar has no dims and one value).</summary>
    private static bool Consistent(OnnxTensor t) => t.Dims.All(d => d >= 0) && t.ElementCount == t.Longs.Length;

    private static OnnxTensor Tensor(long[] values, IEnumerable<long> dims)
    {
        var t = new OnnxTensor { DataType = OnnxTensor.Int64, Longs = values };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>ConstantOfShape of a constant shape, filled with an int64 value (0 when absent); a float fill is left alone.</summary>
    private static OnnxTensor? ConstantOfShape(OnnxNode node, List<OnnxTensor> inputs)
    {
        if (inputs.Count != 1 || inputs[0].Dims.Count > 1) return null;
        long fill = 0;
        if (node.Attributes.TryGetValue("value", out OnnxAttribute? a))
        {
            if (a.Tensor is not { DataType: OnnxTensor.Int64, Longs.Length: 1 } value) return null;
            fill = value.Longs[0];
        }
        long[] shape = inputs[0].Longs;
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0 || (count *= d) > MaxIntegerConstant) return null;
        }
        return Tensor(Enumerable.Repeat(fill, (int)count).ToArray(), shape);
    }

    /// <summary>Concat of 1-D integer tensors (axis 0).</summary>
    private static OnnxTensor? ConcatIntegers(OnnxNode node, List<OnnxTensor> inputs)
    {
        long axis = Int(node, "axis", 0);
        if (axis is not (0 or -1) || inputs.Any(t => t.Dims.Count != 1)) return null;
        long[] values = inputs.SelectMany(t => t.Longs).ToArray();
        return Tensor(values, new[] { (long)values.Length });
    }

    /// <summary>Reshape with ONNX's 0 (keep that axis) and one −1 (what remains).</summary>
    private static OnnxTensor? ReshapeIntegers(OnnxTensor data, long[] target)
    {
        var dims = new long[target.Length];
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < target.Length; i++)
        {
            long d = target[i] == 0 && i < data.Dims.Count ? data.Dims[i] : target[i];
            if (d == -1 && unknown < 0) unknown = i;
            else if (d < 0) return null;
            else known *= d;
            dims[i] = d;
            if (known > MaxIntegerConstant) return null;
        }
        long count = data.Longs.Length;
        if (unknown >= 0)
        {
            if (known == 0 || count % known != 0) return null;
            dims[unknown] = count / known;
        }
        else if (known != count) return null;
        return Tensor(data.Longs, dims);
    }

    /// <summary>Row-major strides of <paramref name="dims"/>.</summary>
    private static long[] Strides(IReadOnlyList<long> dims)
    {
        var strides = new long[dims.Count];
        long s = 1;
        for (int i = dims.Count - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    /// <summary>ONNX Slice (starts, ends, optional axes and steps, negative steps included) of an integer tensor.</summary>
    private static OnnxTensor? SliceIntegers(List<OnnxTensor> inputs)
    {
        OnnxTensor data = inputs[0];
        int rank = data.Dims.Count;
        long[] starts = inputs[1].Longs, ends = inputs[2].Longs;
        long[] axes = inputs.Count > 3 && inputs[3].Longs.Length > 0 ? inputs[3].Longs : Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        long[] steps = inputs.Count > 4 && inputs[4].Longs.Length > 0 ? inputs[4].Longs : starts.Select(_ => 1L).ToArray();
        if (rank == 0 || ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length) return null;
        long[] first = new long[rank], step = Enumerable.Repeat(1L, rank).ToArray(), count = data.Dims.ToArray();
        for (int i = 0; i < axes.Length; i++)
        {
            long axis = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (axis < 0 || axis >= rank || steps[i] == 0) return null;
            long dim = data.Dims[(int)axis], s = steps[i];
            long start = starts[i] < 0 ? starts[i] + dim : starts[i], end = ends[i] < 0 ? ends[i] + dim : ends[i];
            // ONNX's clamping: [0, dim] forwards, [0, dim − 1] and [−1, dim − 1] backwards.
            start = s > 0 ? Math.Min(Math.Max(start, 0), dim) : Math.Min(Math.Max(start, 0), dim - 1);
            end = s > 0 ? Math.Min(Math.Max(end, 0), dim) : Math.Min(Math.Max(end, -1), dim - 1);
            long n = s > 0 ? (end - start + s - 1) / s : (start - end - s - 1) / -s;
            (first[axis], step[axis], count[axis]) = (start, s, Math.Max(n, 0));
        }
        long total = count.Aggregate(1L, (a, d) => a * d);
        if (total > MaxIntegerConstant) return null;
        long[] strides = Strides(data.Dims), values = new long[total], index = new long[rank];
        for (long k = 0; k < total; k++)
        {
            long source = 0, rest = k;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis] = rest % count[axis];
                rest /= count[axis];
                source += (first[axis] + index[axis] * step[axis]) * strides[axis];
            }
            values[k] = data.Longs[source];
        }
        return Tensor(values, count);
    }

    /// <summary>Transpose by <c>perm</c> (reversed axes by default) of an integer tensor.</summary>
    private static OnnxTensor? TransposeIntegers(OnnxNode node, OnnxTensor data)
    {
        int rank = data.Dims.Count;
        long[] perm = node.Attributes.TryGetValue("perm", out OnnxAttribute? a) && a.Ints.Count > 0
            ? a.Ints.ToArray() : Enumerable.Range(0, rank).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != rank || perm.Any(p => p < 0 || p >= rank) || perm.Distinct().Count() != rank) return null;
        long[] dims = perm.Select(p => data.Dims[(int)p]).ToArray(), strides = Strides(data.Dims), values = new long[data.Longs.Length];
        for (long k = 0; k < values.Length; k++)
        {
            long source = 0, rest = k;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                source += rest % dims[axis] * strides[perm[axis]];
                rest /= dims[axis];
            }
            values[k] = data.Longs[source];
        }
        return Tensor(values, dims);
    }
}
