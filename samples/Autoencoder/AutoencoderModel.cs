using GenNet;

namespace Tutorials.Autoencoder;

/// <summary>
/// keras.io's convolutional autoencoder: the encoder halves 28×28 twice (Conv2D 32 + MaxPooling2D "same"), the decoder
/// doubles it back twice with strided transposed convolutions, and a sigmoid Conv2D gives one value per pixel in [0, 1].
/// 28,353 parameters, as Keras counts them.
/// </summary>
[Sequential(28, 28, 1)]
[Conv2D(32, 3, Activation = Act.Relu, Padding = "same")]
[MaxPooling2D(2, Padding = "same")]
[Conv2D(32, 3, Activation = Act.Relu, Padding = "same")]
[MaxPooling2D(2, Padding = "same")]
[Conv2DTranspose(32, 3, Strides = 2, Activation = Act.Relu, Padding = "same")]
[Conv2DTranspose(32, 3, Strides = 2, Activation = Act.Relu, Padding = "same")]
[Conv2D(1, 3, Activation = Act.Sigmoid, Padding = "same")]
public partial class AutoencoderModel { }
