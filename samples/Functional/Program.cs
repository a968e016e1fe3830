// Keras' Functional API: a convolutional branch and a dense branch read the same Fashion-MNIST image, and their
// features are concatenated before the classifier. With --multi: two inputs (an image and its mirror image) through one
// shared encoder, and two outputs (the class, and whether it is footwear). Usage: Functional [--multi] [--epochs N]
using Tutorials.Functional;

bool multi = args.Contains("--multi");
string[] rest = args.Where(a => a != "--multi").ToArray();
int epochs = rest.Length == 2 && rest[0] == "--epochs" && int.TryParse(rest[1], out int n) && n > 0 ? n : 2;
if (multi) MultiOutputSample.Run(Console.Out, epochs);
else FunctionalSample.Run(Console.Out, epochs);
