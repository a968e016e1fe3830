// keras.io's convolutional autoencoder ("Convolutional autoencoder for image denoising", its first model) on
// Fashion-MNIST: train, print the test reconstruction loss, write originals over reconstructions as a PNG.
// Usage: Autoencoder [--epochs N] [--train N] [--image PATH] [--seed N]
using Tutorials.Autoencoder;

AutoencoderSample.Run(Console.Out, AutoencoderSample.Options.Parse(args));
