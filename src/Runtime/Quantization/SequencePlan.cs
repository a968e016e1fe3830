using System.Globalization;
using GenNet.Kernels;

namespace GenNet.Quantization;

/// <summary>
/// Reads a sequence model (one with an Embedding, Conv1D or recurrent layer) into <see cref="SequenceStep"/>s with its
/// weights stored in 8 or 16 bits. Supported: Embedding (with <c>mask_zero</c>), Conv1D (valid, same, causal; strides,
/// dilation), SimpleRNN, LSTM, GRU and Bidirectional of them (every merge mode but <c>None</c>), Dense on a flat input,
/// Flatten and Dropout (views at inference). A plain chain with one input and one output; anything else is a
/// <see cref="NotSupportedException"/> naming the layer.
/// </summary>
internal static class SequencePlan
{
    /// <summary>Layer kinds that make a model a sequence model for <see cref="Model.Quantize(ReadOnlySpan{float})"/> and <see cref="Model.ToHalfWeights"/>.</summary>
    public static bool Applies(ModelInfo info) =>
        info.Layers.Any(l => l.TypeName is "Embedding" or "Conv1D" or "SimpleRNN" or "LSTM" or "GRU" or "Bidirectional");

    public const string Supported = "Embedding, Conv1D, SimpleRNN, LSTM, GRU, Bidirectional, Dense, Flatten and Dropout";

    /// <summary>The steps of <paramref name="model"/>; <paramref name="coding"/> is the kernels' coding (Embedding tables take int8 rows for int8).</summary>
    public static List<SequenceStep> Read(Model model, string variant, WeightCoding coding) =>
        Read(model.Info, variant, (name, rows, columns, weightCoding) => CompactWeights.Encode(name, Values(model, name, rows * columns), rows, columns, weightCoding),
            (name, length) => Values(model, name, length, optional: true) ?? [], coding);

    /// <summary>
    /// The steps of the model <paramref name="info"/> describes, with each weight made by <paramref name="weight"/>
    /// (name, rows, columns, coding) and each bias by <paramref name="bias"/> (name, length; empty when absent): from a float
    /// model, or from a saved quantized file.
    /// </summary>
    public static List<SequenceStep> Read(ModelInfo info, string variant, Func<string, int, int, WeightCoding, CompactWeights> weight,
        Func<string, int, float[]> bias, WeightCoding coding)
    {
        if (info.Inputs.Length != 1 || info.Outputs.Length != 1)
            throw new NotSupportedException($"{variant} needs a model with one input and one output; {info.Name} has {info.Inputs.Length} and {info.Outputs.Length}.");
        WeightCoding rows = coding == WeightCoding.Int8Columns ? WeightCoding.Int8Rows : coding;
        var steps = new List<SequenceStep>();
        int[] shape = info.InputShape;
        string previous = "input_layer";
        bool masked = false;
        for (int i = 0; i < info.Layers.Length; i++)
        {
            LayerInfo layer = info.Layers[i];
            var config = layer.Config;
            if (layer.Inbound is { } inbound && (inbound.Length != 1 || inbound[0] != previous))
                throw Unsupported(variant, layer, $"it reads [{string.Join(", ", inbound)}]; only a plain chain of layers is supported");
            previous = layer.Name;
            switch (layer.TypeName)
            {
                case "Embedding":
                {
                    if (i != 0 || shape.Length != 1) throw Unsupported(variant, layer, "only an Embedding that reads the model's token ids is supported");
                    int inputDim = Int(layer, "input_dim"), outputDim = Int(layer, "output_dim");
                    steps.Add(new EmbeddingStep(layer.Name, shape[0], weight($"{layer.Name}.embeddings", inputDim, outputDim, rows)));
                    masked = Bool(layer, "mask_zero");
                    shape = [shape[0], outputDim];
                    break;
                }
                case "Conv1D":
                {
                    RequireSequence(variant, layer, shape);
                    int filters = Int(layer, "filters"), k = Int(layer, "kernel_size"), s = Int(layer, "strides"), d = Int(layer, "dilation_rate");
                    string padding = Config(layer, "padding");
                    Conv2DGeometry g = padding == "causal"
                        ? new Conv2DGeometry(1, shape[0], shape[1], 1, k, filters, 1, s, 1, d, 0, (k - 1) * d, 1, (shape[0] - 1) / s + 1)
                        : Conv2DGeometry.Create(1, shape[0], shape[1], 1, k, filters, 1, s, 1, d, padding == "same");
                    string activation = Activation(variant, layer);
                    steps.Add(new Conv1DStep(layer.Name, g, weight($"{layer.Name}.kernel", g.PatchSize, filters, coding), BiasName(layer), Bias(layer, bias, filters), activation));
                    masked = false;   // Keras drops the mask after a Conv1D
                    shape = [g.OutWidth, filters];
                    break;
                }
                case "SimpleRNN" or "LSTM" or "GRU":
                {
                    RequireSequence(variant, layer, shape);
                    var step = Recurrent(variant, layer, layer.Name, layer.TypeName, "", shape, weight, bias, coding, masked);
                    steps.Add(step);
                    masked &= step.Geometry.ReturnSequences;
                    shape = step.Geometry.ReturnSequences ? [shape[0], step.Geometry.Units] : [step.Geometry.Units];
                    break;
                }
                case "Bidirectional":
                {
                    RequireSequence(variant, layer, shape);
                    string inner = Config(layer, "layer");
                    string half = inner switch { "LSTM" => "lstm", "GRU" => "gru", "SimpleRNN" => "simple_rnn", _ => throw Unsupported(variant, layer, $"it wraps {inner}") };
                    BidirectionalMergeMode mode = Config(layer, "merge_mode") switch
                    {
                        "concat" => BidirectionalMergeMode.Concat,
                        "sum" => BidirectionalMergeMode.Sum,
                        "mul" => BidirectionalMergeMode.Mul,
                        "ave" => BidirectionalMergeMode.Ave,
                        var other => throw Unsupported(variant, layer, $"merge_mode '{other}' is not one of concat, sum, mul, ave"),
                    };
                    RecurrentStep forward = Recurrent(variant, layer, $"{layer.Name}.forward_{half}", inner, "layer.", shape, weight, bias, coding, masked, bidirectional: true);
                    RecurrentStep backward = Recurrent(variant, layer, $"{layer.Name}.backward_{half}", inner, "layer.", shape, weight, bias, coding, masked, bidirectional: true, goBackwards: true);
                    bool sequences = forward.Geometry.ReturnSequences;
                    var step = new BidirectionalStep(layer.Name, forward, backward, mode);
                    steps.Add(step);
                    masked &= sequences;
                    int width = step.Outputs / (sequences ? shape[0] : 1);
                    shape = sequences ? [shape[0], width] : [width];
                    break;
                }
                case "Dense":
                {
                    if (shape.Length > 2) throw Unsupported(variant, layer, $"it reads a rank-{shape.Length} input; only Dense on flat inputs or sequences is supported");
                    int units = Int(layer, "units"), positions = shape.Length == 2 ? shape[0] : 1;
                    steps.Add(new DenseStep(layer.Name, positions, weight($"{layer.Name}.kernel", shape[^1], units, coding), BiasName(layer), Bias(layer, bias, units), Activation(variant, layer)));
                    shape = shape.Length == 2 ? [positions, units] : [units];   // a mask passes a Dense on, as in Keras
                    break;
                }
                case "Flatten":
                    if (masked) throw Unsupported(variant, layer, "a mask cannot pass a Flatten");
                    shape = [shape.Aggregate(1, (a, b) => a * b)];
                    break;
                case "Dropout":
                    break;
                default:
                    throw Unsupported(variant, layer, $"{variant} of a sequence model supports {Supported}");
            }
        }
        if (steps.Count == 0) throw new NotSupportedException($"{variant}: {info.Name} has no layer with weights.");
        return steps;
    }

    private static RecurrentStep Recurrent(string variant, LayerInfo layer, string name, string type, string prefix, int[] shape,
        Func<string, int, int, WeightCoding, CompactWeights> weight, Func<string, int, float[]> bias, WeightCoding coding, bool masked, bool bidirectional = false, bool goBackwards = false)
    {
        string Key(string key) => Config(layer, prefix + key);
        bool Flag(string key) => Key(key) == "True";
        if (layer.Config.TryGetValue(prefix + "return_state", out var state) && state == "True")
            throw Unsupported(variant, layer, "return_state gives several outputs; only one output is supported");
        int units = int.Parse(Key("units"), CultureInfo.InvariantCulture);
        RecurrentCellKind cell = type switch { "LSTM" => RecurrentCellKind.Lstm, "GRU" => RecurrentCellKind.Gru, _ => RecurrentCellKind.SimpleRnn };
        int width = (cell switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 }) * units;
        bool resetAfter = cell == RecurrentCellKind.Gru && Flag("reset_after");
        RecurrentActivation activation = RecurrentActivationOf(variant, layer, Key("activation"));
        RecurrentActivation recurrent = cell == RecurrentCellKind.SimpleRnn ? RecurrentActivation.Sigmoid : RecurrentActivationOf(variant, layer, Key("recurrent_activation"));
        var g = new RecurrentGeometry(shape[0], shape[1], units, goBackwards || Flag("go_backwards"), Flag("return_sequences"), activation, recurrent);
        int biasLength = resetAfter ? 2 * width : width;
        string biasName = Flag("use_bias") ? $"{name}.bias" : "";
        float[] b = biasName.Length == 0 ? [] : bias(biasName, biasLength);
        if (biasName.Length > 0 && b.Length != biasLength) throw new InvalidOperationException($"Layer '{name}' has no weight {biasName} of {biasLength} values.");
        // Keras' Bidirectional sets zero_output_for_mask = return_sequences on both halves.
        return new RecurrentStep(name, cell, g, resetAfter, weight($"{name}.kernel", shape[1], width, coding), weight($"{name}.recurrent_kernel", units, width, coding), biasName, b)
        {
            Masked = masked,
            ZeroMaskedOutputs = masked && bidirectional && g.ReturnSequences,
        };
    }

    private static RecurrentActivation RecurrentActivationOf(string variant, LayerInfo layer, string name) => name switch
    {
        "tanh" => RecurrentActivation.Tanh,
        "sigmoid" => RecurrentActivation.Sigmoid,
        "relu" => RecurrentActivation.Relu,
        "linear" => RecurrentActivation.Linear,
        _ => throw Unsupported(variant, layer, $"recurrent activation '{name}' is not one of tanh, sigmoid, relu, linear"),
    };

    private static string Activation(string variant, LayerInfo layer)
    {
        string act = layer.Config.TryGetValue("activation", out var a) ? a : "linear";
        bool hasOptions = layer.Config.Keys.Any(k => k is "negative_slope" or "max_value" or "threshold" or "alpha");
        if (!hasOptions && SequenceStep.SupportedActivations.Contains(act)) return act;
        throw Unsupported(variant, layer, $"activation '{act}'{(hasOptions ? " with options" : "")} is not one of {string.Join(", ", SequenceStep.SupportedActivations)}");
    }

    private static void RequireSequence(string variant, LayerInfo layer, int[] shape)
    {
        if (shape.Length != 2) throw Unsupported(variant, layer, $"it reads a rank-{shape.Length} input, expected (steps, features)");
    }

    private static string BiasName(LayerInfo layer) => Bool(layer, "use_bias") ? $"{layer.Name}.bias" : "";

    private static float[] Bias(LayerInfo layer, Func<string, int, float[]> bias, int channels)
    {
        if (!Bool(layer, "use_bias")) return new float[channels];
        float[] b = bias($"{layer.Name}.bias", channels);
        return b.Length == channels ? b : throw new InvalidOperationException($"Layer '{layer.Name}' has no weight {layer.Name}.bias of {channels} values.");
    }

    private static float[]? Values(Model model, string name, int length, bool optional = false)
    {
        foreach (WeightInfo w in model.Info.Weights)
        {
            if (w.Name != name) continue;
            if (w.Length != length) throw new InvalidOperationException($"Weight {name} has {w.Length} values, expected {length}.");
            return (w.Trainable ? model.ParameterValues : model.State).Slice(w.Offset, w.Length).ToArray();
        }
        return optional ? null : throw new InvalidOperationException($"Model {model.Info.Name} has no weight {name}.");
    }

    private static NotSupportedException Unsupported(string variant, LayerInfo layer, string why) =>
        new($"{variant}: layer '{layer.Name}' ({layer.TypeName}) is not supported: {why}.");

    private static bool Bool(LayerInfo layer, string key) => layer.Config.TryGetValue(key, out var v) && v == "True";

    private static int Int(LayerInfo layer, string key) => int.Parse(Config(layer, key), CultureInfo.InvariantCulture);

    private static string Config(LayerInfo layer, string key) =>
        layer.Config.TryGetValue(key, out var v) ? v : throw new InvalidOperationException($"Layer '{layer.Name}' has no '{key}' in its config.");
}
