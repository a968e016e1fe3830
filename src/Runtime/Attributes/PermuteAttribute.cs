namespace GenNet;

/// <summary>
/// Keras <c>Permute(dims)</c>: reorders the axes of each sample, output axis i being input axis <c>dims[i]</c>, numbered
/// from 1 (the batch axis is not counted and never moves). <c>[Permute(2, 1)]</c> turns <c>(steps, features)</c> into
/// <c>(features, steps)</c>. <c>dims</c> must list each of 1 … rank once.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PermuteAttribute : LayerAttribute
{
    /// <summary>The new order of the input's axes, 1-based: a permutation of 1 … rank.</summary>
    public PermuteAttribute(params int[] dims)
    {
        Dims = dims;
    }

    /// <summary>The new order of the axes, 1-based.</summary>
    public int[] Dims { get; }

    /// <summary>Layer name; Keras' default is <c>permute</c>, <c>permute_1</c>, ….</summary>
    public string? Name { get; set; }
}
