using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSharpReference;

/// <summary>
/// GenNet's two benchmark networks in TorchSharp, initialized as benchmarks/reference/mlp_torch.py and cnn_torch.py do.
/// They end at the logits (cross-entropy on logits is how PyTorch trains a softmax classifier); inference appends the
/// softmax, since GenNet's Predict returns probabilities.
/// </summary>
internal static class Models
{
    /// <summary>The seed MLP (samples/MnistMlp, BenchMlp): 784-100-50-10, relu, relu; uniform(-0.1, 0.1) kernels, zero biases.</summary>
    public static Sequential Mlp()
    {
        var model = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 10));
        foreach (var layer in model.children().OfType<Linear>())
        {
            using (no_grad())
            {
                nn.init.uniform_(layer.weight, -0.1, 0.1);
                nn.init.zeros_(layer.bias);
            }
        }
        return model;
    }

    /// <summary>
    /// The samples' CNN (samples/MnistModels/MnistCnnModel.cs) in NCHW: Conv2D(16, 3) relu, MaxPool 2, Conv2D(32, 3) relu,
    /// MaxPool 2, Flatten, Dense(64) relu, Dropout(0.2), Dense(10); Glorot-uniform kernels, zero biases (Keras' defaults).
    /// Takes (batch, 1, 28, 28) images.
    /// </summary>
    public static Sequential Cnn()
    {
        var model = nn.Sequential(
            nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(800, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10));
        using (no_grad())
        {
            foreach (var layer in model.children())
            {
                if (layer is Linear linear) { nn.init.xavier_uniform_(linear.weight); nn.init.zeros_(linear.bias); }
                if (layer is Conv2d conv) { nn.init.xavier_uniform_(conv.weight); nn.init.zeros_(conv.bias); }
            }
        }
        return model;
    }

    /// <summary>
    /// The CNN with its activations in channels-last layout from the first convolution's output on (the layout GenNet
    /// computes in): LibTorch's max pooling over NCHW is a slow loop, over channels-last a vectorized one. Same
    /// weights and arithmetic; the first convolution has one input channel, so its own input has no other layout.
    /// </summary>
    public static Sequential CnnChannelsLast()
    {
        var cnn = Cnn();
        var layers = cnn.children().Cast<nn.Module<Tensor, Tensor>>().ToList();
        layers.Insert(1, new ChannelsLast());
        return nn.Sequential(layers.ToArray());
    }

    public static Sequential Create(string name) => name switch
    {
        "mlp" => Mlp(),
        "cnn" => Cnn(),
        "cnn-cl" => CnnChannelsLast(),
        _ => throw new ArgumentException("Unknown model " + name + "; expected mlp, cnn or cnn-cl.", nameof(name)),
    };

    /// <summary>Copies an NCHW tensor into channels-last memory (same shape, NHWC strides); LibTorch's later layers keep that layout.</summary>
    private sealed class ChannelsLast() : nn.Module<Tensor, Tensor>("channels_last")
    {
        public override Tensor forward(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
    }
}
