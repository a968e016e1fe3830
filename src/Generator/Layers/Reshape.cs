using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Reshape(target_shape)</c>: the same values, row-major, in a new per-sample shape; one dimension may be −1
/// (inferred). A view of its input, like Flatten (<see cref="ViewSpec"/>).
/// </summary>
internal sealed record ReshapeDeclaration(EquatableArray<int> TargetShape, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Reshape] is Keras' Reshape.</summary>
    public static readonly LayerKind Kind = new("Reshape", "Reshape", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "reshape";

    /// <summary><c>[Reshape(params targetShape, Name = …)]</c>.</summary>
    public static ReshapeDeclaration Parse(AttributeReader attribute) =>
        new(attribute.Ints(0).ToEquatableArray(), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string who = identity.Describe(TypeName);
        int[] target = TargetShape.ToArray();
        Site site = Site.ForLayer(identity.Index, "targetShape");
        if (target.Length == 0 || target.Any(d => d == 0 || d < -1) || target.Count(d => d == -1) > 1)
        {
            context.ReportShape(Descriptors.InvalidReshapeTarget, site, who, Text.Shape(target));
            return new FailedLayerSpec(identity, input, TypeName);
        }
        long known = InferContext.Product(target.Where(d => d != -1));
        int unknown = System.Array.IndexOf(target, -1);
        if (unknown >= 0)
        {
            if (x.Size % known != 0)
            {
                context.ReportShape(Descriptors.ReshapeSizeMismatch, site, who, Text.Count(x.Size), Text.Shape(target), Text.Shape(x.Shape),
                    $"The known dimensions multiply to {Text.Count(known)}, which does not divide {Text.Count(x.Size)}" +
                    "; choose dimensions whose product divides it.");
                return new FailedLayerSpec(identity, input, TypeName);
            }
            target[unknown] = (int)(x.Size / known);
        }
        else if (known != x.Size)
        {
            context.ReportShape(Descriptors.ReshapeSizeMismatch, site, who, Text.Count(x.Size), Text.Shape(target), Text.Shape(x.Shape),
                $"Its product is {Text.Count(known)}; use dimensions whose product is {Text.Count(x.Size)}" +
                $", e.g. ({Text.Int(x.Size)}) or (-1, {Text.Int(x.LastAxis)}).");
            return new FailedLayerSpec(identity, input, TypeName);
        }
        int output = context.AddView(identity, input, target);
        return new ViewSpec(identity, input, output, TypeName, $"Reshape({Text.Shape(TargetShape).Trim('(', ')')})",
            target[target.Length - 1] == x.LastAxis);
    }
}
