using System.Linq;
using System.Collections.Generic;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>What a layer needs to write its part of Forward: the writer, tensor locals and parameter slices.</summary>
internal sealed class ForwardContext
{
    public ForwardContext(ModelSpec model, CodeWriter writer)
    {
        Model = model;
        Writer = writer;
    }

    public ModelSpec Model { get; }

    public CodeWriter Writer { get; }

    public TensorSpec Tensor(int index) => Model.Tensors[index];

    /// <summary>The local holding a tensor that an earlier layer produced (the model input is <c>input</c>).</summary>
    public string Value(int tensor) => Tensor(tensor).Local;

    /// <summary>Declares the view of a tensor this layer produces: its region of the workspace.</summary>
    public string Declare(int tensor)
    {
        TensorSpec t = Tensor(tensor);
        Writer.Line("global::System.Span<float> " + t.Local + " = activations.Slice(" + t.OffsetConstant + " * batch, " + t.SizeConstant + " * batch);");
        return t.Local;
    }

    /// <summary>A weight's slice of the parameter buffer (or of the state buffer for a non-trainable weight).</summary>
    public static string Weight(WeightSpec weight) =>
        weight.Buffer + ".Slice(" + weight.Member + "Offset, " + weight.Member + "Length)";

    /// <summary>The im2col space every Conv2D shares.</summary>
    public const string ConvolutionScratch = "scratch.Slice(ConvolutionScratchOffset, ConvolutionScratchLength)";

    /// <summary>A BatchNormalization layer's saved statistics in scratch.</summary>
    public static string Saved(string layerMember) => "scratch.Slice(" + layerMember + "SavedOffset, " + layerMember + "SavedLength)";

    /// <summary>Rows of a last-axis operation: the batch times the leading axes of <paramref name="x"/>.</summary>
    public static string Rows(TensorSpec x) => x.LeadingSize == 1 ? "batch" : "batch * " + Text.Int(x.LeadingSize);
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
    private readonly List<(string Partial, string Gradient)> _pending = new();

    public BackwardContext(ModelSpec model, CodeWriter writer)
    {
        Model = model;
        Writer = writer;
    }

    public ModelSpec Model { get; }

    public CodeWriter Writer { get; }

    public TensorSpec Tensor(int index) => Model.Tensors[index];

    /// <summary>Whether <paramref name="tensor"/> is the model output or a view of it (then its gradient is <c>outputGradient</c>).</summary>
    public bool IsOutput(int tensor) => Tensor(tensor).Local == Model.Output.Local;

    /// <summary>The read-only view of a tensor's activations, declared on first use.</summary>
    public string Value(int tensor)
    {
        TensorSpec t = Tensor(tensor);
        if (!t.IsModelInput && _values.Add(t.Local))
        {
            Writer.Line("global::System.ReadOnlySpan<float> " + t.Local + " = activations.Slice(" + t.OffsetConstant + " * batch, " + t.SizeConstant + " * batch);");
        }
        return t.Local;
    }

    /// <summary>dL/d tensor: <c>outputGradient</c> for the model output, else the view its consumer declared.</summary>
    public string Gradient(int tensor) => IsOutput(tensor) ? "outputGradient" : Tensor(tensor).GradientLocal;

    /// <summary>The expression for a tensor's gradient region in <c>activationGradients</c>.</summary>
    public string GradientRegion(int tensor)
    {
        TensorSpec t = Tensor(tensor);
        return "activationGradients.Slice(" + t.OffsetConstant + " * batch, " + t.SizeConstant + " * batch)";
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
            if (initial is not null) throw new System.InvalidOperationException("A conditional gradient view cannot be accumulated: " + t.GradientLocal);
            TensorSpec partial = Tensor(Model.Partials.First(p => p.GradientLocal == t.GradientLocal).Partial);
            if (_partials.Add(partial.GradientLocal))
            {
                Writer.Line("global::System.Span<float> " + partial.GradientLocal + " = activationGradients.Slice(" + partial.OffsetConstant + " * batch, " +
                    partial.SizeConstant + " * batch);");
            }
            _pending.Add((partial.GradientLocal, t.GradientLocal));
            return partial.GradientLocal;
        }
        Writer.Line(initial is null
            ? "global::System.Span<float> " + t.GradientLocal + " = " + GradientRegion(tensor) + ";"
            : "global::System.ReadOnlySpan<float> " + t.GradientLocal + " = " + initial + ";");
        return t.GradientLocal;
    }

    /// <summary>
    /// Adds each partial gradient written since the last flush into its tensor's gradient. The emitter flushes after every
    /// layer; a layer that writes one input's gradient several times (a repeated merge input) flushes after each call.
    /// </summary>
    public void FlushAccumulations()
    {
        foreach (var (partial, gradient) in _pending)
        {
            Writer.Line("global::GenNet.Kernels.AddKernel.Accumulate(" + partial + ", " + gradient + "); // another reader's share of the gradient");
        }
        _pending.Clear();
    }

    /// <summary>A weight's slice of the parameter buffer.</summary>
    public static string Weight(WeightSpec weight) => ForwardContext.Weight(weight);

    /// <summary>A weight's slice of the gradient buffer (same layout as the parameters).</summary>
    public static string WeightGradient(WeightSpec weight) =>
        "gradients.Slice(" + weight.Member + "Offset, " + weight.Member + "Length)";
}
