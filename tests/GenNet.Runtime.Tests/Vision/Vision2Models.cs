namespace GenNet.Tests.Vision;

/// <summary>
/// Conv2DTranspose in every geometry the output-size rule has: a kernel smaller than the stride (bias-only rows and
/// columns past the full result) as the first layer, "same" with OutputPadding = 0 (cropped on both sides), and an even
/// kernel at stride 1 with "same" (the odd column cropped at the end), without a bias.
/// </summary>
[Sequential(3, 4, 2)]
[Conv2DTranspose(2, 1, 2, Strides = 3)]
[Conv2D(3, 3, Strides = 2)]
[Conv2DTranspose(3, 3, Strides = 2, Padding = "same", OutputPadding = 0, Activation = Act.Tanh)]
[Conv2DTranspose(2, 2, Padding = "same", UseBias = false)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionTransposeModel { }

/// <summary>
/// The autoencoder's decoder shape: a relu Conv2DTranspose read by a pool (the relu-into-pool rewrite), valid with an
/// output padding (its last row and column are bias only, so the bias starts at ones: zeros would sit on relu's kink).
/// </summary>
[Sequential(4, 4, 2)]
[Conv2DTranspose(3, 3, Strides = 2, Padding = "valid", OutputPadding = 1, Activation = Act.Relu, BiasInitializer = "ones")]
[MaxPooling2D(2)]
[Conv2DTranspose(2, 3, Strides = 2, Padding = "same", Activation = Act.Sigmoid)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionTransposeReluModel { }

/// <summary>
/// The autoencoder's decoder at vector-wide filter counts: relu Conv2DTranspose layers read by another convolution (not a
/// pool), so their forward runs one convolution per stride class and inference applies the relu as it stores (training
/// keeps z), and a one-filter sigmoid Conv2D over 8 channels (a dot per pixel). Biases start at ones, away from relu's
/// kink, for the central differences.
/// </summary>
[Sequential(3, 4, 8)]
[Conv2DTranspose(16, 3, Strides = 2, Padding = "same", Activation = Act.Relu, BiasInitializer = "ones")]
[Conv2DTranspose(8, 3, Strides = 2, Padding = "same", Activation = Act.Relu, BiasInitializer = "ones")]
[Conv2D(1, 3, Padding = "same", Activation = Act.Sigmoid)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionSubPixelDecoderModel { }

/// <summary>
/// SeparableConv2D: multiplier 1, "same", a smooth activation (the depthwise kernel's vectorised path) as the first layer;
/// then multiplier 2 with a 2×3 kernel and stride 2; then dilation without a bias.
/// </summary>
[Sequential(7, 8, 3)]
[SeparableConv2D(4, 3, Padding = "same", Activation = Act.Tanh)]
[SeparableConv2D(5, 2, 3, DepthMultiplier = 2, Strides = 2)]
[SeparableConv2D(3, 2, DilationRate = 2, UseBias = false, Padding = "same")]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionSeparableModel { }

/// <summary>SeparableConv2D equal, weight for weight, to a DepthwiseConv2D without bias followed by a 1×1 Conv2D.</summary>
[Sequential(6, 5, 3)]
[SeparableConv2D(4, 3, DepthMultiplier = 2, Strides = 2, Padding = "same", Activation = Act.Relu)]
public partial class VisionSeparableOnlyModel { }

/// <summary>The two-layer reference of <see cref="VisionSeparableOnlyModel"/>.</summary>
[Sequential(6, 5, 3)]
[DepthwiseConv2D(3, DepthMultiplier = 2, Strides = 2, Padding = "same", UseBias = false)]
[Conv2D(4, 1, Activation = Act.Relu)]
public partial class VisionSeparableReferenceModel { }

/// <summary>
/// Conv2D(Groups): two groups with "same" padding and a smooth activation, then three groups strided and dilated without a
/// bias (6 channels in, 6 filters: two per group).
/// </summary>
[Sequential(6, 7, 4)]
[Conv2D(6, 3, Groups = 2, Padding = "same", Activation = Act.Tanh)]
[Conv2D(6, 2, 3, Groups = 3, Strides = 2)]
[Conv2D(3, 2, Groups = 3, DilationRate = 2, UseBias = false, Padding = "same")]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionGroupedModel { }

/// <summary>Per-axis strides (height, width) on Conv2D, DepthwiseConv2D, SeparableConv2D and Conv2DTranspose.</summary>
[Sequential(9, 8, 2)]
[Conv2D(4, 3, Strides = new[] { 2, 1 }, Padding = "same", Activation = Act.Tanh)]
[DepthwiseConv2D(2, Strides = new[] { 1, 2 })]
[SeparableConv2D(3, 2, Strides = new[] { 2, 1 }, Padding = "same")]
[Conv2DTranspose(2, 3, Strides = new[] { 1, 2 }, Padding = "same", Activation = Act.Tanh)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionAxisStridesModel { }

/// <summary>Per-axis strides on the pooling layers: MaxPooling2D (1, 2) valid, AveragePooling2D (2, 1) "same".</summary>
[Sequential(8, 9, 2)]
[Conv2D(3, 2, Activation = Act.Tanh)]
[MaxPooling2D(2, Strides = new[] { 1, 2 })]
[AveragePooling2D(3, 2, Strides = new[] { 2, 1 }, Padding = "same")]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionAxisPoolingModel { }

/// <summary>
/// The gradient check's version of <see cref="VisionAxisPoolingModel"/>: its overlapping max windows have near-ties that
/// a central difference steps across, so here both pools average (valid (1, 2), then "same" (2, 1)).
/// </summary>
[Sequential(8, 9, 2)]
[Conv2D(3, 2, Activation = Act.Tanh)]
[AveragePooling2D(2, Strides = new[] { 1, 2 })]
[AveragePooling2D(3, 2, Strides = new[] { 2, 1 }, Padding = "same")]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionAxisAveragePoolingModel { }

/// <summary>
/// Dilation per axis (height, width) on Conv2D, DepthwiseConv2D and SeparableConv2D; dilated Conv2DTranspose with strides
/// and an output padding per axis, then one dilated on both axes at stride 1.
/// </summary>
[Sequential(10, 9, 2)]
[Conv2D(3, 3, DilationRate = new[] { 2, 1 }, Padding = "same", Activation = Act.Tanh)]
[DepthwiseConv2D(2, DilationRate = new[] { 1, 2 })]
[SeparableConv2D(3, 2, DilationRate = new[] { 2, 1 }, Padding = "same")]
[Conv2DTranspose(2, 3, Strides = 2, DilationRate = new[] { 2, 1 }, OutputPadding = new[] { 1, 0 }, Activation = Act.Tanh)]
[Conv2DTranspose(2, 2, DilationRate = 2, Padding = "same")]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class VisionAxisDilationModel { }
