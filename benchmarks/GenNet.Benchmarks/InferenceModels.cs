namespace GenNet.Benchmarks;

// The inference workloads, built by the generator as a user's project builds them. The CNN is the samples' own
// declaration (samples/MnistModels), so the benchmark measures exactly the tutorial's network.

/// <summary>The seed MLP, as samples/MnistMlp/MnistMlpSample.cs declares it: 784-100-50-10.</summary>
[Sequential(784)]
[Dense(100, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(50, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(10, Activation = Act.Softmax, KernelInitializer = "random_uniform(-0.1, 0.1)")]
public partial class BenchMlp { }

/// <summary>Logistic regression 3 → 1 (samples/LogisticRegression).</summary>
[Sequential(3)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class BenchLogisticRegression { }

/// <summary>The seed MNIST CNN as PyTorch exports it (benchmarks/reference/onnx_import_models.py), compiled in by [OnnxModel].</summary>
[OnnxModel("mnist_cnn_torch.onnx")]
public partial class BenchTorchCnn { }

/// <summary>
/// A PyTorch CNN exported with its three BatchNormalization nodes kept (tests/onnx/bn_kept_torch.onnx: Conv → BN → ReLU,
/// Conv → BN → ReLU6, Conv → BN), compiled in by [OnnxModel]: workload "torch-bn", whose unfolded twin shows what the
/// generator's folding of the imported chains is worth.
/// </summary>
[OnnxModel("bn_kept_torch.onnx")]
public partial class BenchTorchBnKept { }

/// <summary>
/// The declaration BenchTorchCnn's remarks show, written by hand (workload "torch-cnn-hand", given the imported weights):
/// timed beside the import, it tells whether importing costs anything over declaring.
/// </summary>
[Sequential(28, 28, 1)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(10, Activation = Act.Softmax)]
public partial class BenchTorchCnnHand { }
