// Keras' Functional API: a convolutional branch and a dense branch read the same Fashion-MNIST image, and their
// features are concatenated before the classifier. Usage: Functional [--epochs N]
using Tutorials.Functional;

int epochs = args.Length == 2 && args[0] == "--epochs" && int.TryParse(args[1], out int n) && n > 0 ? n : 2;
FunctionalSample.Run(Console.Out, epochs);
