using GenNet.Quantization;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Post-training quantization: an int8 inference model of this one's current weights. Weights become int8, symmetric
    /// per output channel; activations uint8 with a scale and zero point per tensor from the min/max seen when
    /// <paramref name="calibration"/> (<c>samples × InputSize</c>, a few hundred representative inputs) runs through the
    /// float model; sums are int32. Supports Dense, Conv2D, MaxPooling2D, Flatten, Dropout and relu/linear activations
    /// (softmax or sigmoid on the last layer); any other layer is a <see cref="NotSupportedException"/> naming it.
    /// A sequence model (Embedding, Conv1D, SimpleRNN, LSTM, GRU, Bidirectional, with Dense, Flatten, Dropout) is quantized
    /// weight-only: int8 kernels per output channel (an Embedding table per row) decoded for the runtime's fp32 kernels,
    /// fp32 activations; its <paramref name="calibration"/> rows are only checked (docs/QUANTIZATION.md, "Sequence models").
    /// </summary>
    /// <remarks>The quantized model copies what it needs: later changes to this model's weights do not reach it.</remarks>
    public QuantizedModel Quantize(ReadOnlySpan<float> calibration)
    {
        if (SequencePlan.Applies(Info))
        {
            // Weight-only int8 (docs/QUANTIZATION.md, "Sequence models"): the activations stay fp32, so nothing is calibrated.
            CountRows(calibration, Info.InputSize, nameof(calibration));
            return new QuantizedModel(new SequenceRunner(Info, SequencePlan.Read(this, nameof(Quantize), WeightCoding.Int8Columns), WeightCoding.Int8Columns), this, Threads);
        }
        List<PlanLayer> plan = InferencePlan.Read(this, nameof(Quantize));
        var (input, outputs) = Calibration.Run(plan, calibration, Info.InputSize);
        var inputQuantization = input.Quantization();
        var layers = new QuantizedLayer[plan.Count];
        var current = inputQuantization;
        for (int i = 0; i < plan.Count; i++)
        {
            bool last = i == plan.Count - 1;
            // Pooling keeps its input's scale (the max of bytes); other steps get their output's calibrated scale.
            var output = plan[i].Kind == PlanKind.MaxPool ? current : outputs[i].Quantization();
            layers[i] = QuantizedLayer.Create(plan[i], current, output, last);
            current = output;
        }
        return new QuantizedModel(Info, inputQuantization.Scale, inputQuantization.ZeroPoint, layers, Threads);
    }

    /// <summary>The same as <see cref="Quantize(ReadOnlySpan{float})"/> on the rows of <paramref name="calibration"/>.</summary>
    public QuantizedModel Quantize(Samples calibration) => Quantize(calibration.Data);
}

public abstract partial class Model
{
    /// <summary>
    /// This model with its Dense and Conv2D weights stored in 16 bits (float16 by default, or bfloat16) and fp32
    /// arithmetic: half the weight bytes, no calibration. Supports the layers <see cref="Quantize(ReadOnlySpan{float})"/>
    /// supports (sequence models too: every kernel and Embedding table in 16 bits); others are a
    /// <see cref="NotSupportedException"/> naming the layer.
    /// </summary>
    public HalfWeightsModel ToHalfWeights(HalfFormat format = HalfFormat.Float16)
    {
        if (!SequencePlan.Applies(Info)) return new(Info, InferencePlan.Read(this, nameof(ToHalfWeights)), format, Threads);
        WeightCoding coding = format == HalfFormat.BFloat16 ? WeightCoding.BFloat16 : WeightCoding.Float16;
        return new(new SequenceRunner(Info, SequencePlan.Read(this, nameof(ToHalfWeights), coding), coding), this, format, Threads);
    }
}
