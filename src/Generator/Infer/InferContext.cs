using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenNet.Generator.Infer;

/// <summary>
/// The running state of one inference: tensors and weights laid out in layer order, local names kept unique,
/// sizes summed in <c>long</c> so a too-large model becomes GN0901/GN0902 instead of an overflow.
/// </summary>
internal sealed class InferContext
{
    private readonly List<TensorSpec> _tensors = new();
    private readonly List<DiagnosticSpec> _diagnostics = new();
    private readonly HashSet<string> _locals = new(System.StringComparer.Ordinal)
    {
        // Parameters of the generated methods, and the one helper local of Backward.
        "parameters", "state", "input", "activations", "batch", "training", "outputGradient",
        "activationGradients", "gradients", "outputGradientIsLogits", "rng", "dx",
    };

    public IReadOnlyList<DiagnosticSpec> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    /// <summary>Floats of trainable parameters so far.</summary>
    public long ParameterCount { get; private set; }

    /// <summary>Floats of workspace per sample so far.</summary>
    public long Workspace { get; private set; }

    /// <summary>The first layer whose weights pushed the parameter count past int.MaxValue, if any.</summary>
    public string? ParameterOverflowAt { get; private set; }

    /// <summary>The first layer whose tensors pushed the workspace past int.MaxValue, if any.</summary>
    public string? WorkspaceOverflowAt { get; private set; }

    public IReadOnlyList<TensorSpec> Tensors => _tensors;

    public TensorSpec Tensor(int index) => _tensors[index];

    public void Report(DiagnosticDescriptor descriptor, Site site, params string[] arguments) =>
        _diagnostics.Add(DiagnosticSpec.Create(descriptor, site, arguments));

    /// <summary>The model input: read from the <c>input</c> span, never stored in the workspace.</summary>
    public int AddInput(IReadOnlyList<int> shape)
    {
        _tensors.Add(new TensorSpec("Input", "model input", "input", "inputGradient", shape.ToEquatableArray(), Size(shape),
            "InputSize", null, 0, NeedsGradient: false));
        return 0;
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
        long size = Product(shape);
        if (Workspace + size > int.MaxValue || size > int.MaxValue) WorkspaceOverflowAt ??= layer.Name;
        string description = layer.Name + (constantSuffix == "PreActivation" ? " pre-activation z" : " output");
        var tensor = new TensorSpec(member, description, UniqueLocal(Text.Camel(layer.Member + localSuffix)), UniqueLocal("d" + layer.Member + localSuffix),
            shape.ToEquatableArray(), Clamp(size), sizeConstant, member + "Offset", Clamp(Workspace), ParameterCount > 0);
        Workspace += size;
        _tensors.Add(tensor);
        return _tensors.Count - 1;
    }

    /// <summary>A trainable weight of <paramref name="layer"/> at the next offset of the parameter buffer.</summary>
    public WeightSpec AddWeight(LayerIdentity layer, string weight, IReadOnlyList<int> shape, InitializerSpec initializer, int fanIn, int fanOut)
    {
        long length = Product(shape);
        if (ParameterCount + length > int.MaxValue) ParameterOverflowAt ??= layer.Name;
        var spec = new WeightSpec(layer.Name + "." + weight, layer.Member + Text.Pascal(weight), shape.ToEquatableArray(),
            Clamp(ParameterCount), Clamp(length), initializer, fanIn, fanOut);
        ParameterCount += length;
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
