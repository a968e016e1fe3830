// A small depthwise-separable (MobileNet-style) classifier on Fashion-MNIST: train, print the test accuracy and the
// parameter count beside the seed CNN's, export ONNX.
// Usage: MobileNetFashion [--epochs N] [--train N] [--seed N] [--onnx PATH] [--compare true|false]
using Tutorials.MobileNetFashion;

MobileNetSample.Run(Console.Out, MobileNetSample.Options.Parse(args));
