// A Keras-trained MNIST CNN compiled into C# by [KerasModel]: check it against the same layers declared by hand and
// loaded with LoadKeras, classify the 10,000 MNIST digits, then fine-tune it on Fashion-MNIST with its convolutions
// frozen (transfer learning). Usage: ImportKeras [--epochs N] [--train N] [--keras PATH] [--seed N]
using Tutorials.ImportKeras;

if (!ImportKerasSample.IsAvailable)
{
    Console.Error.WriteLine(ImportKerasSample.MissingFileMessage);
    return 1;
}
ImportKerasSample.Run(Console.Out, ImportKerasSample.Options.Parse(args));
return 0;
