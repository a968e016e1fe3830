using Xunit;

namespace GenNet.Tests.Optimizers;

/// <summary>One optimizer per code path (slot layouts, clipping, weight decay), by a readable name.</summary>
internal static class OptimizerVariants
{
    public static readonly string[] Names =
    [
        "sgd", "sgd_momentum", "sgd_nesterov", "sgd_clipnorm", "sgd_global_clipnorm", "sgd_clipvalue", "sgd_weight_decay",
        "rmsprop", "rmsprop_momentum", "rmsprop_centered", "rmsprop_centered_momentum",
        "adagrad", "adadelta", "adam", "adam_amsgrad", "adamw", "adamw_amsgrad", "adamax", "nadam",
    ];

    /// <summary>The variants without clipping, whose update is purely element-wise.</summary>
    public static IEnumerable<string> ElementWise => Names.Where(n => !n.Contains("clip", StringComparison.Ordinal));

    public static Optimizer Create(string name) => name switch
    {
        "sgd" => new SGD(),
        "sgd_momentum" => new SGD(momentum: 0.9f),
        "sgd_nesterov" => new SGD(momentum: 0.9f, nesterov: true),
        "sgd_clipnorm" => new SGD { ClipNorm = 0.5f },
        "sgd_global_clipnorm" => new SGD { GlobalClipNorm = 0.5f },
        "sgd_clipvalue" => new SGD { ClipValue = 0.1f },
        "sgd_weight_decay" => new SGD { WeightDecay = 0.01f },
        "rmsprop" => new RMSprop(),
        "rmsprop_momentum" => new RMSprop(momentum: 0.9f),
        "rmsprop_centered" => new RMSprop(centered: true),
        "rmsprop_centered_momentum" => new RMSprop(momentum: 0.5f, centered: true),
        "adagrad" => new Adagrad(),
        "adadelta" => new Adadelta(learningRate: 1f),
        "adam" => new Adam(),
        "adam_amsgrad" => new Adam(amsgrad: true),
        "adamw" => new AdamW(),
        "adamw_amsgrad" => new AdamW(amsgrad: true),
        "adamax" => new Adamax(),
        "nadam" => new Nadam(),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    public static TheoryData<string> All() => new(Names);

    /// <summary>Reproducible values in [−1, 1).</summary>
    public static float[] Values(int length, int seed)
    {
        var rng = new Rng((ulong)seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = rng.NextSingle() * 2f - 1f;
        return values;
    }
}
