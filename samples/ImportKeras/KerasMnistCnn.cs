using GenNet;

namespace Tutorials.ImportKeras;

#if GENNET_SHARED_KERAS
/// <summary>
/// The CNN Keras 3.13 saved as <c>mnist_cnn_legacy.h5</c>, compiled at build time: layers, weights and the first
/// convolution's <c>L2(0.001)</c> come from the file (its AdditionalFiles item in ImportKeras.csproj).
/// </summary>
[KerasModel("mnist_cnn_legacy.h5")]
public partial class KerasMnistCnn { }
#endif

/// <summary>
/// The declaration the imported class's remarks show (<c>KerasMnistCnn.Import.g.cs</c>), written by hand: what a user
/// switches to in order to edit the model, with the weights taken from the file at run time by <c>LoadKeras</c>.
/// </summary>
[Sequential(28, 28, 1)]
[Conv2D(32, 3, Activation = Act.Relu, KernelRegularizer = "L2(l2=0.001)")]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation = Act.Relu)]
[Dropout(0.4)]
[Dense(10, Activation = Act.Softmax)]
public partial class HandMnistCnn { }
