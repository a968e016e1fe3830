using GenNet.Shared;

namespace GenNet;

/// <summary>
/// The activation names Keras accepts for <c>activation=</c>. They are plain strings, so
/// <c>Activation = Act.Relu</c> and <c>Activation = "relu"</c> mean the same; the generator rejects unknown names
/// at compile time (GN0004). The generator reads the same names (src/Shared/ActivationNames.cs).
/// </summary>
public static class Act
{
    /// <summary>No activation: <c>y = x</c>.</summary>
    public const string Linear = ActivationNames.Linear;

    /// <summary><c>max(x, 0)</c>; the Activation layer also takes NegativeSlope, MaxValue and Threshold.</summary>
    public const string Relu = ActivationNames.Relu;

    /// <summary><c>min(max(x, 0), 6)</c>.</summary>
    public const string Relu6 = ActivationNames.Relu6;

    /// <summary><c>x</c> for positive x, else <c>α·x</c> (α = Alpha, default 0.2).</summary>
    public const string LeakyRelu = ActivationNames.LeakyRelu;

    /// <summary><c>x</c> for positive x, else <c>α·(eˣ − 1)</c> (α = Alpha, default 1).</summary>
    public const string Elu = ActivationNames.Elu;

    /// <summary>Scaled ELU with Keras' fixed α and scale.</summary>
    public const string Selu = ActivationNames.Selu;

    /// <summary><c>x·Φ(x)</c>, exact (erf) unless Approximate.</summary>
    public const string Gelu = ActivationNames.Gelu;

    /// <summary><c>1/(1 + e⁻ˣ)</c>.</summary>
    public const string Sigmoid = ActivationNames.Sigmoid;

    /// <summary>Keras 3's <c>relu6(x + 3)/6</c>.</summary>
    public const string HardSigmoid = ActivationNames.HardSigmoid;

    /// <summary><c>x·hard_sigmoid(x)</c>.</summary>
    public const string HardSilu = ActivationNames.HardSilu;

    /// <summary>Alias of <see cref="HardSilu"/>.</summary>
    public const string HardSwish = ActivationNames.HardSwish;

    /// <summary><c>log(1 + eˣ)</c>.</summary>
    public const string Softplus = ActivationNames.Softplus;

    /// <summary><c>x/(1 + |x|)</c>.</summary>
    public const string Softsign = ActivationNames.Softsign;

    /// <summary><c>tanh(x)</c>.</summary>
    public const string Tanh = ActivationNames.Tanh;

    /// <summary><c>eˣⁱ/Σⱼ eˣʲ</c> over the last axis.</summary>
    public const string Softmax = ActivationNames.Softmax;

    /// <summary><c>xᵢ − log Σⱼ eˣʲ</c> over the last axis.</summary>
    public const string LogSoftmax = ActivationNames.LogSoftmax;

    /// <summary><c>x·sigmoid(x)</c>.</summary>
    public const string Silu = ActivationNames.Silu;

    /// <summary>Alias of <see cref="Silu"/>.</summary>
    public const string Swish = ActivationNames.Swish;

    /// <summary><c>x·tanh(softplus(x))</c>.</summary>
    public const string Mish = ActivationNames.Mish;

    /// <summary><c>eˣ</c>.</summary>
    public const string Exponential = ActivationNames.Exponential;
}
