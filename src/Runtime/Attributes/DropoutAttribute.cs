namespace GenNet;

/// <summary>
/// Keras <c>Dropout(rate)</c>: in training each value is kept with probability <c>1 − rate</c> and scaled by
/// <c>1/(1 − rate)</c>, else zeroed ("inverted" dropout); in evaluation and prediction it is the identity. The masks
/// are drawn from a stream of the model's seed, so training is reproducible.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    /// <summary>Drops each value with probability <paramref name="rate"/>, in [0, 1).</summary>
    public DropoutAttribute(double rate) => Rate = rate;

    /// <summary>Fraction of values dropped in training, in [0, 1).</summary>
    public double Rate { get; }

    /// <summary>Layer name; Keras' default is <c>dropout</c>, <c>dropout_1</c>, ….</summary>
    public string? Name { get; set; }
}
