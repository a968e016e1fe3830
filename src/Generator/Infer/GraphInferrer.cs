using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Infer;

/// <summary>The layers of a Functional model in topological order, its output tensor and its gradient partials.</summary>
internal sealed record GraphResult(IReadOnlyList<LayerSpec> Layers, int Output, EquatableArray<GradientPartialSpec> Partials);

/// <summary>
/// A Functional model's graph: resolves each layer's inputs by name (a layer without <c>From</c> reads the attribute
/// before it, the first one the model input), checks the wiring (GN0201–GN0205, GN0208), orders the layers
/// topologically (among ready layers, declaration order first, so a model declared in order keeps its order) and infers
/// them in that order. Layers the output does not depend on are reported (GN0204) and left out.
/// </summary>
internal static class GraphInferrer
{
    /// <summary>Node index of the model input among the resolved inputs.</summary>
    private const int InputNode = -1;

    public static GraphResult? Infer(ModelDeclaration declaration, LayerIdentity[] identities, InferContext context)
    {
        EquatableArray<LayerDeclaration> declared = declaration.Layers;
        int count = declared.Count;
        var byName = new Dictionary<string, int>(System.StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            if (identities[i].Name == ModelDeclaration.InputName)
            {
                context.Report(Descriptors.ReservedNodeName, Site.ForLayer(i, "Name"), identities[i].Describe(declared[i].TypeName));
            }
            if (!byName.ContainsKey(identities[i].Name)) byName[identities[i].Name] = i;
        }
        string known = string.Join(", ", identities.Select(l => "\"" + l.Name + "\""));

        // Wiring: each layer's input nodes.
        var inputs = new int[count][];
        for (int i = 0; i < count; i++)
        {
            LayerDeclaration layer = declared[i];
            string who = identities[i].Describe(layer.TypeName);
            if (layer.IsMerge && layer.From.Count < 2)
            {
                context.Report(Descriptors.MergeNeedsTwoInputs, Site.ForLayer(i), who,
                    "[" + layer.TypeName + "(" + string.Join(", ", layer.From.Select(f => "\"" + f + "\"")) + ")]", layer.TypeName);
            }
            if (layer.From.Count == 0)
            {
                inputs[i] = new[] { i == 0 ? InputNode : i - 1 };
                continue;
            }
            inputs[i] = new int[layer.From.Count];
            for (int k = 0; k < layer.From.Count; k++)
            {
                string from = layer.From[k];
                if (from == ModelDeclaration.InputName) inputs[i][k] = InputNode;
                else if (byName.TryGetValue(from, out int node)) inputs[i][k] = node;
                else
                {
                    context.Report(Descriptors.UnknownNode, Site.ForLayer(i, layer.FromArgument), who, from,
                        layer.IsMerge ? "inputs=" + string.Join(", ", layer.From.Select(f => "\"" + f + "\"")) : "From=\"" + from + "\"", known);
                    inputs[i][k] = InputNode;
                }
            }
        }
        for (int i = 0; i < count; i++)
        {
            identities[i] = identities[i] with
            {
                Inbound = inputs[i].Select(n => n == InputNode ? ModelDeclaration.InputName : identities[n].Name).ToEquatableArray(),
            };
        }

        int output = count - 1;
        if (declaration.Output is { } outputName && !byName.TryGetValue(outputName, out output))
        {
            context.Report(Descriptors.UnknownOutput, Site.ForModel("Output"), declaration.Type.Name, outputName, known);
            return null;
        }
        if (context.HasErrors) return null;

        int[]? order = Order(inputs, count);
        if (order is null)
        {
            ReportCycle(inputs, identities, declared, context);
            return null;
        }

        // Only what the output depends on is generated; the rest is reported (a warning: the model still works).
        var needed = new bool[count];
        var stack = new Stack<int>(new[] { output });
        while (stack.Count > 0)
        {
            int node = stack.Pop();
            if (node == InputNode || needed[node]) continue;
            needed[node] = true;
            foreach (int input in inputs[node]) stack.Push(input);
        }
        for (int i = 0; i < count; i++)
        {
            if (!needed[i])
            {
                context.Report(Descriptors.UnusedNode, Site.ForLayer(i), identities[i].Describe(declared[i].TypeName), identities[output].Name,
                    identities[i].Name);
            }
        }

        // Shapes, in topological order.
        int inputTensor = context.AddInput(declaration.Input.ToArray());
        var tensorOf = new Dictionary<int, int> { [InputNode] = inputTensor };
        var layers = new List<LayerSpec>();
        foreach (int node in order.Where(n => needed[n]))
        {
            if (context.ShapesFailed) return null;
            int[] tensors = inputs[node].Select(n => tensorOf[n]).ToArray();
            context.IsLastLayer = node == output;
            context.InputsNeedGradient = tensors.Any(t => context.Tensor(t).NeedsGradient);
            context.LayerParameterStart = context.ParameterCount;
            LayerSpec layer = declared[node].Infer(context, identities[node], tensors);
            layers.Add(layer);
            tensorOf[node] = layer.Output;
        }
        if (context.ShapesFailed || context.HasErrors) return null;

        return new GraphResult(layers, tensorOf[output], Partials(layers, context));
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
    /// Reshape) and a linear Activation share their input's gradient, so they are not readers of their own.
    /// </summary>
    private static EquatableArray<GradientPartialSpec> Partials(IReadOnlyList<LayerSpec> layers, InferContext context)
    {
        var readers = new Dictionary<string, (int Tensor, int Count)>(System.StringComparer.Ordinal);
        var order = new List<string>();
        foreach (LayerSpec layer in layers)
        {
            string own = context.Tensor(layer.Output).GradientLocal;
            foreach (int input in layer.InputTensors)
            {
                TensorSpec x = context.Tensor(input);
                if (!x.NeedsGradient || x.GradientLocal == own) continue;
                if (readers.TryGetValue(x.GradientLocal, out var entry)) readers[x.GradientLocal] = (entry.Tensor, entry.Count + 1);
                else
                {
                    readers[x.GradientLocal] = (input, 1);
                    order.Add(x.GradientLocal);
                }
            }
        }
        return order.Where(g => readers[g].Count > 1)
            .Select(g => new GradientPartialSpec(g, context.AddGradientPartial(readers[g].Tensor)))
            .ToEquatableArray();
    }
}
