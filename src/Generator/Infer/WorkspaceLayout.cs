using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Helpers;

namespace GenNet.Generator.Infer;

/// <summary>
/// The layout pass: every tensor with storage of its own gets the next per-sample region of the workspace, in the
/// order the shape pass made them (so a layer's tensors sit together, in layer order); a view gets its storage's
/// offset; the model inputs keep theirs (in the <c>input</c> span). Sums in <c>long</c>, so a model past
/// <c>int.MaxValue</c> floats per sample is reported (GN0902) instead of overflowing. Pure: returns new tensors.
/// </summary>
internal static class WorkspaceLayout
{
    /// <param name="owners">Per tensor, what GN0902 names when it is the one that crosses the limit.</param>
    public static WorkspaceLayoutResult Assign(IReadOnlyList<TensorSpec> tensors, IReadOnlyList<string> owners)
    {
        var laidOut = new TensorSpec[tensors.Count];
        long total = 0;
        string? overflowAt = null;
        for (int i = 0; i < tensors.Count; i++)
        {
            TensorSpec tensor = tensors[i];
            if (tensor.IsAlias) laidOut[i] = tensor with { Offset = laidOut[tensor.AliasOf].Offset };
            else if (tensor.IsModelInput) laidOut[i] = tensor;
            else
            {
                long size = InferContext.Product(tensor.Shape);
                if (total + size > int.MaxValue || size > int.MaxValue) overflowAt ??= owners[i];
                laidOut[i] = tensor with { Offset = total > int.MaxValue ? int.MaxValue : (int)total };
                total += size;
            }
        }
        return new WorkspaceLayoutResult(laidOut.ToEquatableArray(), total, overflowAt);
    }
}

/// <summary>The tensors with their offsets, the floats of workspace per sample, and the first owner past the limit (or null).</summary>
internal sealed record WorkspaceLayoutResult(EquatableArray<TensorSpec> Tensors, long FloatsPerSample, string? OverflowAt);
