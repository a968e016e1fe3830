// The small-classifier tutorial: is the sum of five random numbers above 2.5? Twice: softmax/cross-entropy with
// rmsprop, then tanh/hinge with adam, scored on fresh samples.
using GenNet.Samples.SumClassifier;

SumClassifierSample.Run(Console.Out);
