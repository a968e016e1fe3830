// The logistic-regression tutorial: learn "is the majority of three bits set?" with one sigmoid unit.
using Tutorials.LogisticRegression;

LogisticRegressionSample.Run(Console.Out);
