using GenNet.Tests.Support;

namespace GenNet.Tests.Training;

/// <summary>The summary text must be Keras' own, character for character (KERAS-SEMANTICS.md §8).</summary>
public class SummaryTests
{
    [Fact]
    public void Summary_FixtureCnnWithBatchNormalization_MatchesKerasText()
    {
        var model = new InfoOnlyModel(InfoOnlyModel.Describe(
            ("conv2d", "Conv2D", [26, 26, 16], 160, 160),
            ("max_pooling2d", "MaxPooling2D", [13, 13, 16], 0, 0),
            ("conv2d_1", "Conv2D", [11, 11, 32], 4640, 4640),
            ("max_pooling2d_1", "MaxPooling2D", [5, 5, 32], 0, 0),
            ("flatten", "Flatten", [800], 0, 0),
            ("dense", "Dense", [64], 51264, 51264),
            ("batch_normalization", "BatchNormalization", [64], 256, 128),
            ("dropout", "Dropout", [64], 0, 0),
            ("dense_1", "Dense", [10], 650, 650)));
        Assert.Equal(KerasCnnWithBatchNormalization.ReplaceLineEndings("\n"), model.SummaryText());
    }

    [Fact]
    public void Summary_GeneratedCnnWithBatchNormalization_MatchesKerasText() =>
        Assert.Equal(KerasCnnWithBatchNormalization.ReplaceLineEndings("\n"), new GenNet.Tests.Models.SummaryCnnModel().SummaryText());

    private const string KerasCnnWithBatchNormalization = """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ conv2d (Conv2D)                 │ (None, 26, 26, 16)     │           160 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ max_pooling2d (MaxPooling2D)    │ (None, 13, 13, 16)     │             0 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ conv2d_1 (Conv2D)               │ (None, 11, 11, 32)     │         4,640 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ max_pooling2d_1 (MaxPooling2D)  │ (None, 5, 5, 32)       │             0 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ flatten (Flatten)               │ (None, 800)            │             0 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense (Dense)                   │ (None, 64)             │        51,264 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ batch_normalization             │ (None, 64)             │           256 │
            │ (BatchNormalization)            │                        │               │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dropout (Dropout)               │ (None, 64)             │             0 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_1 (Dense)                 │ (None, 10)             │           650 │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 56,970 (222.54 KB)
             Trainable params: 56,842 (222.04 KB)
             Non-trainable params: 128 (512.00 B)

            """;

    [Fact]
    public void Summary_AfterTrainingWithAdam_AddsOptimizerParams()
    {
        var model = new InfoOnlyModel(InfoOnlyModel.Describe(
            ("dense", "Dense", [100], 78500, 78500),
            ("dense_1", "Dense", [50], 5050, 5050),
            ("dense_2", "Dense", [10], 510, 510)));
        var adam = new Adam();
        model.Compile(Loss.CategoricalCrossentropy, adam, Metric.Accuracy);
        Assert.EndsWith(" Non-trainable params: 0 (0.00 B)\n", model.SummaryText()); // not built before training
        adam.Apply(model.Parameters, new float[model.Parameters.Length]);

        string text = model.SummaryText();

        Assert.EndsWith("""
             Total params: 252,182 (985.09 KB)
             Trainable params: 84,060 (328.36 KB)
             Non-trainable params: 0 (0.00 B)
             Optimizer params: 168,122 (656.73 KB)

            """.ReplaceLineEndings("\n"), text);
        Assert.Contains("│ dense_1 (Dense)                 │ (None, 50)             │         5,050 │", text);
    }
}
