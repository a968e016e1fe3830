using GenNet.Kernels;

namespace GenNet.Quantization;

/// <summary>
/// What one step of a <see cref="SequenceRunner"/> reads and writes for <c>rows</c> samples: the float input and output
/// regions, a per-thread work region (recurrent workspaces), the decoded-weights scratch and the convolution scratch, and
/// the token ids that mask the steps (empty: no mask).
/// </summary>
internal ref struct StepContext
{
    public ReadOnlySpan<float> X;
    public Span<float> Y;
    public Span<float> Work;
    public Span<float> Decoded;
    public Span<float> ConvScratch;
    public ReadOnlySpan<float> Mask;
    public int Rows;
}

/// <summary>
/// One inference step of a sequence model whose weights are stored in 8 or 16 bits (<see cref="CompactWeights"/>): the
/// weights are decoded into the per-thread scratch, then the runtime's fp32 kernel of the layer runs, the one the
/// generated model calls (so the recurrent math is the float model's, not a second LSTM).
/// </summary>
internal abstract class SequenceStep
{
    protected SequenceStep(string name, int inputs, int outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The Keras layer name.</summary>
    public string Name { get; }

    /// <summary>Floats per sample in and out.</summary>
    public int Inputs { get; }

    /// <inheritdoc cref="Inputs"/>
    public int Outputs { get; }

    /// <summary>Whether this step skips the steps whose token id is 0 (Keras' masking from <c>Embedding(mask_zero=True)</c>).</summary>
    public bool Masked { get; init; }

    /// <summary>The stored weights, in the float model's weight order.</summary>
    public abstract IEnumerable<CompactWeights> Weights { get; }

    /// <summary>The float biases by weight name (kept in fp32: they are a handful of values and add straight into the sums).</summary>
    public abstract IEnumerable<(string Name, float[] Values)> Biases { get; }

    /// <summary>Work floats per sample.</summary>
    public virtual int WorkPerSample => 0;

    /// <summary>Floats of decoded weights this step needs at once.</summary>
    public virtual int DecodedLength => 0;

    /// <summary>Convolution scratch for <paramref name="rows"/> samples.</summary>
    public virtual int ConvScratch(int rows) => 0;

    public abstract void Run(scoped ref StepContext c);

    /// <summary>Dense/Conv1D activations the sequence models use; others are refused when the plan is read.</summary>
    public static readonly string[] SupportedActivations = ["linear", "relu", "tanh", "sigmoid", "softmax"];

    protected static void Activate(string activation, Span<float> y, int rowLength)
    {
        if (activation == "tanh") GenNet.Kernels.Activations.Tanh(y, y);
        else Calibration.ApplyActivation(activation, y, rowLength);
    }
}

/// <summary>Embedding: row <c>ids[b, t]</c> of the table, decoded (int8 rows with one scale per row, or 16-bit).</summary>
internal sealed class EmbeddingStep(string name, int positions, CompactWeights table) : SequenceStep(name, positions, positions * table.Columns)
{
    public CompactWeights Table { get; } = table;

    public override IEnumerable<CompactWeights> Weights => [Table];

    public override IEnumerable<(string Name, float[] Values)> Biases => [];

    public override void Run(scoped ref StepContext c)
    {
        int positions = Inputs, dim = Table.Columns;
        EmbeddingKernel.CheckIds(c.X.Slice(0, c.Rows * positions), c.Rows, positions, Table.Rows, Name);
        for (int i = 0; i < c.Rows * positions; i++) Table.DecodeRow((int)c.X[i], c.Y.Slice(i * dim, dim));
    }
}

/// <summary>Dense on a flat input or on every step of a sequence (<paramref name="positions"/> steps), then its activation.</summary>
internal sealed class DenseStep(string name, int positions, CompactWeights kernel, string biasName, float[] bias, string activation)
    : SequenceStep(name, positions * kernel.Rows, positions * kernel.Columns)
{
    /// <summary>Rows of the product per sample: 1, or the steps of a sequence input.</summary>
    public int Positions { get; } = positions;

    public CompactWeights Kernel { get; } = kernel;

    public string Activation { get; } = activation;

    public override IEnumerable<CompactWeights> Weights => [Kernel];

    public override IEnumerable<(string Name, float[] Values)> Biases => biasName.Length == 0 ? [] : [(biasName, bias)];

    public override int DecodedLength => Kernel.Length;

    public override void Run(scoped ref StepContext c)
    {
        Span<float> w = c.Decoded.Slice(0, Kernel.Length);
        Kernel.Decode(w);
        Span<float> y = c.Y.Slice(0, c.Rows * Outputs);
        DenseKernel.Forward(c.X.Slice(0, c.Rows * Inputs), w, bias, y, c.Rows * Positions, Kernel.Rows, Kernel.Columns);
        Activate(Activation, y, Kernel.Columns);
    }
}

/// <summary>Conv1D as the float model runs it: a Conv2D on a one-row image (<see cref="Conv2DKernel.Forward"/>), then its activation.</summary>
internal sealed class Conv1DStep(string name, Conv2DGeometry geometry, CompactWeights kernel, string biasName, float[] bias, string activation)
    : SequenceStep(name, geometry.InputSize, geometry.OutputSize)
{
    public Conv2DGeometry Geometry { get; } = geometry;

    public CompactWeights Kernel { get; } = kernel;

    public string Activation { get; } = activation;

    public override IEnumerable<CompactWeights> Weights => [Kernel];

    public override IEnumerable<(string Name, float[] Values)> Biases => biasName.Length == 0 ? [] : [(biasName, bias)];

    public override int DecodedLength => Kernel.Length;

    public override int ConvScratch(int rows) => Conv2DKernel.ScratchSize(Geometry, rows);

    public override void Run(scoped ref StepContext c)
    {
        Span<float> w = c.Decoded.Slice(0, Kernel.Length);
        Kernel.Decode(w);
        Span<float> y = c.Y.Slice(0, c.Rows * Outputs);
        Conv2DKernel.Forward(c.X.Slice(0, c.Rows * Inputs), w, bias, y, c.ConvScratch, c.Rows, Geometry);
        Activate(Activation, y, Geometry.Filters);
    }
}

/// <summary>Which recurrent cell a <see cref="RecurrentStep"/> runs.</summary>
internal enum RecurrentCellKind
{
    SimpleRnn,
    Lstm,
    Gru,
}

/// <summary>
/// SimpleRNN, LSTM or GRU: the kernel and recurrent kernel decoded, then <see cref="LstmKernel.Forward"/>,
/// <see cref="GruKernel.Forward"/> or <see cref="SimpleRnnKernel.Forward"/> with the float model's geometry and mask.
/// </summary>
internal sealed class RecurrentStep(string name, RecurrentCellKind cell, RecurrentGeometry geometry, bool resetAfter, CompactWeights kernel,
    CompactWeights recurrentKernel, string biasName, float[] bias) : SequenceStep(name, geometry.Steps * geometry.Inputs, geometry.OutputSize)
{
    public RecurrentCellKind Cell { get; } = cell;

    public RecurrentGeometry Geometry { get; } = geometry;

    public bool ResetAfter { get; } = resetAfter;

    public CompactWeights Kernel { get; } = kernel;

    public CompactWeights RecurrentKernel { get; } = recurrentKernel;

    /// <summary>Keras' <c>zero_output_for_mask</c> (Bidirectional with sequences): masked steps output zeros.</summary>
    public bool ZeroMaskedOutputs { get; init; }

    public override IEnumerable<CompactWeights> Weights => [Kernel, RecurrentKernel];

    public override IEnumerable<(string Name, float[] Values)> Biases => biasName.Length == 0 ? [] : [(biasName, bias)];

    private int Gates => Cell switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };

    // gates [t, G·u], the second buffer (LSTM cells, GRU candidates) [t, u], states [t, u], the step product.
    private int StepLength => Cell switch { RecurrentCellKind.Lstm => 4 * Geometry.Units, RecurrentCellKind.Gru => GruKernel.StepSize(Geometry.Units), _ => Geometry.Units };

    public override int WorkPerSample =>
        Geometry.Steps * Gates * Geometry.Units + (Cell == RecurrentCellKind.SimpleRnn ? 0 : Geometry.Steps * Geometry.Units) + Geometry.Steps * Geometry.Units + StepLength;

    public override int DecodedLength => Kernel.Length + RecurrentKernel.Length;

    public override void Run(scoped ref StepContext c)
    {
        Span<float> k = c.Decoded.Slice(0, Kernel.Length), r = c.Decoded.Slice(Kernel.Length, RecurrentKernel.Length);
        Kernel.Decode(k);
        RecurrentKernel.Decode(r);
        int rows = c.Rows, t = Geometry.Steps, u = Geometry.Units;
        Span<float> work = c.Work;
        Span<float> gates = Take(ref work, rows * t * Gates * u);
        Span<float> second = Cell == RecurrentCellKind.SimpleRnn ? default : Take(ref work, rows * t * u);
        Span<float> states = Take(ref work, rows * t * u);
        Span<float> step = Take(ref work, rows * StepLength);
        ReadOnlySpan<float> x = c.X.Slice(0, rows * Inputs), mask = Masked ? c.Mask : default;
        Span<float> y = c.Y.Slice(0, rows * Outputs);
        switch (Cell)
        {
            case RecurrentCellKind.Lstm:
                LstmKernel.Forward(x, k, r, bias, gates, second, states, step, y, rows, Geometry, mask, ZeroMaskedOutputs);
                break;
            case RecurrentCellKind.Gru:
                GruKernel.Forward(x, k, r, bias, gates, second, states, step, y, rows, Geometry, ResetAfter, mask, ZeroMaskedOutputs);
                break;
            default:
                SimpleRnnKernel.Forward(x, k, r, bias, gates, states, step, y, rows, Geometry, mask, ZeroMaskedOutputs);
                break;
        }
    }

    private static Span<float> Take(ref Span<float> work, int length)
    {
        Span<float> taken = work.Slice(0, length);
        work = work.Slice(length);
        return taken;
    }
}

/// <summary>Bidirectional: both halves (each a <see cref="RecurrentStep"/>) into work regions, then <see cref="BidirectionalKernel.Forward"/>.</summary>
internal sealed class BidirectionalStep(string name, RecurrentStep forward, RecurrentStep backward, BidirectionalMergeMode mode)
    : SequenceStep(name, forward.Inputs, mode == BidirectionalMergeMode.Concat ? 2 * forward.Outputs : forward.Outputs)
{
    public RecurrentStep Forward { get; } = forward;

    public RecurrentStep Backward { get; } = backward;

    public BidirectionalMergeMode Mode { get; } = mode;

    public override IEnumerable<CompactWeights> Weights => Forward.Weights.Concat(Backward.Weights);

    public override IEnumerable<(string Name, float[] Values)> Biases => Forward.Biases.Concat(Backward.Biases);

    public override int WorkPerSample => 2 * Forward.Outputs + Math.Max(Forward.WorkPerSample, Backward.WorkPerSample);

    public override int DecodedLength => Math.Max(Forward.DecodedLength, Backward.DecodedLength);

    public override void Run(scoped ref StepContext c)
    {
        int rows = c.Rows, half = rows * Forward.Outputs;
        Span<float> f = c.Work.Slice(0, half), b = c.Work.Slice(half, half);
        var inner = c;
        inner.Work = c.Work.Slice(2 * half);
        inner.Y = f;
        Forward.Run(ref inner);
        inner.Y = b;
        Backward.Run(ref inner);
        RecurrentGeometry g = Forward.Geometry;
        BidirectionalKernel.Forward(f, b, c.Y.Slice(0, rows * Outputs), rows, g.Steps, g.Units, g.ReturnSequences, Mode);
    }
}
