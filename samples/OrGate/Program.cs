// The OR-gate tutorial: a single unit followed by a separate sigmoid Activation layer.
using GenNet.Samples.OrGate;

OrGateSample.Run(Console.Out);
