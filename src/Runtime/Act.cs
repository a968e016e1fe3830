namespace GenNet;

/// <summary>
/// The activation names Keras accepts for <c>activation=</c>. They are plain strings, so
/// <c>Activation = Act.Relu</c> and <c>Activation = "relu"</c> mean the same; the generator rejects unknown names
/// at compile time (GN0004).
/// </summary>
public static class Act
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
}
