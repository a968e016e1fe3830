// The OR-gate tutorial: a single unit followed by a separate sigmoid Activation layer.
using Tutorials.OrGate;

OrGateSample.Run(Console.Out);
