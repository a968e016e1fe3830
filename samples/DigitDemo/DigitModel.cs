using GenNet;

namespace Tutorials.DigitDemo;

/// <summary>
/// A small CNN for hand-drawn digits: two 3×3 convolutions with pooling see strokes as strokes, so a drawing that is
/// a little thicker, thinner or shifted than MNIST's still lands on the right class.
/// </summary>
[Sequential(28, 28, 1)]
[Conv2D(16, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dense(10, Activation = Act.Softmax)]
public partial class DigitModel { }
