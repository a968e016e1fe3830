// Classifies Fashion-MNIST test images with the weights samples/MnistCnn saved, built for NativeAOT (see
// docs/DEPLOYMENT.md). Reports start-up time to the first prediction, batch-1 latency and accuracy.
// Without --weights it uses the compiled-in weights of a -p:EmbeddedWeights=PATH build, else mnist_cnn.safetensors.
// Usage:
//   AotInference [--weights PATH] [--count N] [--warmup N] [--runs N] [--dump PATH] [--launched-at-ns UNIX_NS]
//                [--imported | --keras]
//   AotInference --compare A.bin B.bin [--tolerance 1e-5]
// --imported runs a PyTorch ONNX export compiled in by [OnnxModel]; --keras the Keras MNIST digit CNN read by LoadKeras
// (and checked against its [KerasModel] import) on the MNIST digits.
// --dump writes every prediction's probabilities (float32, little-endian, count × 10) so two builds can be compared;
// --launched-at-ns is the launcher's clock (`date +%s%N`) just before exec, to include the runtime's own start-up.
using Tutorials.AotInference;

return AotInferenceProgram.Execute(args, Console.Out);
