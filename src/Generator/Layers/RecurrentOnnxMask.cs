using System.Linq;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;

namespace GenNet.Generator.Layers;

/// <summary>
/// The ONNX form of Keras' masking for one recurrent layer. Keras skips every step whose id is 0, wherever it is; ONNX's
/// <c>sequence_lens</c> runs a count of leading steps. A skipped step leaves the state untouched, so running the kept steps
/// alone, in order, gives the same states: the export moves each sample's kept steps to the front (a stable order from
/// TopK over "position, or position + steps when masked"), runs the operator with <c>sequence_lens</c> = their count,
/// and, for <c>return_sequences</c>, reads each step's output back from the kept step before it. Exact for any mask.
/// </summary>
internal sealed class RecurrentOnnxMask
{
    private readonly OnnxContext _context;
    private readonly string _name;
    private readonly int _steps;

    private RecurrentOnnxMask(OnnxContext context, string name, int steps, string keep)
    {
        _context = context;
        _name = name;
        _steps = steps;
        Keep = keep;
    }

    /// <summary><c>[N, steps]</c> bool: the step is processed (its id is not 0), in processing order.</summary>
    public string Keep { get; }

    /// <summary>
    /// The mask of <paramref name="ids"/> (<c>[N, steps]</c> float ids, the model input) in processing order: reversed
    /// for go_backwards, as Keras reverses the mask with the inputs.
    /// </summary>
    public static RecurrentOnnxMask Of(OnnxContext context, string name, string ids, int steps, bool backwards)
    {
        context.Writer.Line("// Keras masking: each sample's kept steps (id ≠ 0) run first, sequence_lens = their count (RecurrentOnnxMask).");
        if (backwards) ids = context.ReversedSteps($"{name}_ids_reversed", ids, steps);
        string zero = context.Node("Equal", $"{name}_padding", new[] { ids, OnnxContext.Scalar($"{name}.padding_id", 0) });
        return new RecurrentOnnxMask(context, name, steps, context.Node("Not", $"{name}_keep", new[] { zero }));
    }

    /// <summary><c>[N]</c> int32: how many steps each sample keeps (the operator's <c>sequence_lens</c>).</summary>
    public string Lengths()
    {
        string count = _context.Node("ReduceSum", $"{_name}_kept_steps", new[] { KeepAs(1, "float"), OnnxContext.Int64s($"{_name}.step_axis", new[] { 1 }) },
            OnnxContext.Int("keepdims", 0));
        return _context.Node("Cast", $"{_name}_sequence_lens", new[] { count }, OnnxContext.Int("to", 6));   // 6 = INT32
    }

    /// <summary>
    /// <paramref name="x"/> (<c>[N, steps, features]</c>, processing order) with each sample's kept steps moved to the
    /// front in their order, masked ones after them.
    /// </summary>
    public string KeptFirst(string x, int features)
    {
        string positions = OnnxContext.Floats($"{_name}.positions", Enumerable.Range(0, _steps).Select(t => (double)t).ToArray());
        string late = OnnxContext.Floats($"{_name}.masked_positions", Enumerable.Range(_steps, _steps).Select(t => (double)t).ToArray());
        string key = _context.Node("Where", $"{_name}_step_key", new[] { Keep, positions, late });
        string[] sorted = _context.Node("TopK", new[] { $"{_name}_sorted_keys", $"{_name}_kept_first" },
            new[] { key, OnnxContext.Int64s($"{_name}.all_steps", new[] { _steps }) }, OnnxContext.Int("axis", 1), OnnxContext.Int("largest", 0));
        return GatherSteps(x, sorted[1], features, "kept_first_input");
    }

    /// <summary>
    /// The layer's per-step outputs in Keras' form from the operator's <paramref name="y"/> (<c>[N, steps, units]</c>,
    /// the kept steps first): step t outputs what the last kept step up to t output (zeros before any), or zeros at a
    /// masked step when <paramref name="zeroMasked"/> (Keras' zero_output_for_mask).
    /// </summary>
    public string OutputsPerStep(string y, int units, bool zeroMasked)
    {
        string seen = _context.Node("CumSum", $"{_name}_kept_so_far", new[] { KeepAs(7, "int64"), OnnxContext.Int64s($"{_name}.cumsum_axis", new[] { 1 }) });
        string previous = _context.Node("Sub", $"{_name}_last_kept", new[] { seen, OnnxContext.Int64s($"{_name}.one", new[] { 1 }) });
        string index = _context.Node("Max", $"{_name}_last_kept_or_first", new[] { previous, OnnxContext.Int64s($"{_name}.zero", new[] { 0 }) });
        string taken = GatherSteps(y, index, units, "outputs_per_step");
        string live = zeroMasked ? KeepAs(1, "float")
            : _context.Node("Cast", $"{_name}_any_kept", new[] { _context.Node("Greater", $"{_name}_after_first_kept", new[] { seen, OnnxContext.Int64s($"{_name}.none", new[] { 0 }) }) },
                OnnxContext.Int("to", 1));
        string factor = _context.Node("Unsqueeze", $"{_name}_output_factor", new[] { live, OnnxContext.Int64s($"{_name}.feature_axis", new[] { 2 }) });
        return _context.Node("Mul", $"{_name}_masked_outputs", new[] { taken, factor });
    }

    private string KeepAs(int onnxType, string suffix) =>
        _context.Once($"{_name}/keep_{suffix}", () => _context.Node("Cast", $"{_name}_keep_{suffix}", new[] { Keep }, OnnxContext.Int("to", onnxType)));

    /// <summary><c>out[n, t, :] = x[n, steps[n, t], :]</c> for <c>[N, steps, width]</c> x.</summary>
    private string GatherSteps(string x, string steps, int width, string what)
    {
        string column = _context.Node("Unsqueeze", $"{_name}_{what}_steps", new[] { steps, OnnxContext.Int64s($"{_name}.{what}_axis", new[] { 2 }) });
        string index = _context.Node("Expand", $"{_name}_{what}_index", new[] { column, OnnxContext.Int64s($"{_name}.{what}_shape", new[] { 1, _steps, width }) });
        return _context.Node("GatherElements", $"{_name}_{what}", new[] { x, index }, OnnxContext.Int("axis", 1));
    }
}
