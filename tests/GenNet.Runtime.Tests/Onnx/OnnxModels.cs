namespace GenNet.Tests.Onnx;

// Models the ONNX tests export: every layer kind and activation the exporter maps, built by the real generator.

/// <summary>An MLP through most activations (Keras defaults and non-default options).</summary>
[Sequential(12)]
[Dense(16, Activation = Act.Relu)]
[Dense(16, Activation = Act.Elu)]
[Dense(14, Activation = Act.Selu)]
[Dense(14, Activation = Act.Tanh)]
[Dense(12, Activation = Act.Gelu)]
[Dense(12, Activation = Act.Silu)]
[Dense(10, Activation = Act.Softplus)]
[Dense(10, Activation = Act.Softsign)]
[Dense(10, Activation = Act.LeakyRelu)]
[Dense(10, Activation = Act.HardSigmoid)]
[Dense(9, Activation = Act.Relu6)]
[Dense(9, Activation = Act.HardSilu)]
[Dense(8, Activation = Act.Mish)]
[Activation(Act.Relu, MaxValue = 2, NegativeSlope = 0.1)]
[Activation(Act.Gelu, Approximate = true)]
[Activation(Act.Elu, Alpha = 0.5)]
[Activation(Act.LeakyRelu, Alpha = 0.05)]
[Dense(7, Activation = Act.Sigmoid, UseBias = false)]
[Dense(5, Activation = Act.Softmax)]
public partial class OnnxActivationsMlp { }

/// <summary>The seed MNIST CNN (samples/MnistModels/MnistCnnModel.cs).</summary>
[Sequential(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dropout(0.2)]
[Dense(10, Activation = Act.Softmax)]
public partial class OnnxMnistCnn { }

/// <summary>Same-padding conv, BatchNormalization, average pooling, global average pooling, Reshape.</summary>
[Sequential(64)]
[Reshape(8, 8, 1)]
[Conv2D(4, 3, Padding = "same", UseBias = false)]
[BatchNormalization]
[Activation(Act.Relu)]
[AveragePooling2D(3, Strides = 2, Padding = "same")]
[Conv2D(8, 3, Activation = Act.Relu)]
[GlobalAveragePooling2D]
[Dense(3, Activation = Act.Softmax)]
public partial class OnnxConvBlocks { }

/// <summary>Odd sizes: even kernels with same padding (the odd pixel goes bottom/right), strides, dilation, max pooling
/// with same padding, softmax over channels, BatchNormalization on a flat vector.</summary>
[Sequential(9, 7, 2)]
[Conv2D(4, 4, Padding = "same", Activation = Act.Tanh)]
[MaxPooling2D(2, Padding = "same")]
[Conv2D(5, 3, Strides = 2, Padding = "same", Activation = Act.Elu)]
[Conv2D(3, 2, DilationRate = 2, Padding = "same", Activation = Act.Softmax)]
[BatchNormalization(Epsilon = 0.01)]
[Flatten]
[Dense(6)]
[BatchNormalization(Center = false)]
[Activation(Act.LogSoftmax)]
public partial class OnnxOddConv { }

/// <summary>A rank-2 input: Dense on the last axis, BatchNormalization over it (folded), Reshape back to flat.</summary>
[Sequential(3, 4)]
[Dense(5, Activation = Act.Swish)]
[BatchNormalization(Scale = false)]
[Reshape(15)]
[Dense(2, Activation = Act.Exponential)]
public partial class OnnxRankTwo { }

/// <summary>Logistic regression 3 → 1.</summary>
[Sequential(3)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class OnnxLogisticRegression { }

/// <summary>A relu with a threshold, which ONNX has no single operator for.</summary>
[Sequential(4)]
[Dense(3)]
[Activation(Act.Relu, Threshold = 0.5)]
public partial class OnnxThresholdRelu { }

/// <summary>The Functional sample's two branches on one image (samples/Functional/FunctionalSample.cs, TwoBranchModel).</summary>
[Functional(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten(Name = "conv_features")]
[Flatten(From = "input_layer")]
[Dense(64, Activation = Act.Relu, Name = "pixels")]
[Concatenate("conv_features", "pixels")]
[Dense(64, Activation = Act.Relu)]
[Dense(10, Activation = Act.Softmax)]
public partial class OnnxTwoBranch { }

/// <summary>
/// Merges of images, where convolutions leave their outputs NCHW and the model input is NHWC: a three-input residual Add,
/// a three-input Average and Minimum, concatenation along height, width and channels, then pooling and a softmax over
/// channels on the merged tensor.
/// </summary>
[Functional(6, 5, 2)]
[Conv2D(2, 3, Padding = "same", Activation = Act.Relu, Name = "c1")]
[Conv2D(2, 3, Padding = "same", Activation = Act.Tanh, Name = "c2")]
[Add("c2", "input_layer", "c1", Name = "residual")]
[Average("input_layer", "c1", "residual", Name = "mean")]
[Minimum("mean", "c2", "input_layer", Name = "low")]
[Subtract("residual", "low", Name = "gap")]
[Multiply("gap", "c1", "c2", Name = "product")]
[Maximum("product", "input_layer", Name = "high")]
[Concatenate("high", "input_layer", Axis = 1, Name = "rows")]
[Concatenate("rows", "rows", Axis = 2, Name = "cols")]
[Conv2D(3, 1, Name = "c3")]
[Concatenate("c3", "cols", "cols", Name = "channels")]
[AveragePooling2D(2)]
[Activation(Act.Softmax)]
[Flatten]
[Dense(4)]
public partial class OnnxImageMerges { }

/// <summary>Merges of flat vectors and a rank-2 tensor: concatenation on both of its axes, three-input Maximum.</summary>
[Functional(3, 4)]
[Dense(4, Activation = Act.Tanh, Name = "a")]
[Dense(4, Activation = Act.Sigmoid, From = "input_layer", Name = "b")]
[Maximum("a", "b", "input_layer", Name = "m")]
[Concatenate("m", "a", Axis = 1, Name = "tall")]
[Dense(2, From = "input_layer", Name = "narrow")]
[Concatenate("narrow", "b", "input_layer", Name = "wide")]
[Flatten(From = "tall", Name = "tall_flat")]
[Flatten(From = "wide", Name = "wide_flat")]
[Concatenate("tall_flat", "wide_flat")]
[Dense(3, Activation = Act.Softmax)]
public partial class OnnxRankTwoMerges { }

/// <summary>
/// Two image inputs through one shared convolution (weights stored once), the two NCHW results concatenated over channels
/// and normalised; that image is one output (transposed back to NHWC) and, pooled and classified, the other.
/// </summary>
[Functional(Outputs = new[] { "features", "label" })]
[Input("left", 6, 5, 2)]
[Input("right", 6, 5, 2)]
[Conv2D(3, 3, Padding = "same", Activation = Act.Relu, From = "left", Name = "conv")]
[Reuse("conv", From = "right", Name = "conv_right")]
[Concatenate("conv", "conv_right", Name = "both")]
[BatchNormalization(Name = "features")]
[AveragePooling2D(2, From = "features", Padding = "same")]
[Dropout(0.3)]
[Flatten]
[Dense(3, Activation = Act.Softmax, Name = "label")]
public partial class OnnxSharedImageModel { }
