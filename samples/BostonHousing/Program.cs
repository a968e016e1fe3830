// The Keras regression tutorial (Deep Learning with Python, ch. 3): Boston house prices, Dense(64, relu) x2 -> Dense(1),
// RMSprop, mse loss, mae metric, 4-fold cross-validation. Usage: BostonHousing [--epochs N] [--seed N] [--plot PATH]
using Tutorials.BostonHousing;

var options = BostonHousingSample.Options.Parse(args);
BostonHousingSample.Run(Console.Out, options);
