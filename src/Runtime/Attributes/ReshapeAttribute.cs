namespace GenNet;

/// <summary>
/// Keras <c>Reshape(target_shape)</c>: the same values, row-major, in a new per-sample shape (without the batch axis).
/// One dimension may be <c>-1</c>: it is inferred from the others. It moves no data.
/// </summary>
/// <example><code>
/// [Sequential(784)]
/// [Reshape(28, 28, 1)]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReshapeAttribute : LayerAttribute
{
    /// <summary>Reshapes each sample to <paramref name="targetShape"/>.</summary>
    public ReshapeAttribute(params int[] targetShape) => TargetShape = targetShape;

    /// <summary>The per-sample shape; its product must equal the input's size.</summary>
    public int[] TargetShape { get; }

    /// <summary>Layer name; Keras' default is <c>reshape</c>, <c>reshape_1</c>, ….</summary>
    public string? Name { get; set; }
}
