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
