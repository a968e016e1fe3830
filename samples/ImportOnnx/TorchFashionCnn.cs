using GenNet;

namespace Tutorials.ImportOnnx;

/// <summary>
/// PyTorch's Fashion-MNIST CNN (Conv 3×3 padding 1 + BatchNorm + ReLU + MaxPool, twice; Linear(1568, 64), ReLU, Dropout,
/// Linear(64, 10), Softmax), compiled at build time from <c>fashion_cnn_torch.onnx</c> with its trained weights. The
/// generated <c>TorchFashionCnn.Import.g.cs</c> shows the equivalent GenNet declaration.
/// </summary>
[OnnxModel("fashion_cnn_torch.onnx")]
public partial class TorchFashionCnn { }
