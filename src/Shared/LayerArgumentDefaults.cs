namespace GenNet.Shared;

/// <summary>
/// Default values of the layer attributes' arguments, as Keras defines them. The runtime attributes initialise their
/// properties and optional parameters from these, and the generator falls back to them when an argument is not written,
/// so the two cannot drift apart.
/// </summary>
internal static class LayerArgumentDefaults
{
    /// <summary>Dense and Conv2D add a bias.</summary>
    public const bool UseBias = true;

    /// <summary>Conv2D's <c>strides=1</c>. Pooling has no constant default: unset means the pool size.</summary>
    public const int ConvolutionStrides = 1;

    /// <summary>Conv2D's <c>dilation_rate=1</c>.</summary>
    public const int DilationRate = 1;

    /// <summary>Conv2D's and pooling's <c>padding="valid"</c>.</summary>
    public const string Padding = PaddingNames.Valid;

    /// <summary>MaxPooling2D's and AveragePooling2D's <c>pool_size=2</c>.</summary>
    public const int PoolSize = 2;

    /// <summary>BatchNormalization's <c>momentum=0.99</c>.</summary>
    public const double Momentum = 0.99;

    /// <summary>BatchNormalization's <c>epsilon=1e-3</c>.</summary>
    public const double Epsilon = 1e-3;

    /// <summary>BatchNormalization's <c>center=True</c>.</summary>
    public const bool Center = true;

    /// <summary>BatchNormalization's <c>scale=True</c>.</summary>
    public const bool Scale = true;

    /// <summary>Concatenate's <c>axis=-1</c>.</summary>
    public const int ConcatenateAxis = -1;

    /// <summary>relu's <c>max_value=None</c>: no saturation.</summary>
    public const double MaxValue = double.PositiveInfinity;

    /// <summary>Alpha not written: the activation's own default (leaky_relu 0.2, elu 1.0).</summary>
    public const double Alpha = double.NaN;

    /// <summary>Recurrent layers' <c>return_sequences=False</c>: the last state only.</summary>
    public const bool ReturnSequences = false;

    /// <summary>Recurrent layers' <c>go_backwards=False</c>.</summary>
    public const bool GoBackwards = false;

    /// <summary>Recurrent layers' <c>return_state=False</c>: the output only.</summary>
    public const bool ReturnState = false;

    /// <summary>LSTM's <c>unit_forget_bias=True</c>.</summary>
    public const bool UnitForgetBias = true;

    /// <summary>GRU's <c>reset_after=True</c>.</summary>
    public const bool ResetAfter = true;
    // vision1 layers.

    /// <summary>LeakyReLU's <c>negative_slope=0.3</c> (the layer's Keras 3 default; the leaky_relu function's is 0.2).</summary>
    public const double LeakyReLUNegativeSlope = 0.3;

    /// <summary>ELU's <c>alpha=1.0</c>.</summary>
    public const double EluAlpha = 1.0;

    /// <summary>Softmax's <c>axis=-1</c>.</summary>
    public const int SoftmaxAxis = -1;

    /// <summary>Rescaling's <c>offset=0.0</c>.</summary>
    public const double RescalingOffset = 0.0;

    /// <summary>ZeroPadding2D's <c>padding=(1, 1)</c> and ZeroPadding1D's <c>padding=1</c>: one row, column or step of zeros on every side.</summary>
    public const int ZeroPadding = 1;

    /// <summary>UpSampling2D's <c>size=(2, 2)</c>.</summary>
    public const int UpSamplingSize = 2;

    /// <summary>UpSampling2D's <c>interpolation="nearest"</c>.</summary>
    public const string Interpolation = "nearest";

    // seq2: Bidirectional.

    /// <summary>Bidirectional's <c>merge_mode="concat"</c>.</summary>
    public const string MergeMode = "concat";
}
