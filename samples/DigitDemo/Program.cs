// The handwritten-digit demo page: draw a digit, see the ten probabilities of a GenNet CNN trained on MNIST digits.
// Usage: DigitDemo [--train] [--weights PATH] [--epochs N] [--seed N] [--urls http://127.0.0.1:PORT]
// Needs the MNIST digits (scripts/install-data.sh) the first time, to train; afterwards only the weight file.
using Tutorials.DigitDemo;

DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.Train)
{
    DigitClassifier.Train(options.Weights, options.Epochs, options.Seed, Console.Out);
    return 0;
}

var classifier = DigitClassifier.LoadOrTrain(options.Weights, options.Epochs, options.Seed, Console.Out);
var app = DemoApp.Create(classifier, options.HostArgs);
await app.StartAsync();
// The last line is the address (tests read it; with --urls http://127.0.0.1:0 the port is the one the OS chose).
Console.WriteLine($"DigitDemo: listening on {DemoApp.Address(app)}");
await app.WaitForShutdownAsync();
return 0;
