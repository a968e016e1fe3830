namespace GenNet;

/// <summary>
/// Keras <c>GaussianNoise(stddev)</c>: in training adds zero-mean normal noise of standard deviation <c>stddev</c> to every
/// value (a regulariser); the identity in inference.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GaussianNoiseAttribute : LayerAttribute
{
    /// <summary>A noise layer with standard deviation <paramref name="stddev"/> (at least 0).</summary>
    public GaussianNoiseAttribute(double stddev) => Stddev = stddev;

    /// <summary>Standard deviation of the noise added in training.</summary>
    public double Stddev { get; }

    /// <summary>Layer name; Keras' default is <c>gaussian_noise</c>, <c>gaussian_noise_1</c>, ….</summary>
    public string? Name { get; set; }
}
