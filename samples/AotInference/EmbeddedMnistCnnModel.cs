#if EMBEDDED_WEIGHTS
// Built with -p:EmbeddedWeights=PATH: the trained weights become part of the binary. The generator checks the file
// against the declaration in samples/MnistModels at build time and adds MnistCnnModel.CreateTrained().
using GenNet;

namespace Tutorials.Mnist;

[EmbeddedWeights("mnist_cnn.safetensors")]
public partial class MnistCnnModel { }
#endif
