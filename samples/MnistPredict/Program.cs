// Reuses the weights MnistCnn saved: loads them into the same model type and classifies test images
// without retraining. Usage: MnistPredict [--dataset fashion|digits] [--weights PATH]
using Tutorials.MnistPredict;

MnistPredictSample.Run(Console.Out, args.Length >= 2 && args[0] == "--dataset" ? args[1] : "fashion",
    Array.IndexOf(args, "--weights") is int w and >= 0 && w + 1 < args.Length ? args[w + 1] : "mnist_cnn.safetensors");
