namespace GenNet.Tests.Vision;

// Models using the vision layers (activation layers, PReLU, Rescaling, ZeroPadding2D, Cropping2D, UpSampling2D), built by
// the real generator; the gradient, allocation, thread and ONNX tests share them.

/// <summary>The activation layers between Dense layers, the last one a Softmax layer fused with the loss.</summary>
[Sequential(6)]
[Dense(8)]
[ReLU(MaxValue = 0.6, NegativeSlope = 0.1)]
[Dense(8)]
[LeakyReLU]
[Dense(8)]
[ELU(Alpha = 0.5)]
[Dense(7)]
[ReLU]
[Dense(6)]
[LeakyReLU(NegativeSlope = 0.05)]
[Dense(3)]
[Softmax]
public partial class VisionActivationsModel { }

/// <summary>A relu with a threshold (Predict only: ONNX has no operator for it).</summary>
[Sequential(6)]
[ReLU(Threshold = 0.25, NegativeSlope = 0.5, MaxValue = 0.75)]
public partial class VisionThresholdReluModel { }

/// <summary>Softmax over non-last axes of an image and of a rank-2 tensor, between trainable layers.</summary>
[Sequential(3, 4, 2)]
[Conv2D(3, 1)]
[Softmax(Axis = 1)]
[Conv2D(4, 2)]
[Softmax(Axis = -2)]
[Reshape(6, 4)]
[Dense(3)]
[Softmax(Axis = 1)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionSoftmaxAxisModel { }

/// <summary>PReLU per channel (shared height and width) on an image and per element on a vector.</summary>
[Sequential(4, 4, 2)]
[Conv2D(3, 2)]
[PReLU(SharedAxes = new[] { 1, 2 }, AlphaInitializer = "constant(0.25)")]
[Conv2D(2, 2)]
[PReLU(SharedAxes = new[] { 3 }, AlphaInitializer = "random_uniform(minval=-0.5, maxval=0.5)")]
[Flatten]
[Dense(5)]
[PReLU]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionPReLUModel { }

/// <summary>Rescaling first (as in keras.io's image examples) and between layers, then padding and cropping.</summary>
[Sequential(5, 4, 2)]
[Rescaling(1.0 / 2, Offset = -0.25)]
[Conv2D(3, 2)]
[ZeroPadding2D(1, 2, 0, 1)]
[Cropping2D(2, 0, 1, 1)]
[Rescaling(1.5)]
[ZeroPadding2D]
[Conv2D(2, 2)]
[Cropping2D(1, 0)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionPaddingModel { }

/// <summary>Nearest (non-square) and bilinear upsampling between convolutions.</summary>
[Sequential(4, 3, 2)]
[Conv2D(3, 2)]
[UpSampling2D(2, 3)]
[Conv2D(2, 3)]
[UpSampling2D(Interpolation = "bilinear")]
[Conv2D(2, 3, Strides = 2)]
[UpSampling2D(3, Interpolation = "bilinear")]
[Conv2D(2, 3, Strides = 3)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionUpSamplingModel { }

/// <summary>Every vision layer kind in one Functional graph (with NCHW-side neighbours for the ONNX layouts).</summary>
[Functional(6, 6, 1)]
[Rescaling(2, Offset = -1)]
[ZeroPadding2D(1)]
[Conv2D(4, 3, Activation = Act.Relu, Name = "conv")]
[MaxPooling2D(2)]
[UpSampling2D(2, Name = "up")]
[Cropping2D(0, 1, 1, 0)]
[PReLU(SharedAxes = new[] { 1, 2 }, Name = "prelu")]
[UpSampling2D(Interpolation = "bilinear", From = "conv", Name = "bilinear")]
[Cropping2D(2, Name = "crop")]
[Conv2D(4, 3, Strides = 3)]
[ELU]
[Conv2D(4, 1, From = "prelu")]
[LeakyReLU]
[Softmax(Axis = 3)]
[Softmax(Axis = 1, Name = "rows")]
[Conv2D(4, 2, Strides = 2)]
[Add("elu", "conv2d_2")]
[ReLU(MaxValue = 2)]
[Flatten]
[Dense(3)]
[Softmax]
public partial class VisionGraphModel { }

/// <summary>
/// <see cref="VisionGraphModel"/> with smooth functions where it has relu kinks and max-pool switches (tanh conv, average
/// pooling, ELU for the capped relu), so central differences resolve every gradient through the graph.
/// </summary>
[Functional(6, 6, 1)]
[Rescaling(2, Offset = -1)]
[ZeroPadding2D(1)]
[Conv2D(4, 3, Activation = Act.Tanh, Name = "conv")]
[AveragePooling2D(2)]
[UpSampling2D(2, Name = "up")]
[Cropping2D(0, 1, 1, 0)]
[PReLU(SharedAxes = new[] { 1, 2 }, Name = "prelu")]
[UpSampling2D(Interpolation = "bilinear", From = "conv", Name = "bilinear")]
[Cropping2D(2, Name = "crop")]
[Conv2D(4, 3, Strides = 3)]
[ELU]
[Conv2D(4, 1, From = "prelu")]
[LeakyReLU]
[Softmax(Axis = 3)]
[Softmax(Axis = 1, Name = "rows")]
[Conv2D(4, 2, Strides = 2)]
[Add("elu", "conv2d_2")]
[ELU]
[Flatten]
[Dense(3)]
[Softmax]
public partial class VisionSmoothGraphModel { }

/// <summary>The training-only layers: whole channels dropped, then Gaussian noise.</summary>
[Sequential(5, 5, 2)]
[Conv2D(4, 2)]
[SpatialDropout2D(0.3)]
[GaussianNoise(0.2)]
[Conv2D(3, 2)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionNoiseModel { }

/// <summary>
/// <see cref="VisionNoiseModel"/> with rate 0 and stddev 0: training and inference agree, so central differences of the
/// evaluation loss check the gradient the training step back-propagates through both layers.
/// </summary>
[Sequential(5, 5, 2)]
[Conv2D(4, 2)]
[SpatialDropout2D(0)]
[GaussianNoise(0)]
[Conv2D(3, 2)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionNoiseFreeModel { }

/// <summary>Noise on the model output itself (inference copies the input into the output region).</summary>
[Sequential(4)]
[GaussianNoise(1)]
public partial class VisionNoiseOutputModel { }

/// <summary>
/// DepthwiseConv2D: multiplier 1 with "same" padding and a smooth activation (the vectorised path), then multiplier 2 with
/// a 2×3 kernel and stride 2 (the scalar path), then dilation without a bias.
/// </summary>
[Sequential(7, 8, 3)]
[DepthwiseConv2D(3, Padding = "same", Activation = Act.Tanh)]
[DepthwiseConv2D(2, 3, DepthMultiplier = 2, Strides = 2)]
[DepthwiseConv2D(2, DilationRate = 2, UseBias = false, Padding = "same")]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionDepthwiseModel { }

/// <summary>
/// Convolution → BatchNormalization (→ relu/relu6) chains that inference folds into one call (BatchNormFolding): a padded
/// Conv2D with a bias and ReLU(6) (im2col), a valid DepthwiseConv2D with a bias and relu, a depthwise multiplier 2 without
/// scale, one without an activation after the normalization (a direct Conv2D), a 1×1 Conv2D with relu6 (the product);
/// the last normalization's output read by two layers (folded without the relu6 after it).
/// </summary>
[Functional(9, 9, 3)]
[Conv2D(8, 3, Padding = "same")]
[BatchNormalization]
[ReLU(MaxValue = 6)]
[DepthwiseConv2D(3)]
[BatchNormalization(Center = false)]
[Activation(Act.Relu)]
[DepthwiseConv2D(3, DepthMultiplier = 2, Padding = "same", UseBias = false)]
[BatchNormalization(Scale = false, Epsilon = 0.01)]
[ReLU]
[Conv2D(8, 3)]
[BatchNormalization]
[Conv2D(4, 1, UseBias = false)]
[BatchNormalization(Name = "shared_bn")]
[Activation(Act.Relu6)]
[Add("shared_bn", "activation_1")]
[GlobalAveragePooling2D]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionFoldedModel { }
