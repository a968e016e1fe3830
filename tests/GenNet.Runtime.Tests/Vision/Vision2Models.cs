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
