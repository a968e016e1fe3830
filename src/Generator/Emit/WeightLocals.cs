using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>
/// Weights as named locals in Forward or Backward: <c>ReadOnlySpan&lt;float&gt; denseKernel = parameters.Slice(…);</c> once,
/// at the top of the first layer section that uses the weight, so the kernel calls read <c>DenseKernel.Forward(x,
/// denseKernel, denseBias, …)</c>. A section's body is written to its own writer first, since only then is it known which
/// weights it used; declarations stay at method scope, so a later call site of a shared layer can use them too.
/// </summary>
internal sealed class WeightLocals
{
    private readonly System.Func<WeightSpec, string> _declaration;
    private readonly HashSet<string> _declared = new(System.StringComparer.Ordinal);
    private readonly List<WeightSpec> _pending = new();

    /// <param name="declaration">The declaration statement of a weight's local (its names come from the naming pass).</param>
    public WeightLocals(System.Func<WeightSpec, string> declaration) => _declaration = declaration;

    /// <summary>The weight's local; its declaration is written before the current section's body.</summary>
    public string Use(WeightSpec weight)
    {
        if (_declared.Add(weight.Local)) _pending.Add(weight);
        return weight.Local;
    }

    /// <summary>
    /// Runs <paramref name="body"/> with <paramref name="redirect"/> pointing the context at a fresh writer, then writes the
    /// new declarations and the body to <paramref name="outer"/>, which it returns for the context to point at again.
    /// </summary>
    public CodeWriter Section(CodeWriter outer, System.Action body, System.Action<CodeWriter> redirect)
    {
        var inner = new CodeWriter(outer.Indent);
        redirect(inner);
        body();
        // In layout order (kernel before bias, trainable before state), whatever order the layer's calls named them in.
        foreach (WeightSpec weight in _pending.OrderBy(w => w.Trainable ? 0 : 1).ThenBy(w => w.Offset)) outer.Line(_declaration(weight));
        _pending.Clear();
        outer.Append(inner);
        return outer;
    }
}
