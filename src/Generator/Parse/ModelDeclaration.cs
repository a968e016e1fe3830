using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Parse;

/// <summary>
/// What a [Sequential] class declares, as plain equatable data: what the generation branch is cached on.
/// No ISymbol, SyntaxNode, Location or Compilation may be kept here (the caching tests walk it).
/// </summary>
/// <param name="Type">Where the class lives and how to re-declare it.</param>
/// <param name="Name">The user's model name, or null for Keras' "sequential".</param>
/// <param name="Input">Per-sample input shape, without the batch axis.</param>
/// <param name="Layers">Layer attributes in source order.</param>
/// <param name="IsFunctional">Declared with [Functional]: layers are graph nodes wired by name (see <see cref="LayerDeclaration.From"/>).</param>
/// <param name="Output">[Functional] only: the node named as the model output, or null for the last layer.</param>
internal sealed record ModelDeclaration(
    TypeDeclaration Type,
    string? Name,
    EquatableArray<int> Input,
    EquatableArray<LayerDeclaration> Layers,
    bool IsFunctional = false,
    string? Output = null)
{
    /// <summary>The name a Functional model's layers use for the model input, as Keras names its InputLayer.</summary>
    public const string InputName = "input_layer";

    /// <summary>[Functional(Outputs = …)]: the output node names in order, as written (empty when not written).</summary>
    public EquatableArray<string> Outputs { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Whether the model declares its inputs with [Input] attributes (named, possibly several) instead of a shape.</summary>
    public bool HasInputAttributes => System.Linq.Enumerable.Any(Layers, l => l is Layers.InputDeclaration);
}

/// <summary>The class: namespace (null for global), name, declared accessibility keyword and containing types.</summary>
internal sealed record TypeDeclaration(
    string? Namespace,
    string Name,
    string Accessibility,
    EquatableArray<ContainingType> ContainingTypes)
{
    /// <summary><c>Namespace.Outer.Name</c>, for messages and the hint name.</summary>
    public string FullName =>
        (Namespace is null ? "" : $"{Namespace}.") +
        string.Concat(System.Linq.Enumerable.Select(ContainingTypes, t => $"{t.Name}.")) + Name;
}

/// <summary>One <c>…Regularizer</c> or <c>…Constraint</c> argument: its name (<c>KernelRegularizer</c>) and text.</summary>
internal sealed record WeightRuleArgument(string Argument, string Text)
{
    /// <summary><c>Kernel</c> of <c>KernelRegularizer</c>: the weight it is for, in PascalCase.</summary>
    public string WeightPrefix => Argument.Substring(0, Argument.Length - (IsRegularizer ? "Regularizer".Length : "Constraint".Length));

    public bool IsRegularizer => Argument.EndsWith("Regularizer", System.StringComparison.Ordinal);

    /// <summary>
    /// Whether this argument is for the weight named <paramref name="weight"/> (Keras' weight names): <c>Kernel…</c> for
    /// <c>kernel</c>, <c>Recurrent…</c> for <c>recurrent_kernel</c>, <c>Depthwise…</c> for <c>depthwise_kernel</c>,
    /// <c>Embeddings…</c> for <c>embeddings</c>, <c>Gamma…</c> for <c>gamma</c>.
    /// </summary>
    public bool IsFor(string weight)
    {
        string stem = WeightPrefix.ToLowerInvariant(); // Keras' prefixes are single words: kernel, recurrent, gamma, …
        return weight == stem || weight == stem + "_kernel";
    }
}

/// <summary>A type the model is nested in: its keyword (<c>class</c>, <c>struct</c>, <c>record</c> …) and name.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// One layer attribute as written. Each layer kind (Layers/*.cs) derives its own record and knows how to infer
/// its spec; equality is the record's, so an edit to any argument regenerates and anything else does not.
/// </summary>
/// <param name="Name">The user's layer name, or null for Keras' default.</param>
internal abstract record LayerDeclaration(string? Name)
{
    /// <summary>Keras class name, e.g. "Dense"; also the default name's stem in snake_case.</summary>
    public abstract string TypeName { get; }

    /// <summary>Keras' default name stem, e.g. "dense", "activation".</summary>
    public abstract string DefaultName { get; }

    /// <summary>
    /// The node names this layer reads, as written: a single-input layer's <c>From</c> (empty when not written: it reads
    /// the previous attribute's output), a merge layer's inputs.
    /// </summary>
    public EquatableArray<string> From { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The layer's <c>Trainable</c> argument: its starting value at run time (not part of the architecture).</summary>
    public bool Trainable { get; init; } = true;

    /// <summary>
    /// The regularizer and constraint arguments as written (<c>KernelRegularizer = "l2(0.01)"</c>), read for every layer
    /// kind alike; Infer attaches each to the weight it names (<see cref="Infer.InferContext.AddWeight"/>).
    /// </summary>
    public EquatableArray<WeightRuleArgument> WeightRules { get; init; } = EquatableArray<WeightRuleArgument>.Empty;

    /// <summary>The attribute argument that wrote <see cref="From"/>, for squiggles: <c>From</c>, or a merge's <c>inputs</c>.</summary>
    public virtual string FromArgument => "From";

    /// <summary>Whether the layer merges several inputs (Add, Concatenate): only a Functional model can declare it.</summary>
    public virtual bool IsMerge => false;

    /// <summary>
    /// How many output tensors the node has: 1, or a recurrent layer's with <c>ReturnState</c> (output, h[, c]), which a
    /// Functional model reads as <c>"lstm:1"</c> (<see cref="GenNet.Shared.NodeReference"/>).
    /// </summary>
    public virtual int OutputCount => 1;

    /// <summary>Shape rule, parameters and diagnostics for this layer, given its input (see <see cref="InferContext"/>).</summary>
    public abstract LayerSpec Infer(InferContext context, LayerIdentity identity, int input);

    /// <summary>The same for a graph node, given the tensors it reads in order; single-input layers read the first.</summary>
    public virtual LayerSpec Infer(InferContext context, LayerIdentity identity, System.Collections.Generic.IReadOnlyList<int> inputs) =>
        Infer(context, identity, inputs[0]);
}
