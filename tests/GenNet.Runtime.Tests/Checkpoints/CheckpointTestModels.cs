namespace GenNet.Tests.Checkpoints;

// Models for the checkpoint tests: BatchNormalization (moving statistics in State) and Dropout (per-step streams) in one,
// and a plain Dense/Dropout stack that trains in several chunks (the optimizer steps block by block).

[Sequential(6)]
[Dense(12, Activation = Act.Relu)]
[BatchNormalization]
[Dropout(0.25)]
[Dense(3, Activation = Act.Softmax)]
public partial class CheckpointBatchNormModel { }

[Sequential(6)]
[Dense(16, Activation = Act.Relu)]
[Dropout(0.3)]
[Dense(8, Activation = Act.Tanh)]
[Dense(3, Activation = Act.Softmax)]
public partial class CheckpointDropoutModel { }

/// <summary>Data and helpers shared by the checkpoint tests.</summary>
internal static class CheckpointData
{
    /// <summary>Three classes by the sum of six uniform inputs, one-hot labels.</summary>
    public static (float[] X, float[] Y) Classes(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[count * 6];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            float sum = 0;
            for (int j = 0; j < 6; j++) sum += x[i * 6 + j] = rng.NextSingle() * 2 - 1;
            labels[i] = sum < -0.6f ? 0 : sum < 0.6f ? 1 : 2;
        }
        return (x, Encoding.OneHot(labels, 3));
    }

    /// <summary>Every optimizer and the options that change its state, by a readable name.</summary>
    public static Optimizer Optimizer(string name) => name switch
    {
        "sgd" => new SGD(0.05f),
        "sgd_momentum" => new SGD(0.05f, momentum: 0.9f),
        "sgd_nesterov" => new SGD(0.05f, momentum: 0.9f, nesterov: true),
        "rmsprop" => new RMSprop(0.01f),
        "rmsprop_centered_momentum" => new RMSprop(0.01f, momentum: 0.5f, centered: true),
        "adam" => new Adam(0.01f),
        "adam_amsgrad" => new Adam(0.01f, amsgrad: true),
        "adamw" => new AdamW(0.01f),
        "adamax" => new Adamax(0.01f),
        "nadam" => new Nadam(0.01f),
        "adagrad" => new Adagrad(0.05f),
        "adadelta" => new Adadelta(1f),
        "adam_clipnorm" => new Adam(0.01f) { ClipNorm = 0.5f },
        // A schedule: the rate is a function of the restored iterations, not a stored number.
        "adam_exponential_decay" => new Adam(new ExponentialDecay(0.01, decaySteps: 2, decayRate: 0.5)),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> OptimizerNames() => new(
        "sgd", "sgd_momentum", "sgd_nesterov", "rmsprop", "rmsprop_centered_momentum", "adam", "adam_amsgrad", "adamw", "adamax",
        "nadam", "adagrad", "adadelta", "adam_clipnorm", "adam_exponential_decay");

    /// <summary>The bits of every float, so a comparison fails on the last bit (and on NaN payloads).</summary>
    public static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        return bits;
    }
}
