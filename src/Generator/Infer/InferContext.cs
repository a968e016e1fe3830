using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenNet.Generator.Infer;

/// <summary>
/// The shape pass's state, local to one inference: the tensors each layer adds (shapes, what they view, the names their
/// locals want) and the weights (laid out in the parameter and state buffers in creation order, Keras' weight order),
/// sizes summed in <c>long</c> so a too-large model becomes GN0901/GN0902 instead of an overflow. Tensors get their
/// workspace offsets afterwards (<see cref="WorkspaceLayout"/>) and their unique locals last (<see cref="LocalNames"/>).
/// </summary>
internal sealed class InferContext
{
    private readonly List<TensorSpec> _tensors = new();
    private readonly List<string> _owners = new();
    private readonly List<DiagnosticSpec> _diagnostics = new();
    private readonly HashSet<string> _locals = new(System.StringComparer.Ordinal)
    {
        // Parameters of the generated methods, and the one helper local of Backward.
        "parameters", "state", "input", "activations", "scratch", "batch", "training", "random", "outputGradient",
        "activationGradients", "gradients", "outputGradientIsLogits", "rng", "dx", Emit.ProjectionTablesEmitter.Local,
    };

    public IReadOnlyList<DiagnosticSpec> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    /// <summary>Floats of trainable parameters so far.</summary>
    public long ParameterCount { get; private set; }

    /// <summary>Floats of non-trainable state so far.</summary>
    public long StateCount { get; private set; }

    /// <summary>Floats of scratch holding BatchNormalization batch statistics so far (they come first in scratch).</summary>
    public long SavedScratch { get; private set; }

    /// <summary>The largest im2col space any Conv2D needs; all convolutions share it, after the saved statistics.</summary>
    public long ConvolutionScratch { get; private set; }

    /// <summary>
    /// Whether a tensor the layer being inferred reads needs a gradient; with the weights it adds itself this decides
    /// whether its own tensors need one (<see cref="TensorSpec.NeedsGradient"/>). Set by the inferrer before each layer.
    /// </summary>
    public bool InputsNeedGradient { get; set; }

    /// <summary>The Keras class name of the layer being inferred (for the messages of arguments every layer kind shares).</summary>
    public string LayerTypeName { get; private set; } = "Layer";

    /// <summary><see cref="ParameterCount"/> when the layer being inferred started (so its own weights can be told apart).</summary>
    public long LayerParameterStart { get; set; }

    /// <summary>Whether the layer being inferred is the model's last (its output must live in the workspace).</summary>
    public bool IsLastLayer { get; set; }

    /// <summary>
    /// Set by a layer whose input shape it cannot take (GN0103–GN0105): inference stops after it, as Keras stops at
    /// the first shape error, so later layers do not report noise about a shape that was never right.
    /// </summary>
    public bool ShapesFailed { get; private set; }

    /// <summary>The first layer whose weights pushed the parameter count past int.MaxValue, if any.</summary>
    public string? ParameterOverflowAt { get; private set; }

    /// <summary>Floats per sample of the named inputs so far (each input's region starts where the previous one ends).</summary>
    public int NamedInputSize { get; private set; }

    /// <summary>
    /// Shared layers (Functional [Reuse]): while set, weights are the ones recorded for this owner layer (by whichever of
    /// its calls was inferred first) instead of new ones. See <see cref="BeginShared"/>.
    /// </summary>
    private int _sharedOwner = -1;
    private LayerIdentity? _sharedOwnerIdentity;
    private int _replayed;
    private readonly Dictionary<int, List<WeightSpec>> _sharedWeights = new();

    /// <summary>Set when the layer being inferred got a shared layer's existing weights (so its tensors need gradients).</summary>
    public bool LayerReusedWeights { get; private set; }

    /// <summary>The first weight whose shape differed between two calls of a shared layer: its key, recorded and asked shapes.</summary>
    public (string Key, EquatableArray<int> Recorded, EquatableArray<int> Asked)? SharedMismatch { get; private set; }

    public IReadOnlyList<TensorSpec> Tensors => _tensors;

    /// <summary>Outputs of recurrent layers with ReturnSequences = false (one state per sample), for GN0251.</summary>
    public HashSet<int> FinalStates { get; } = new();

    /// <summary>Masked tensors (Keras' masking, <see cref="Layers.Masking"/>): tensor → the model input of token ids whose zeros mask its steps.</summary>
    public Dictionary<int, int> Masks { get; } = new();

    /// <summary>Per tensor, what a too-large workspace names (GN0902): the layer that made it.</summary>
    public IReadOnlyList<string> Owners => _owners;

    /// <summary>The local names already taken: the generated methods' parameters and every weight's local.</summary>
    public IEnumerable<string> TakenLocals => _locals;

    /// <summary>The tensor whose storage <paramref name="tensor"/> uses: itself, or the stored tensor it views.</summary>
    public int StorageOf(int tensor) => _tensors[tensor].IsAlias ? _tensors[tensor].AliasOf : tensor;

    public TensorSpec Tensor(int index) => _tensors[index];

    public void Report(DiagnosticDescriptor descriptor, Site site, params string[] arguments) =>
        _diagnostics.Add(DiagnosticSpec.Create(descriptor, site, arguments));

    /// <summary>Reports a shape error and stops inference after the current layer (see <see cref="ShapesFailed"/>).</summary>
    public void ReportShape(DiagnosticDescriptor descriptor, Site site, params string[] arguments)
    {
        Report(descriptor, site, arguments);
        ShapesFailed = true;
    }

    /// <summary>The model input: read from the <c>input</c> span, never stored in the workspace.</summary>
    public int AddInput(IReadOnlyList<int> shape)
    {
        Add(new TensorSpec("Input", "model input", "input", "inputGradient", shape.ToEquatableArray(), Size(shape),
            "InputSize", null, 0, NeedsGradient: false), "the model input");
        return 0;
    }

    /// <summary>
    /// A named model input ([Input("image", …)]): the region <c>input[&lt;Name&gt;InputOffset · batch, …)</c>, declared as a
    /// local where a layer first reads it. Inputs are laid out one after another in declaration order.
    /// </summary>
    public int AddNamedInput(LayerIdentity input, IReadOnlyList<int> shape)
    {
        string member = $"{input.Member}Input";
        var tensor = new TensorSpec(member, $"{input.Name} input", Text.Camel(input.Member), $"d{input.Member}", shape.ToEquatableArray(), Size(shape),
            $"{member}Size", null, NamedInputSize, NeedsGradient: false, InputOffsetConstant: $"{member}Offset");
        NamedInputSize = Clamp((long)NamedInputSize + tensor.Size);
        return Add(tensor, input.Name);
    }

    /// <summary>Starts inferring one call of shared layer <paramref name="owner"/> (declaration index); weights come from its record.</summary>
    public void BeginShared(int owner, LayerIdentity ownerIdentity)
    {
        _sharedOwner = owner;
        _sharedOwnerIdentity = ownerIdentity;
        _replayed = 0;
    }

    /// <summary>Ends a shared call: weights are new again.</summary>
    public void EndShared()
    {
        _sharedOwner = -1;
        _sharedOwnerIdentity = null;
    }

    /// <summary>Resets the per-layer flags before a layer is inferred.</summary>
    public void BeginLayer(string typeName)
    {
        LayerTypeName = typeName;
        LayerParameterStart = ParameterCount;
        LayerReusedWeights = false;
        SharedMismatch = null;
    }

    /// <summary>
    /// A tensor produced by <paramref name="layer"/>, with its own workspace region. It needs a gradient when any
    /// trainable weight was added before it (layers add their weights before their tensors).
    /// </summary>
    /// <param name="constantSuffix">Appended to the layer's member for the offset constant: <c>Dense1PreActivationOffset</c>.</param>
    /// <param name="localSuffix">Appended for the locals: <c>dense1Z</c>, <c>dDense1Z</c>.</param>
    public int AddTensor(LayerIdentity layer, string constantSuffix, string localSuffix, string sizeConstant, IReadOnlyList<int> shape)
    {
        string member = layer.Member + constantSuffix;
        string description = layer.Name + constantSuffix switch
        {
            "PreActivation" => " pre-activation z",
            "Mask" => " mask",
            "Gates" => " gate values (every step)",
            "Cells" => " cell states (every step)",
            "Candidates" => " candidate inputs (every step)",
            "States" => " hidden states (every step)",
            "Step" => " per-step products",
            "InputMask" => " input dropout mask",
            "DroppedInput" => " input after dropout",
            "InputGradient" => " input gradient (added into the input's)",
            "RecurrentMask" => " recurrent dropout mask",
            "MaskedStates" => " masked previous states (recurrent dropout)",
            "State" => " returned final state h",
            "CellState" => " returned final cell state c",
            "Depthwise" => " depthwise result",
            _ => " output",
        };
        // Offset 0 until the layout pass; the locals are the names wanted, made unique by the naming pass.
        var tensor = new TensorSpec(member, description, Text.Camel(layer.Member + localSuffix), $"d{layer.Member}{localSuffix}",
            shape.ToEquatableArray(), Size(shape), sizeConstant, $"{member}Offset", 0,
            InputsNeedGradient || ParameterCount > LayerParameterStart || LayerReusedWeights);
        return Add(tensor, layer.Name);
    }

    /// <summary>
    /// The output of a reshaping layer (Flatten, Reshape) as a view of <paramref name="source"/>: same region and locals,
    /// new shape, no code. A view of the model input that would be the model output is copied instead, since the runtime
    /// reads the output from the workspace.
    /// </summary>
    public int AddView(LayerIdentity layer, int source, IReadOnlyList<int> shape)
    {
        TensorSpec x = _tensors[source];
        if (x.IsModelInput && IsLastLayer) return AddTensor(layer, "Output", "", $"{layer.Member}OutputSize", shape);
        return Add(x with
        {
            Member = $"{layer.Member}Output",
            Description = $"{layer.Name} output (a view of the {x.Description})",
            Shape = shape.ToEquatableArray(),
            AliasOf = StorageOf(source),
        }, layer.Name);
    }

    /// <summary>
    /// A second gradient region for <paramref name="source"/>, which several layers read (Functional models): in Backward
    /// the first of them writes the tensor's gradient, each later one writes here and the emitter adds it in.
    /// </summary>
    public int AddGradientPartial(int source)
    {
        TensorSpec x = _tensors[source];
        string member = $"{x.Member}GradientPartial";
        var tensor = new TensorSpec(member, $"{x.Description} (a further consumer's gradient, added in)", "", "", x.Shape, x.Size,
            x.SizeConstant, $"{member}Offset", 0, NeedsGradient: false, PartialOf: StorageOf(source));
        return Add(tensor, x.Description);
    }

    private int Add(TensorSpec tensor, string owner)
    {
        _tensors.Add(tensor);
        _owners.Add(owner);
        return _tensors.Count - 1;
    }

    /// <summary>A BatchNormalization layer's 2·C saved statistics: returns their offset in scratch.</summary>
    public int AddSaved(int length)
    {
        long offset = SavedScratch;
        SavedScratch += length;
        return Clamp(offset);
    }

    /// <summary>Records one Conv2D's im2col need (changes together with <c>Conv2DKernel.ScratchSize</c>).</summary>
    public void RequireConvolutionScratch(long floats) => ConvolutionScratch = System.Math.Max(ConvolutionScratch, floats);

    /// <summary>A non-trainable weight of <paramref name="layer"/> at the next offset of the state buffer.</summary>
    public WeightSpec AddState(LayerIdentity layer, string weight, IReadOnlyList<int> shape, InitializerSpec initializer)
    {
        long length = Product(shape);
        var spec = new WeightSpec($"{layer.Name}.{weight}", layer.Member + Text.Pascal(weight),
            UniqueLocal(Text.Camel(layer.Member + Text.Pascal(weight))), shape.ToEquatableArray(),
            Clamp(StateCount), Clamp(length), initializer, 0, 0, Trainable: false);
        StateCount += length;
        return spec;
    }

    /// <summary>A trainable weight of <paramref name="layer"/> at the next offset of the parameter buffer.</summary>
    public WeightSpec AddWeight(LayerIdentity layer, string weight, IReadOnlyList<int> shape, InitializerSpec initializer, int fanIn, int fanOut)
    {
        if (_sharedOwner >= 0)
        {
            // A shared layer: the first call inferred makes the weights (named after the owner), later calls get them back.
            if (!_sharedWeights.TryGetValue(_sharedOwner, out List<WeightSpec>? recorded))
            {
                _sharedWeights[_sharedOwner] = recorded = new List<WeightSpec>();
            }
            if (_replayed < recorded.Count)
            {
                WeightSpec existing = recorded[_replayed++];
                LayerReusedWeights = true;
                if (!existing.Shape.SequenceEqual(shape)) SharedMismatch ??= (existing.Key, existing.Shape, shape.ToEquatableArray());
                return existing;
            }
            WeightSpec made = NewWeight(_sharedOwnerIdentity!, weight, shape, initializer, fanIn, fanOut);
            recorded.Add(made);
            _replayed++;
            return made;
        }
        return NewWeight(layer, weight, shape, initializer, fanIn, fanOut);
    }

    private WeightSpec NewWeight(LayerIdentity layer, string weight, IReadOnlyList<int> shape, InitializerSpec initializer, int fanIn, int fanOut)
    {
        long length = Product(shape);
        if (ParameterCount + length > int.MaxValue) ParameterOverflowAt ??= layer.Name;
        var spec = new WeightSpec($"{layer.Name}.{weight}", layer.Member + Text.Pascal(weight),
            UniqueLocal(Text.Camel(layer.Member + Text.Pascal(weight))), shape.ToEquatableArray(),
            Clamp(ParameterCount), Clamp(length), initializer, fanIn, fanOut);
        ParameterCount += length;
        return WithRules(spec, layer, weight, shape);
    }

    /// <summary>
    /// Attaches the layer's <c>…Regularizer</c> / <c>…Constraint</c> arguments for <paramref name="weight"/> (GN0290–GN0292
    /// when one is malformed or names an axis the weight lacks). Arguments for a weight the layer does not make (a
    /// BiasRegularizer with UseBias = false) are ignored, as Keras ignores them.
    /// </summary>
    private WeightSpec WithRules(WeightSpec spec, LayerIdentity layer, string weight, IReadOnlyList<int> shape)
    {
        foreach (Parse.WeightRuleArgument rule in layer.WeightRules)
        {
            if (!rule.IsFor(weight)) continue;
            Site site = Site.ForLayer(layer.Index, rule.Argument);
            string who = layer.Describe(LayerTypeName);
            if (rule.IsRegularizer)
            {
                RegularizerSpec? regularizer = WeightRuleSpecs.ParseRegularizer(rule.Text, out string? error);
                if (regularizer is null) Report(Descriptors.InvalidRegularizer, site, who, rule.Argument, rule.Text, error ?? "");
                else spec = spec with { Regularizer = regularizer };
                continue;
            }
            ConstraintSpec? constraint = WeightRuleSpecs.ParseConstraint(rule.Text, out string? problem);
            if (constraint is null)
            {
                Report(Descriptors.InvalidConstraint, site, who, rule.Argument, rule.Text, problem ?? "");
                continue;
            }
            int[] outside = constraint.Axes.Where(a => a < -shape.Count || a >= shape.Count).ToArray();
            if (outside.Length > 0)
            {
                Report(Descriptors.ConstraintAxisOutOfRange, site, who, rule.Argument, Text.Int(outside[0]), spec.Key,
                    string.Join(", ", shape.Select(d => Text.Int(d))), rule.Text);
                continue;
            }
            spec = spec with { Constraint = constraint };
        }
        return spec;
    }

    public static long Product(IEnumerable<int> shape)
    {
        long p = 1;
        foreach (int d in shape) p = System.Math.Min(p * d, (long)int.MaxValue * int.MaxValue);
        return p;
    }

    private static int Size(IReadOnlyList<int> shape) => Clamp(Product(shape));

    private static int Clamp(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    /// <summary>Locals are camelCase of layer members; a clash with a parameter, keyword or another local gets a '_'.</summary>
    private string UniqueLocal(string name)
    {
        while (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || !_locals.Add(name)) name += "_";
        return name;
    }
}
