using System.Globalization;
using GenNet.Kernels;

namespace GenNet.Quantization;

/// <summary>What an inference step does.</summary>
internal enum PlanKind
{
    /// <summary><c>y = act(x · kernel + bias)</c>.</summary>
    Dense,
    /// <summary>NHWC convolution (<see cref="PlanLayer.Conv"/>), then the activation.</summary>
    Conv2D,
    /// <summary>NHWC max pooling (<see cref="PlanLayer.Pool"/>).</summary>
    MaxPool,
}

/// <summary>
/// One step of a model's inference as the quantized and 16-bit models run it, read from <see cref="ModelInfo"/> (the
/// layer list and each layer's Keras config) and a copy of its weights. Flatten and Dropout are no steps: inference
/// reads their input in place.
/// </summary>
/// <param name="Kind">The operation.</param>
/// <param name="Name">The Keras layer name (the one an Activation layer folded into it keeps the first layer's name).</param>
/// <param name="Activation">relu or linear; the last step may also have softmax or sigmoid.</param>
/// <param name="Inputs">Values per sample in (Dense: inputs; Conv2D: the patch size is <c>Conv.PatchSize</c>).</param>
/// <param name="Outputs">Values per sample out.</param>
/// <param name="Kernel">Dense <c>[inputs, units]</c>, Conv2D HWIO <c>[PatchSize, filters]</c>; null for pooling.</param>
/// <param name="Bias">One per output channel (zeros without a bias); null for pooling.</param>
/// <param name="Conv">The convolution's geometry (Conv2D only).</param>
/// <param name="Pool">The pooling geometry (MaxPool only).</param>
internal sealed record PlanLayer(PlanKind Kind, string Name, string Activation, int Inputs, int Outputs,
    float[]? Kernel, float[]? Bias, Conv2DGeometry Conv, PoolGeometry Pool)
{
    /// <summary>Columns of the matrix product: units or filters.</summary>
    public int Channels => Kind == PlanKind.Conv2D ? Conv.Filters : Outputs;

    /// <summary>Rows of the kernel matrix: inputs or the patch size.</summary>
    public int Depth => Kind == PlanKind.Conv2D ? Conv.PatchSize : Inputs;
}

/// <summary>Reads a model's inference steps for the quantized and 16-bit variants; anything else is a <see cref="NotSupportedException"/> naming the layer.</summary>
internal static class InferencePlan
{
    /// <summary>The layer kinds these variants run.</summary>
    public const string Supported = "Dense, Conv2D, MaxPooling2D, Flatten, Dropout and Activation (relu, linear; softmax or sigmoid last)";

    public static List<PlanLayer> Read(Model model, string variant)
    {
        ModelInfo info = model.Info;
        if (info.Inputs.Length != 1 || info.Outputs.Length != 1)
            throw new NotSupportedException($"{variant} needs a model with one input and one output; {info.Name} has {info.Inputs.Length} and {info.Outputs.Length}.");
        var steps = new List<PlanLayer>();
        int[] shape = info.InputShape;
        string previous = "input_layer";
        for (int i = 0; i < info.Layers.Length; i++)
        {
            LayerInfo layer = info.Layers[i];
            bool last = i == info.Layers.Length - 1;
            if (layer.Inbound is { } inbound && (inbound.Length != 1 || inbound[0] != previous))
                throw Unsupported(variant, layer, $"it reads [{string.Join(", ", inbound)}]; only a plain chain of layers is supported");
            previous = layer.Name;
            switch (layer.TypeName)
            {
                case "Dense":
                {
                    if (shape.Length != 1) throw Unsupported(variant, layer, $"it reads a rank-{shape.Length} input; only Dense on flat inputs is supported");
                    int units = Int(layer, "units");
                    var (kernel, bias) = Weights(model, layer, shape[0] * units, units);
                    steps.Add(new PlanLayer(PlanKind.Dense, layer.Name, ActivationOf(variant, layer, last), shape[0], units, kernel, bias, default, default));
                    shape = [units];
                    break;
                }
                case "Conv2D":
                {
                    if (shape.Length != 3) throw Unsupported(variant, layer, $"it reads a rank-{shape.Length} input");
                    var (kh, kw) = Pair(layer, "kernel_size");
                    var (sh, sw) = Pair(layer, "strides");
                    var (dh, dw) = Pair(layer, "dilation_rate");
                    int filters = Int(layer, "filters");
                    var g = Conv2DGeometry.Create(shape[0], shape[1], shape[2], kh, kw, filters, sh, sw, dh, dw, Same(layer));
                    var (kernel, bias) = Weights(model, layer, g.KernelSize, filters);
                    steps.Add(new PlanLayer(PlanKind.Conv2D, layer.Name, ActivationOf(variant, layer, last), g.InputSize, g.OutputSize, kernel, bias, g, default));
                    shape = [g.OutHeight, g.OutWidth, filters];
                    break;
                }
                case "MaxPooling2D":
                {
                    if (shape.Length != 3) throw Unsupported(variant, layer, $"it reads a rank-{shape.Length} input");
                    var (ph, pw) = Pair(layer, "pool_size");
                    var (sh, sw) = Pair(layer, "strides");
                    var g = PoolGeometry.Create(shape[0], shape[1], shape[2], ph, pw, sh, sw, Same(layer));
                    steps.Add(new PlanLayer(PlanKind.MaxPool, layer.Name, "linear", g.InputSize, g.OutputSize, null, null, default, g));
                    shape = [g.OutHeight, g.OutWidth, shape[2]];
                    break;
                }
                case "Flatten":
                    shape = [shape.Aggregate(1, (a, b) => a * b)];
                    break;
                case "Dropout":
                    break;
                case "Activation":
                {
                    string act = ActivationOf(variant, layer, last);
                    if (act == "linear") break;
                    // Folded into the Dense/Conv2D right before it when that one has no activation of its own.
                    if (steps.Count == 0 || steps[^1].Kind == PlanKind.MaxPool || steps[^1].Activation != "linear"
                        || info.Layers[i - 1].TypeName is not ("Dense" or "Conv2D" or "Dropout" or "Flatten"))
                        throw Unsupported(variant, layer, "an Activation is supported only right after a Dense or Conv2D without an activation");
                    // Softmax after a Flatten normalizes the whole flat row, not a convolution's channels: not foldable.
                    if (act == "softmax" && steps[^1].Kind == PlanKind.Conv2D && info.Layers[i - 1].TypeName != "Conv2D")
                        throw Unsupported(variant, layer, "a softmax over a flattened convolution output is not supported");
                    steps[^1] = steps[^1] with { Activation = act };
                    break;
                }
                default:
                    throw Unsupported(variant, layer, $"{variant} supports {Supported}");
            }
        }
        if (steps.Count == 0 || steps[^1].Kind == PlanKind.MaxPool)
            throw new NotSupportedException($"{variant} needs a model that ends in a Dense or Conv2D layer; {info.Name} ends in {info.Layers[^1].Name}.");
        return steps;
    }

    private static NotSupportedException Unsupported(string variant, LayerInfo layer, string why) =>
        new($"{variant}: layer '{layer.Name}' ({layer.TypeName}) is not supported: {why}.");

    private static string ActivationOf(string variant, LayerInfo layer, bool last)
    {
        string act = layer.Config.TryGetValue("activation", out var a) ? a : "linear";
        bool hasOptions = layer.Config.Keys.Any(k => k is "negative_slope" or "max_value" or "threshold" or "alpha");
        if (!hasOptions && (act is "relu" or "linear" || (last && act is "softmax" or "sigmoid"))) return act;
        throw Unsupported(variant, layer, $"activation '{act}'{(hasOptions ? " with options" : "")} is not one of relu, linear (softmax or sigmoid on the last layer)");
    }

    private static (float[] Kernel, float[] Bias) Weights(Model model, LayerInfo layer, int kernelLength, int channels)
    {
        float[] kernel = Read(model, $"{layer.Name}.kernel", kernelLength) ?? throw new InvalidOperationException($"Layer '{layer.Name}' has no weight {layer.Name}.kernel.");
        float[] bias = Read(model, $"{layer.Name}.bias", channels) ?? new float[channels];
        return (kernel, bias);
    }

    private static float[]? Read(Model model, string name, int length)
    {
        foreach (WeightInfo w in model.Info.Weights)
        {
            if (w.Name != name) continue;
            if (w.Length != length) throw new InvalidOperationException($"Weight {name} has {w.Length} values, expected {length}.");
            return (w.Trainable ? model.ParameterValues : model.State).Slice(w.Offset, w.Length).ToArray();
        }
        return null;
    }

    private static int Int(LayerInfo layer, string key) => int.Parse(Config(layer, key), CultureInfo.InvariantCulture);

    private static (int, int) Pair(LayerInfo layer, string key)
    {
        string[] parts = Config(layer, key).Split(',');
        int a = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return (a, parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : a);
    }

    private static bool Same(LayerInfo layer) => layer.Config.TryGetValue("padding", out var p) && p == "same";

    private static string Config(LayerInfo layer, string key) =>
        layer.Config.TryGetValue(key, out var v) ? v : throw new InvalidOperationException($"Layer '{layer.Name}' has no '{key}' in its config.");
}
