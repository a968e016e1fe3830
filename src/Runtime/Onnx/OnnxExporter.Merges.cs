using System.Globalization;
using A = GenNet.Onnx.OnnxGraph.Attribute;

namespace GenNet.Onnx;

/// <summary>The merge layers of Functional models: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate.</summary>
internal sealed partial class OnnxExporter
{
    /// <summary>Add, Subtract, Multiply: ONNX's binary operator applied left to right, as GenNet accumulates.</summary>
    private void Fold(LayerInfo layer, string op, string[] inbound)
    {
        string[] operands = Operands(inbound);
        string y = operands[0];
        for (int k = 1; k < operands.Length; k++)
        {
            y = _graph.Node(op, k == operands.Length - 1 ? layer.Name : layer.Name + "_" + k.ToString(CultureInfo.InvariantCulture), new[] { y, operands[k] });
        }
        _x = y;
    }

    /// <summary>Average, Maximum, Minimum: ONNX's variadic Mean, Max, Min.</summary>
    private void Variadic(LayerInfo layer, string op, string[] inbound) => _x = _graph.Node(op, layer.Name, Operands(inbound));

    /// <summary>
    /// ONNX Concat. The per-sample axis is the one where the output's shape differs from the first input's (every other
    /// axis is equal, and the joined one is a sum of two or more positive sizes); ONNX counts the batch axis too, and an
    /// NCHW image has its channels on axis 1.
    /// </summary>
    private void Concatenate(LayerInfo layer, string[] inbound)
    {
        int[] first = _tensors[inbound[0]].Shape;
        int axis = -1;
        for (int i = 0; i < first.Length; i++)
        {
            if (first[i] != layer.OutputShape[i]) axis = i;
        }
        if (axis < 0) axis = first.Length - 1;   // one input: nothing joined
        string[] operands = Operands(inbound);
        long onnxAxis = _nchw ? new long[] { 2, 3, 1 }[axis] : axis + 1;
        _x = _graph.Node("Concat", layer.Name, operands, A.Int("axis", onnxAxis));
    }

    /// <summary>
    /// Brings every input of a merge into one layout and returns their names: NCHW when the inputs are images and one
    /// of them already is (the next layer is likely a convolution), else NHWC.
    /// </summary>
    private string[] Operands(string[] inbound)
    {
        bool nchw = inbound.Any(n => _tensors[n].Nhwc is null) && _tensors[inbound[0]].Shape.Length == 3;
        var names = new string[inbound.Length];
        for (int k = 0; k < inbound.Length; k++)
        {
            Read(inbound[k]);
            if (nchw) EnsureNchw();
            else EnsureNhwc();
            names[k] = _x;
        }
        return names;
    }
}
