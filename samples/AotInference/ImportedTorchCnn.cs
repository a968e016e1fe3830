// The MNIST CNN's architecture as PyTorch exports it (tests/onnx/mnist_cnn_torch.onnx, written by
// benchmarks/reference/onnx_import_models.py), compiled into this program by [OnnxModel]: run with --imported, it shows
// an imported model's code and compiled-in weights publish for NativeAOT like a declared one (scripts/aot-check.sh).
using GenNet;

namespace Tutorials.AotInference;

[OnnxModel("mnist_cnn_torch.onnx")]
public partial class ImportedTorchCnn { }
