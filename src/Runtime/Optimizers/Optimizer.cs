namespace GenNet;

/// <summary>
/// A Keras optimizer over the model's flat parameter buffer. <see cref="Apply"/> follows Keras' step pipeline:
/// clip (clipnorm per variable, global_clipnorm, or clipvalue — at most one), decoupled weight decay, the
/// optimizer's update rule with <c>t = Iterations + 1</c>, then <c>Iterations += 1</c>.
/// </summary>
/// <remarks>A "variable" is one weight tensor (a layer's kernel or bias): a contiguous range of the buffer.</remarks>
public abstract partial class Optimizer
{
    /// <summary>Keras name, e.g. <c>"adam"</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Learning rate; callbacks such as ReduceLROnPlateau change it between steps.</summary>
    public float LearningRate { get; set; }

    /// <summary>Per-variable gradient norm limit (Keras <c>clipnorm</c>), or null.</summary>
    public float? ClipNorm { get; init; }

    /// <summary>Limit on the norm of all gradients together (Keras <c>global_clipnorm</c>), or null.</summary>
    public float? GlobalClipNorm { get; init; }

    /// <summary>Element-wise gradient limit (Keras <c>clipvalue</c>), or null.</summary>
    public float? ClipValue { get; init; }

    /// <summary>Decoupled weight decay <c>v ← v − v·wd·lr</c> (Keras <c>weight_decay</c>), or null.</summary>
    public float? WeightDecay { get; init; }

    /// <summary>Steps applied so far (Keras <c>iterations</c>).</summary>
    public long Iterations { get; protected set; }

    /// <summary>Floats of state kept per parameter (Adam: 2), for buffer sizes and the summary's "Optimizer params".</summary>
    public abstract int SlotsPerParameter { get; }
}
