namespace GenNet;

/// <summary>
/// Keras <c>RepeatVector(n)</c>: a vector <c>(features)</c> repeated <c>n</c> times along a new steps axis,
/// <c>(features) → (n, features)</c>; its gradient is the sum of the <c>n</c> step gradients. The input must be rank 1.
/// </summary>
/// <example><code>
/// [Sequential(8)]
/// [Dense(16, Activation = Act.Relu)]
/// [RepeatVector(10)]                  // (10, 16): a sequence for the layers after it
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RepeatVectorAttribute : LayerAttribute
{
    /// <summary>Repeats the input vector <paramref name="n"/> times.</summary>
    public RepeatVectorAttribute(int n)
    {
        N = n;
    }

    /// <summary>Number of repetitions (output steps); positive.</summary>
    public int N { get; }

    /// <summary>Layer name; Keras' default is <c>repeat_vector</c>, <c>repeat_vector_1</c>, ….</summary>
    public string? Name { get; set; }
}
