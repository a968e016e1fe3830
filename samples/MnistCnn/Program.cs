// The Keras MNIST CNN tutorial: train, evaluate, predict a few images, save the weights.
// Usage: MnistCnn [--dataset fashion|digits] [--epochs N] [--weights PATH]
using Tutorials.MnistCnn;

MnistCnnSample.Run(Console.Out, MnistCnnSample.Options.Parse(args));
