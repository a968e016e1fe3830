// The from-scratch MNIST MLP tutorial as a GenNet model: 784 -> 100 relu -> 50 relu -> 10 softmax, plain SGD.
// Usage: MnistMlp [--dataset fashion|digits] [--epochs N]
using Tutorials.MnistMlp;

var options = MnistMlpSample.Options.Parse(args);
MnistMlpSample.Run(Console.Out, options);
