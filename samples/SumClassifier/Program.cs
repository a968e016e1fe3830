// The small-classifier tutorial: is the sum of five random numbers above 2.5? Twice: softmax/cross-entropy with
// rmsprop, then tanh/hinge with adam, scored on fresh samples.
using Tutorials.SumClassifier;

SumClassifierSample.Run(Console.Out);
