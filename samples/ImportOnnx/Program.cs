// A CNN trained in PyTorch on Fashion-MNIST and exported with torch.onnx.export, compiled into C# by [OnnxModel]: its
// outputs against ONNX Runtime on the same file, its test accuracy against the one torch recorded, then fine-tuned with
// Fit, its convolutions frozen. Usage: ImportOnnx [--epochs N] [--train N] [--seed N]
using Tutorials.ImportOnnx;

ImportOnnxSample.Run(Console.Out, ImportOnnxSample.Options.Parse(args));
