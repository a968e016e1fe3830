namespace GenNet.Shared;

/// <summary>
/// The activation names Keras accepts for <c>activation=</c>, written once for the runtime's public <c>GenNet.Act</c>
/// constants and the generator, which resolves them to kernels (Layers/ActivationFunction.cs).
/// </summary>
internal static class ActivationNames
{
    public const string Linear = "linear";
    public const string Relu = "relu";
    public const string Relu6 = "relu6";
    public const string LeakyRelu = "leaky_relu";
    public const string Elu = "elu";
    public const string Selu = "selu";
    public const string Gelu = "gelu";
    public const string Sigmoid = "sigmoid";
    public const string HardSigmoid = "hard_sigmoid";
    public const string HardSilu = "hard_silu";
    public const string HardSwish = "hard_swish";
    public const string Softplus = "softplus";
    public const string Softsign = "softsign";
    public const string Tanh = "tanh";
    public const string Softmax = "softmax";
    public const string LogSoftmax = "log_softmax";
    public const string Silu = "silu";
    public const string Swish = "swish";
    public const string Mish = "mish";
    public const string Exponential = "exponential";

    /// <summary>Every name, aliases included, in the order of <c>GenNet.Act</c> (GN0004 lists them in this order).</summary>
    public static readonly string[] All =
    {
        Linear, Relu, Relu6, LeakyRelu, Elu, Selu, Gelu, Sigmoid, HardSigmoid, HardSilu,
        HardSwish, Softplus, Softsign, Tanh, Softmax, LogSoftmax, Silu, Swish, Mish, Exponential,
    };
}
