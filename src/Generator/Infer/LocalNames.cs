using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenNet.Generator.Infer;

/// <summary>
/// The naming pass, last: every tensor's locals in Forward/Backward, unique among themselves, the generated methods'
/// parameters and the weights' locals (a clash or a keyword gets a '_'). A view takes its storage's locals; a
/// gradient-partial region is named after the gradient it adds into. Pure: returns a new spec.
/// </summary>
internal static class LocalNames
{
    public static ModelSpec Assign(ModelSpec model, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken, System.StringComparer.Ordinal);
        string Unique(string name)
        {
            while (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || !used.Add(name)) name += "_";
            return name;
        }

        var named = new TensorSpec[model.Tensors.Count];
        for (int i = 0; i < named.Length; i++)
        {
            TensorSpec tensor = model.Tensors[i];
            if (tensor.IsAlias) named[i] = tensor with { Local = named[tensor.AliasOf].Local, GradientLocal = named[tensor.AliasOf].GradientLocal };
            else if (tensor.PartialOf >= 0)
            {
                string local = Unique($"{named[tensor.PartialOf].GradientLocal}Partial");
                named[i] = tensor with { Local = local, GradientLocal = local };
            }
            else if (tensor.IsModelInput && tensor.InputOffsetConstant is null) named[i] = tensor; // input, inputGradient: reserved
            else named[i] = tensor with { Local = Unique(tensor.Local), GradientLocal = Unique(tensor.GradientLocal) };
        }
        return model with
        {
            Tensors = named.ToEquatableArray(),
            Partials = model.Partials.Select(p => p with { GradientLocal = named[named[p.Partial].PartialOf].GradientLocal }).ToEquatableArray(),
        };
    }
}
