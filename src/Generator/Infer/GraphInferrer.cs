using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;
using GenNet.Shared;

namespace GenNet.Generator.Infer;

/// <summary>The layers of a Functional model in topological order, its outputs and inputs, and its gradient partials.</summary>
internal sealed record GraphResult(
    IReadOnlyList<LayerSpec> Layers,
    EquatableArray<ModelPortSpec> Outputs,
    EquatableArray<ModelPortSpec> NamedInputs,
    EquatableArray<GradientPartialSpec> Partials,
    int SharedGradientScratch)
{
    public int Output => Outputs[0].Tensor;
}

/// <summary>
/// A Functional model's graph: resolves each layer's inputs by name (a layer without <c>From</c> reads the attribute
/// before it, the first one the model input), checks the wiring (GN0201–GN0205, GN0208, GN0211–GN0222), orders the
/// layers topologically (among ready layers, declaration order first, so a model declared in order keeps its order) and
/// infers them in that order. Layers no output depends on are reported (GN0204) and left out; so are unused inputs
/// (GN0215), though they keep their place in the input layout. [Input] attributes are input nodes; a [Reuse] node infers
/// its target's declaration again with the target's weights (see <see cref="InferContext.BeginShared"/>).
/// A Sequential model arrives here as the chain it stands for, wired by position: no layer has <c>From</c> (the
/// inferrer refused that first, GN0209), so each reads the one before it, and the last one is the output.
/// </summary>
internal static class GraphInferrer
{
    /// <summary>Node index of the unnamed model input ([Functional(shape)]) among the resolved inputs.</summary>
    private const int InputNode = -1;

    public static GraphResult? Infer(ModelDeclaration declaration, LayerIdentity[] identities, InferContext context)
    {
        EquatableArray<LayerDeclaration> declared = declaration.Layers;
        int count = declared.Count;
        bool named = declaration.HasInputAttributes;
        // Functional layers are wired by name, so a naming error (GN0010, GN0011) leaves the wiring in doubt; a Sequential
        // chain is wired by position and infers on, so its shape errors are reported beside its naming errors.
        bool wiredByName = declaration.IsFunctional;
        var byName = new Dictionary<string, int>(System.StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            if (wiredByName && !named && identities[i].Name == ModelDeclaration.InputName)
            {
                context.Report(Descriptors.ReservedNodeName, Site.ForLayer(i, "Name"), identities[i].Describe(declared[i].TypeName));
            }
            if (!byName.ContainsKey(identities[i].Name)) byName[identities[i].Name] = i;
        }
        string known = string.Join(", ", identities.Where((_, i) => declared[i] is not InputDeclaration).Select(l => $"\"{l.Name}\""));
        if (named && declaration.Input.Count > 0)
        {
            context.Report(Descriptors.InputShapeAndInputAttributes, Site.ForModel("input"), declaration.Type.Name,
                string.Join(", ", declaration.Input.Select(d => Text.Int(d))));
            return null;
        }
        for (int i = 0; i < count; i++)
        {
            if (declared[i] is InputDeclaration input && (input.Shape.Count == 0 || input.Shape.Any(d => d <= 0)))
            {
                context.Report(Descriptors.InvalidInputAttributeShape, Site.ForLayer(i, "shape"), identities[i].Describe("Input"), Text.Shape(input.Shape.ToArray()));
            }
        }

        // Wiring: each node's input nodes (none for an [Input]) and which of their outputs it reads ("lstm:1"); each [Reuse] node's target.
        var inputs = new int[count][];
        var ports = new int[count][];
        var targets = new Dictionary<int, int>();
        for (int i = 0; i < count; i++)
        {
            LayerDeclaration layer = declared[i];
            string who = identities[i].Describe(layer.TypeName);
            if (layer is InputDeclaration)
            {
                inputs[i] = System.Array.Empty<int>();
                ports[i] = System.Array.Empty<int>();
                continue;
            }
            if (!wiredByName && layer.OutputCount > 1)
            {
                // Keras: every layer of a Sequential model has one output tensor.
                context.Report(Descriptors.ReturnStateInSequential, Site.ForLayer(i, LayerArgumentNames.ReturnState), who);
            }
            if (layer is ReuseDeclaration reuse && Target(reuse, i, who, declared, identities, byName, context) is int target)
            {
                targets[i] = target;
            }
            if (layer.IsMerge && layer.From.Count < 2)
            {
                context.Report(Descriptors.MergeNeedsTwoInputs, Site.ForLayer(i), who,
                    $"[{layer.TypeName}({string.Join(", ", layer.From.Select(f => $"\"{f}\""))})]", layer.TypeName);
            }
            if (layer.From.Count == 0)
            {
                if (i == 0 && named) context.Report(Descriptors.LayerReadsNoInput, Site.ForLayer(i), who);
                inputs[i] = new[] { i == 0 ? InputNode : i - 1 };
                ports[i] = new[] { 0 };
                continue;
            }
            inputs[i] = new int[layer.From.Count];
            ports[i] = new int[layer.From.Count];
            for (int k = 0; k < layer.From.Count; k++)
            {
                string from = NodeReference.Split(layer.From[k], out ports[i][k]);
                if (from == ModelDeclaration.InputName && !named) inputs[i][k] = InputNode;
                else if (byName.TryGetValue(from, out int node)) inputs[i][k] = node;
                else
                {
                    context.Report(Descriptors.UnknownNode, Site.ForLayer(i, layer.FromArgument), who, from,
                        layer.IsMerge ? $"inputs={string.Join(", ", layer.From.Select(f => $"\"{f}\""))}" : $"From=\"{from}\"",
                        named ? string.Join(", ", identities.Select(l => $"\"{l.Name}\"")) : known);
                    inputs[i][k] = InputNode;
                }
            }
        }
        // A reference "name:k" must name an output the node has (ReturnState gives a recurrent layer 2 or 3).
        int OutputCount(int node) => node == InputNode ? 1 : declared[targets.TryGetValue(node, out int t) ? t : node].OutputCount;
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < ports[i].Length; k++)
            {
                if (ports[i][k] < OutputCount(inputs[i][k])) continue;
                context.Report(Descriptors.UnknownNodeOutput, Site.ForLayer(i, declared[i].FromArgument), identities[i].Describe(declared[i].TypeName),
                    declared[i].From[k], OutputCountText(inputs[i][k] == InputNode ? ModelDeclaration.InputName : identities[inputs[i][k]].Name, OutputCount(inputs[i][k])));
            }
        }
        string Reference(int node, int port) =>
            (node == InputNode ? ModelDeclaration.InputName : identities[node].Name) + (port > 0 ? $":{Text.Int(port)}" : "");
        for (int i = 0; i < count; i++)
        {
            int[] read = ports[i];
            identities[i] = identities[i] with
            {
                Inbound = inputs[i].Select((n, k) => Reference(n, read[k])).ToEquatableArray(),
                Shares = targets.TryGetValue(i, out int t) ? identities[t].Name : null,
            };
        }

        (int Node, int Port)[]? outputPairs = wiredByName ? Outputs(declaration, identities, declared, byName, known, OutputCount, context) : new[] { (count - 1, 0) };
        if (outputPairs is null || (wiredByName && context.HasErrors)) return null;
        int[] outputs = outputPairs.Select(p => p.Node).Distinct().ToArray();

        int[]? order = Order(inputs, count);
        if (order is null)
        {
            ReportCycle(inputs, identities, declared, context);
            return null;
        }

        // Only what an output depends on is generated; the rest is reported (a warning: the model still works).
        var needed = new bool[count];
        var stack = new Stack<int>(outputs);
        while (stack.Count > 0)
        {
            int node = stack.Pop();
            if (node == InputNode || needed[node]) continue;
            needed[node] = true;
            foreach (int input in inputs[node]) stack.Push(input);
        }
        string outputNames = string.Join("', '", outputPairs.Select(p => Reference(p.Node, p.Port))); // inside the messages' quotes
        for (int i = 0; i < count; i++)
        {
            if (needed[i]) continue;
            context.Report(declared[i] is InputDeclaration ? Descriptors.UnusedInput : Descriptors.UnusedNode, Site.ForLayer(i),
                identities[i].Describe(declared[i] is InputDeclaration ? "Input" : declared[i].TypeName), outputNames, identities[i].Name);
        }

        // Which outputs of each node some needed layer or the loss reads (a ReturnState layer may be read through its states only).
        var readPorts = new Dictionary<int, HashSet<int>>();
        void MarkRead(int node, int port)
        {
            if (!readPorts.TryGetValue(node, out HashSet<int>? set)) readPorts[node] = set = new HashSet<int>();
            set.Add(port);
        }
        for (int i = 0; i < count; i++)
        {
            if (!needed[i]) continue;
            for (int k = 0; k < inputs[i].Length; k++) MarkRead(inputs[i][k], ports[i][k]);
        }
        foreach ((int node, int port) in outputPairs) MarkRead(node, port);

        // Inputs first (all of them, in declaration order: the runtime's data has a place for each), then shapes in topological order.
        var tensorOf = new Dictionary<int, int>();
        var specOf = new Dictionary<int, LayerSpec>();
        int TensorOf(int node, int port) =>
            port == 0 || !specOf.TryGetValue(node, out LayerSpec? spec) || port > spec.ExtraOutputs.Count ? tensorOf[node] : spec.ExtraOutputs[port - 1];
        var namedInputs = new List<ModelPortSpec>();
        if (named)
        {
            for (int i = 0; i < count; i++)
            {
                if (declared[i] is not InputDeclaration input) continue;
                tensorOf[i] = context.AddNamedInput(identities[i], input.Shape.ToArray());
                namedInputs.Add(new ModelPortSpec(identities[i].Name, identities[i].Member, tensorOf[i], context.Tensor(tensorOf[i]).Offset));
            }
        }
        else
        {
            tensorOf[InputNode] = context.AddInput(declaration.Input.ToArray());
        }
        var layers = new List<LayerSpec>();
        var shared = new HashSet<int>(targets.Values);
        foreach (int node in order.Where(n => needed[n] && declared[n] is not InputDeclaration))
        {
            if (context.ShapesFailed) return null;
            int[] tensors = inputs[node].Select((n, k) => TensorOf(n, ports[node][k])).ToArray();
            context.IsLastLayer = outputs.Contains(node);
            context.InputsNeedGradient = tensors.Any(t => context.Tensor(t).NeedsGradient);
            int owner = targets.TryGetValue(node, out int target) ? target : shared.Contains(node) ? node : -1;
            context.BeginLayer(declared[owner >= 0 ? owner : node].TypeName);
            if (owner >= 0) context.BeginShared(owner, identities[owner]);
            LayerSpec layer = declared[owner >= 0 ? owner : node].Infer(context, identities[node], tensors);
            context.EndShared();
            if (context.SharedMismatch is { } mismatch && !context.ShapesFailed)
            {
                context.ReportShape(Descriptors.SharedLayerShapeMismatch, Site.ForLayer(node), identities[node].Describe(declared[owner].TypeName),
                    identities[owner].Name, Text.Shape(context.Tensor(tensors[0]).Shape), mismatch.Key, Text.Shape(mismatch.Asked.ToArray()),
                    Text.Shape(mismatch.Recorded.ToArray()));
            }
            Layers.Masking.Propagate(context, layer);
            layer = layer.WithReadOutputs(readPorts.TryGetValue(node, out HashSet<int>? read) ? read : new HashSet<int>());
            layers.Add(layer);
            tensorOf[node] = layer.Output;
            specOf[node] = layer;
        }
        if (context.ShapesFailed || (wiredByName && context.HasErrors)) return null;

        var outputPorts = new List<ModelPortSpec>();
        int gradientOffset = 0;
        foreach ((int o, int port) in outputPairs)
        {
            int t = TensorOf(o, port);
            TensorSpec tensor = context.Tensor(t);
            string name = Reference(o, port);
            ModelPortSpec? same = outputPorts.FirstOrDefault(p => context.StorageOf(p.Tensor) == context.StorageOf(t));
            if (same is not null)
            {
                context.Report(Descriptors.OutputsShareTensor, Site.ForModel("Outputs"), declaration.Type.Name, same.Name, name, name);
                return null;
            }
            // A returned state is named "lstm:1" (ONNX output, loss key); its members are its tensor's (LstmState…).
            outputPorts.Add(new ModelPortSpec(name, port == 0 ? identities[o].Member : tensor.Member, t, gradientOffset));
            gradientOffset += tensor.Size;
        }

        // Each call of a shared layer but the first to run backward writes its weight gradients to scratch, then adds them in.
        int sharedScratch = layers.Where(l => l.Identity.Shares is not null || shared.Contains(l.Identity.Index))
            .Select(l => l.Weights.Where(w => w.Trainable).Sum(w => w.Length)).DefaultIfEmpty(0).Max();
        bool multiOutput = outputPorts.Count > 1;
        return new GraphResult(layers, outputPorts.ToEquatableArray(), namedInputs.ToEquatableArray(),
            Partials(layers, multiOutput ? outputPorts.Select(p => p.Tensor) : Enumerable.Empty<int>(), context), sharedScratch);
    }

    /// <summary>
    /// The output nodes and which of their outputs (<c>"lstm:1"</c>): Outputs, else Output, else the last attribute (GN0205,
    /// GN0214, GN0217, GN0275); null on an error.
    /// </summary>
    private static (int Node, int Port)[]? Outputs(ModelDeclaration declaration, LayerIdentity[] identities, EquatableArray<LayerDeclaration> declared,
        Dictionary<string, int> byName, string known, System.Func<int, int> outputCount, InferContext context)
    {
        if (declaration.Output is { } single && declaration.Outputs.Count > 0)
        {
            context.Report(Descriptors.OutputAndOutputs, Site.ForModel("Output"), declaration.Type.Name, single);
            return null;
        }
        string[] names = declaration.Outputs.Count > 0 ? declaration.Outputs.ToArray()
            : new[] { declaration.Output ?? identities[identities.Length - 1].Name };
        string argument = declaration.Outputs.Count > 0 ? "Outputs" : "Output";
        var outputs = new List<(int, int)>();
        foreach (string reference in names)
        {
            string name = NodeReference.Split(reference, out int port);
            if (!byName.TryGetValue(name, out int node) || declared[node] is InputDeclaration)
            {
                context.Report(Descriptors.UnknownOutput, Site.ForModel(argument), declaration.Type.Name, reference, known);
                return null;
            }
            if (port >= outputCount(node))
            {
                context.Report(Descriptors.UnknownNodeOutput, Site.ForModel(argument), $"Model '{declaration.Type.Name}'", reference,
                    OutputCountText(name, outputCount(node)));
                return null;
            }
            if (outputs.Contains((node, port)))
            {
                context.Report(Descriptors.DuplicateOutputName, Site.ForModel(argument), declaration.Type.Name, reference);
                return null;
            }
            outputs.Add((node, port));
        }
        return outputs.ToArray();
    }

    /// <summary>What a reference past a node's outputs is told: how many it has and how to get more.</summary>
    private static string OutputCountText(string node, int count) => count == 1
        ? $"'{node}' has one output, \"{node}\" (only a SimpleRNN, LSTM or GRU with ReturnState = true has more)"
        : $"'{node}' has {Text.Int(count)} outputs, \"{node}\" and " + string.Join(", ", Enumerable.Range(1, count - 1).Select(k => $"\"{node}:{Text.Int(k)}\""));

    /// <summary>The declaration index a [Reuse] calls, or null after GN0219/GN0221.</summary>
    private static int? Target(ReuseDeclaration reuse, int index, string who, EquatableArray<LayerDeclaration> declared, LayerIdentity[] identities,
        Dictionary<string, int> byName, InferContext context)
    {
        if (!byName.TryGetValue(reuse.Layer, out int target) || target == index || declared[target] is InputDeclaration or ReuseDeclaration ||
            declared[target].IsMerge)
        {
            string why = byName.TryGetValue(reuse.Layer, out int found) && found != index
                ? declared[found] is ReuseDeclaration r ? $"'{reuse.Layer}' is itself a Reuse; name the layer it calls: [Reuse(\"{r.Layer}\")]."
                : declared[found].IsMerge ? $"'{reuse.Layer}' is a merge layer, which has no weights to share; declare another [{declared[found].TypeName}(…)]."
                : $"'{reuse.Layer}' is an input; read it with From = \"{reuse.Layer}\"."
                : "Expected one of: " + string.Join(", ", identities.Where((_, i) => declared[i] is not InputDeclaration and not ReuseDeclaration && !declared[i].IsMerge)
                    .Select(l => $"\"{l.Name}\"")) + ".";
            context.Report(Descriptors.UnknownSharedLayer, Site.ForLayer(index, "layer"), who, reuse.Layer, why);
            return null;
        }
        if (declared[target].TypeName == "BatchNormalization")
        {
            context.Report(Descriptors.LayerCannotBeShared, Site.ForLayer(index, "layer"), who, declared[target].TypeName, identities[target].Name,
                "Its moving statistics belong to one call site; give each call its own [BatchNormalization].");
            return null;
        }
        return target;
    }

    /// <summary>
    /// The activation of the model's final operation, for loss fusion: walks back from the output through layers that
    /// apply none (views, a linear Activation) as the Sequential rule walks back through the list.
    /// </summary>
    public static string OutputActivation(IReadOnlyList<LayerSpec> layers, int outputTensor)
    {
        int tensor = outputTensor;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            LayerSpec layer = layers[i];
            if (layer.Output != tensor) continue;
            if (layer.FinalActivation is { } activation) return activation;
            tensor = layer.Input;
        }
        return "linear";
    }

    /// <summary>Kahn's algorithm, taking the lowest declaration index among ready layers; null when there is a cycle.</summary>
    private static int[]? Order(int[][] inputs, int count)
    {
        var pending = new int[count];
        var consumers = new List<int>[count];
        for (int i = 0; i < count; i++) consumers[i] = new List<int>();
        for (int i = 0; i < count; i++)
        {
            foreach (int input in inputs[i].Distinct())
            {
                if (input == InputNode) continue;
                pending[i]++;
                consumers[input].Add(i);
            }
        }
        var ready = new SortedSet<int>(Enumerable.Range(0, count).Where(i => pending[i] == 0));
        var order = new List<int>(count);
        while (ready.Count > 0)
        {
            int node = ready.Min;
            ready.Remove(node);
            order.Add(node);
            foreach (int consumer in consumers[node])
            {
                if (--pending[consumer] == 0) ready.Add(consumer);
            }
        }
        return order.Count == count ? order.ToArray() : null;
    }

    /// <summary>
    /// GN0203 once, at the first layer (in declaration order) on a cycle. Every unordered layer reads another unordered one,
    /// so walking inputs from any of them must come back to a layer already seen: that loop is the cycle.
    /// </summary>
    private static void ReportCycle(int[][] inputs, LayerIdentity[] identities, EquatableArray<LayerDeclaration> declared, InferContext context)
    {
        var ordered = new HashSet<int>();
        // Layers Kahn could order: repeatedly take those whose inputs are all ordered.
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (ordered.Contains(i) || !inputs[i].All(n => n == InputNode || ordered.Contains(n))) continue;
                ordered.Add(i);
                progress = true;
            }
        }
        var path = new List<int>();
        int node = Enumerable.Range(0, inputs.Length).First(i => !ordered.Contains(i));
        while (!path.Contains(node))
        {
            path.Add(node);
            node = inputs[node].First(n => n != InputNode && !ordered.Contains(n));
        }
        List<int> cycle = path.Skip(path.IndexOf(node)).ToList();
        cycle.Reverse(); // data flows from input to consumer: a → b → … → a
        int first = cycle.Min();
        int start = cycle.IndexOf(first);
        IEnumerable<int> loop = cycle.Skip(start).Concat(cycle.Take(start)).Concat(new[] { first });
        context.Report(Descriptors.Cycle, Site.ForLayer(first), identities[first].Describe(declared[first].TypeName),
            string.Join(" → ", loop.Select(i => identities[i].Name)));
    }

    /// <summary>
    /// A gradient-partial region for each tensor that two or more layers read and back-propagate into. Views (Flatten,
    /// Reshape) and a linear Activation share their input's gradient, so they are not readers of their own. With several
    /// outputs, each output's loss is a reader too (it comes first: Backward starts by copying in the loss gradient).
    /// </summary>
    private static EquatableArray<GradientPartialSpec> Partials(IReadOnlyList<LayerSpec> layers, IEnumerable<int> lossReaders, InferContext context)
    {
        // Readers are counted per storage: a view shares its source's gradient region.
        var readers = new Dictionary<int, int>();
        var order = new List<int>();
        void Read(int input)
        {
            if (!context.Tensor(input).NeedsGradient) return;
            int storage = context.StorageOf(input);
            if (readers.TryGetValue(storage, out int count)) readers[storage] = count + 1;
            else
            {
                readers[storage] = 1;
                order.Add(storage);
            }
        }
        foreach (int output in lossReaders) Read(output);
        foreach (LayerSpec layer in layers)
        {
            int own = context.StorageOf(layer.Output);
            foreach (int input in layer.InputTensors)
            {
                if (context.StorageOf(input) != own) Read(input);
            }
        }
        // The gradient local is named last (LocalNames), from the partial's source.
        return order.Where(t => readers[t] > 1)
            .Select(t => new GradientPartialSpec("", context.AddGradientPartial(t)))
            .ToEquatableArray();
    }
}
