using System.Linq;
using System.Collections.Generic;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>What a layer needs to write its part of Forward: the writer, tensor locals and parameter slices.</summary>
internal sealed class ForwardContext
{
    private readonly WeightLocals _weights;

    public ForwardContext(ModelSpec model, CodeWriter writer)
    {
        Model = model;
        Writer = writer;
        // Forward writes the moving statistics in training, so a state weight is a writable view.
        _weights = new WeightLocals(weight => (weight.Trainable ? "global::System.ReadOnlySpan<float> " : "global::System.Span<float> ") +
            weight.Local + " = " + WeightSlice(weight) + ";");
    }

    public ModelSpec Model { get; }

    /// <summary>Where the current layer writes (within <see cref="Section"/>: its body, after its weight locals).</summary>
    public CodeWriter Writer { get; private set; }

    /// <summary>Writes one layer's lines, preceded by the locals of the weights it used for the first time.</summary>
    public void Section(System.Action body) => Writer = _weights.Section(Writer, body, writer => Writer = writer);

    /// <summary>The local naming a weight's slice, declared at the top of the first section that uses it.</summary>
    public string Weight(WeightSpec weight) => _weights.Use(weight);

    public TensorSpec Tensor(int index) => Model.Tensors[index];

    // Named inputs declared so far: each is a slice of `input`, declared where a layer first reads it.
    private readonly HashSet<string> _inputs = new(System.StringComparer.Ordinal);

    /// <summary>The local holding a tensor that an earlier layer produced (the model input is <c>input</c>, a named one its slice).</summary>
    public string Value(int tensor)
    {
        TensorSpec t = Tensor(tensor);
        if (t.InputOffsetConstant is not null && _inputs.Add(t.Local)) Writer.Line(BackwardContext.InputSlice(t));
        return t.Local;
    }

    /// <summary>Declares the view of a tensor this layer produces: its region of the workspace.</summary>
    public string Declare(int tensor)
    {
        TensorSpec t = Tensor(tensor);
        Writer.Line($"global::System.Span<float> {t.Local} = activations.Slice({t.OffsetConstant} * batch, {t.SizeConstant} * batch);");
        return t.Local;
    }

    /// <summary>A weight's slice of the parameter buffer (or of the state buffer for a non-trainable weight).</summary>
    public static string WeightSlice(WeightSpec weight) =>
        $"{weight.Buffer}.Slice({weight.Member}Offset, {weight.Member}Length)";

    /// <summary>The im2col space every Conv2D shares.</summary>
    public const string ConvolutionScratch = "scratch.Slice(ConvolutionScratchOffset, ConvolutionScratchLength)";

    /// <summary>A BatchNormalization layer's saved statistics in scratch.</summary>
    public static string Saved(string layerMember) => $"scratch.Slice({layerMember}SavedOffset, {layerMember}SavedLength)";

    /// <summary>Rows of a last-axis operation: the batch times the leading axes of <paramref name="x"/>.</summary>
    public static string Rows(TensorSpec x) => x.LeadingSize == 1 ? "batch" : $"batch * {Text.Int(x.LeadingSize)}";
}

/// <summary>
/// What a layer needs to write its part of Backward. Layers run in reverse; a tensor's activation view is declared
/// where it is first used, its gradient view by the layer that writes it (the consumer, which runs first).
/// </summary>
internal sealed class BackwardContext
{
    // Declared views by local name: a Flatten/Reshape output is the same local as the tensor it views.
    private readonly HashSet<string> _values = new(System.StringComparer.Ordinal);

    // Gradient views declared so far, and partial regions declared: a second writer of a gradient writes its partial.
    private readonly HashSet<string> _gradients = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _partials = new(System.StringComparer.Ordinal);
    private readonly List<(string Partial, string Gradient, string Why)> _pending = new();

    // Shared layers: weights whose gradient a call site already wrote, and the scratch cursor of the current layer's partials.
    private readonly HashSet<string> _weightGradients = new(System.StringComparer.Ordinal);
    private int _weightPartials;

    private readonly WeightLocals _weights;

    public BackwardContext(ModelSpec model, CodeWriter writer)
    {
        Model = model;
        Writer = writer;
        // Backward has no state argument: a frozen BatchNormalization reads its moving statistics from the model's State.
        _weights = new WeightLocals(weight => $"global::System.ReadOnlySpan<float> {weight.Local} = " +
            $"{(weight.Trainable ? ForwardContext.WeightSlice(weight) : $"State.Slice({weight.Member}Offset, {weight.Member}Length)")};");
    }

    /// <summary>Writes one layer's lines, preceded by the locals of the weights it used for the first time.</summary>
    public void Section(System.Action body) => Writer = _weights.Section(Writer, body, writer => Writer = writer);

    /// <summary>The local naming a weight's values, declared at the top of the first section that uses it.</summary>
    public string Weight(WeightSpec weight) => _weights.Use(weight);

    /// <summary><c>ReadOnlySpan&lt;float&gt; image = input.Slice(ImageInputOffset * batch, ImageInputSize * batch);</c></summary>
    public static string InputSlice(TensorSpec input) =>
        $"global::System.ReadOnlySpan<float> {input.Local} = input.Slice({input.InputOffsetConstant} * batch, {input.SizeConstant} * batch);";

    /// <summary>
    /// Several outputs: each output's loss gradient is its region of <c>outputGradient</c>. An output no layer reads takes
    /// it as its gradient view; one that layers read too gets it copied into its own region first, and those layers then
    /// add their shares in like any further reader.
    /// </summary>
    public void EmitOutputGradients()
    {
        if (!Model.IsMultiOutput) return;
        foreach (ModelPortSpec output in Model.Outputs)
        {
            TensorSpec t = Tensor(output.Tensor);
            if (!t.NeedsGradient) continue;
            string slice = $"outputGradient.Slice({output.Member}LossGradientOffset * batch, {t.SizeConstant} * batch)";
            _gradients.Add(t.GradientLocal);
            if (Model.Partials.Any(p => p.GradientLocal == t.GradientLocal))
            {
                Writer.Line($"global::System.Span<float> {t.GradientLocal} = {GradientRegion(output.Tensor)};");
                Writer.Line($"{slice}.CopyTo({t.GradientLocal}); // output '{output.Name}': its loss's gradient, then its readers' shares");
            }
            else
            {
                Writer.Line($"global::System.ReadOnlySpan<float> {t.GradientLocal} = {slice}; // output '{output.Name}'");
            }
        }
        Writer.Line();
    }

    public ModelSpec Model { get; }

    /// <summary>Where the current layer writes (within <see cref="Section"/>: its body, after its weight locals).</summary>
    public CodeWriter Writer { get; private set; }

    public TensorSpec Tensor(int index) => Model.Tensors[index];

    /// <summary>
    /// Whether <paramref name="tensor"/> is the model output or a view of it (then its gradient is <c>outputGradient</c>, and
    /// the loss may have fused the output activation). Never with several outputs: their gradients are views declared first.
    /// </summary>
    public bool IsOutput(int tensor) => !Model.IsMultiOutput && Tensor(tensor).Local == Model.Output.Local;

    /// <summary>The read-only view of a tensor's activations, declared on first use.</summary>
    public string Value(int tensor)
    {
        TensorSpec t = Tensor(tensor);
        if (t.InputOffsetConstant is not null && _values.Add(t.Local)) Writer.Line(InputSlice(t));
        if (!t.IsModelInput && _values.Add(t.Local))
        {
            Writer.Line($"global::System.ReadOnlySpan<float> {t.Local} = activations.Slice({t.OffsetConstant} * batch, {t.SizeConstant} * batch);");
        }
        return t.Local;
    }

    /// <summary>dL/d tensor: <c>outputGradient</c> for the model output, else the view its consumer declared.</summary>
    public string Gradient(int tensor) => IsOutput(tensor) ? "outputGradient" : Tensor(tensor).GradientLocal;

    /// <summary>The expression for a tensor's gradient region in <c>activationGradients</c>.</summary>
    public string GradientRegion(int tensor)
    {
        TensorSpec t = Tensor(tensor);
        return $"activationGradients.Slice({t.OffsetConstant} * batch, {t.SizeConstant} * batch)";
    }

    /// <summary>
    /// Declares the gradient view of <paramref name="tensor"/>: its region, or (read-only) <paramref name="initial"/>
    /// when the caller will assign it conditionally.
    /// </summary>
    public string DeclareGradient(int tensor, string? initial = null)
    {
        TensorSpec t = Tensor(tensor);
        if (!_gradients.Add(t.GradientLocal))
        {
            // A further reader of a tensor (Functional models): it writes the partial region, added in after its call.
            if (initial is not null) throw new System.InvalidOperationException($"A conditional gradient view cannot be accumulated: {t.GradientLocal}");
            TensorSpec partial = Tensor(Model.Partials.First(p => p.GradientLocal == t.GradientLocal).Partial);
            if (_partials.Add(partial.GradientLocal))
            {
                Writer.Line($"global::System.Span<float> {partial.GradientLocal} = activationGradients.Slice({partial.OffsetConstant} * batch, " +
                    $"{partial.SizeConstant} * batch);");
            }
            _pending.Add((partial.GradientLocal, t.GradientLocal, "another reader's share of the gradient"));
            return partial.GradientLocal;
        }
        Writer.Line(initial is null
            ? $"global::System.Span<float> {t.GradientLocal} = {GradientRegion(tensor)};"
            : $"global::System.ReadOnlySpan<float> {t.GradientLocal} = {initial};");
        return t.GradientLocal;
    }

    /// <summary>
    /// Adds each partial gradient written since the last flush into its tensor's gradient. The emitter flushes after every
    /// layer; a layer that writes one input's gradient several times (a repeated merge input) flushes after each call.
    /// </summary>
    public void FlushAccumulations()
    {
        foreach (var (partial, gradient, why) in _pending)
        {
            Writer.Line($"{KernelsAlias.Prefix}AddKernel.Accumulate({partial}, {gradient}); // {why}");
        }
        _pending.Clear();
        _weightPartials = 0;
    }

    /// <summary>
    /// Where this layer writes a weight's gradient: its slice of <c>gradients</c>, or — when another call site of a shared
    /// layer already wrote it (it ran first in Backward) — a region of scratch that is added in after the call.
    /// </summary>
    public string GradientOf(WeightSpec weight)
    {
        string region = WeightGradient(weight);
        if (_weightGradients.Add(weight.Key)) return region;
        string partial = $"scratch.Slice(SharedGradientScratchOffset{(_weightPartials == 0 ? "" : $" + {Text.Int(_weightPartials)}")}, " +
            $"{weight.Member}Length)";
        _weightPartials += weight.Length;
        _pending.Add((partial, region, $"this call's share of the shared {weight.Key} gradient"));
        return partial;
    }

    /// <summary>A weight's slice of the gradient buffer (same layout as the parameters).</summary>
    public static string WeightGradient(WeightSpec weight) =>
        $"gradients.Slice({weight.Member}Offset, {weight.Member}Length)";
}
