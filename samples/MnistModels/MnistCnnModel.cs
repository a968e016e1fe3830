using GenNet;

namespace Tutorials.Mnist;

/// <summary>The Keras MNIST tutorial's convolutional network, layer for layer.</summary>
[Sequential(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dropout(0.2)]
[Dense(10, Activation = Act.Softmax)]
public partial class MnistCnnModel { }
