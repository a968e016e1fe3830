using System.Collections.Generic;
using GenNet.Shared;

namespace GenNet.Generator.Import.Onnx;

/// <summary>ONNX activation ops → Keras activation names, where the op with its attributes is exactly that activation.</summary>
internal static class OnnxActivations
{
    /// <summary>The ops this maps, for the "nearest supported form" of GN0402.</summary>
    public const string Supported =
        "Gemm, MatMul (+ Add), Conv (1-D and 2-D), MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, ReduceMean/ReduceMax (over the positions), " +
        "BatchNormalization, Flatten, Reshape (flatten), Transpose (of a sequence), Squeeze (after a global pool), Dropout, Identity, " +
        "LSTM, GRU, RNN (forward, default activations), Pad (zeros), Slice (of height/width), Resize (integer scales), Add/Sub/Mul/Max/Min and Concat of computed values, " +
        "Relu, Sigmoid, Tanh, Softmax, LogSoftmax, Elu (alpha 1), Selu, Softplus, Softsign, HardSwish, Gelu, Mish, Exp, LeakyRelu, PRelu, Clip (0, max)";

    /// <summary>The Keras activation <paramref name="node"/> computes, or null when it is no activation GenNet has.</summary>
    public static string? Keras(OnnxNode node, IReadOnlyDictionary<string, OnnxTensor> constants)
    {
        switch (node.OpType)
        {
            case "Relu": return ActivationNames.Relu;
            case "Sigmoid": return ActivationNames.Sigmoid;
            case "Tanh": return ActivationNames.Tanh;
            case "Softmax": return ActivationNames.Softmax;
            case "LogSoftmax": return ActivationNames.LogSoftmax;
            case "Softplus": return ActivationNames.Softplus;
            case "Softsign": return ActivationNames.Softsign;
            case "HardSwish": return ActivationNames.HardSwish;
            case "Mish": return ActivationNames.Mish;
            case "Exp": return ActivationNames.Exponential;
            case "Selu": return Attribute(node, "alpha", 1.67326319f) && Attribute(node, "gamma", 1.05070102f) ? ActivationNames.Selu : null;
            case "Elu": return Attribute(node, "alpha", 1f, 1f) ? ActivationNames.Elu : null;
            case "LeakyRelu": return Attribute(node, "alpha", 0.01f, 0.2f) ? ActivationNames.LeakyRelu : null;
            case "Gelu":
                return !node.Attributes.TryGetValue("approximate", out OnnxAttribute? a) || a.String is null or "none" ? ActivationNames.Gelu : null;
            case "Clip": return Bound(node, 1, "min", constants) == 0f && Bound(node, 2, "max", constants) == 6f ? ActivationNames.Relu6 : null;
            default: return null;
        }
    }

    /// <summary>LeakyRelu with Keras' <c>leaky_relu</c> slope (0.2), which fuses as an activation; other slopes are a LeakyReLU layer.</summary>
    public static bool IsKerasDefault(OnnxNode node) => Attribute(node, "alpha", 0.01f, 0.2f);

    /// <summary>Clip(0, cap) with a positive constant cap: Keras' ReLU(max_value = cap); null for any other Clip.</summary>
    public static float? ReluCap(OnnxNode node, IReadOnlyDictionary<string, OnnxTensor> constants) =>
        Bound(node, 1, "min", constants) == 0f && Bound(node, 2, "max", constants) is > 0f and var cap ? cap : null;

    /// <summary>Whether the attribute (default <paramref name="fallback"/>) equals <paramref name="wanted"/> (the default if not given).</summary>
    private static bool Attribute(OnnxNode node, string name, float fallback, float? wanted = null)
    {
        float value = node.Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Float is { } f ? f : fallback;
        return System.Math.Abs(value - (wanted ?? fallback)) <= 1e-6f * System.Math.Abs(wanted ?? fallback);
    }

    /// <summary>Clip's bound: an input (opset ≥ 11) that is a one-value constant, or the old attribute; null when absent or computed.</summary>
    private static float? Bound(OnnxNode node, int input, string attribute, IReadOnlyDictionary<string, OnnxTensor> constants)
    {
        if (node.Inputs.Count > input && node.Inputs[input].Length > 0)
        {
            return constants.TryGetValue(node.Inputs[input], out OnnxTensor? t) && t.Floats.Length == 1 ? t.Floats[0] : null;
        }
        return node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) ? a.Float : null;
    }
}
