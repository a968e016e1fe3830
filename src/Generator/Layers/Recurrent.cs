using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>The three recurrent cells: how many gate blocks their kernels hold and the runtime kernel that runs them.</summary>
internal enum RecurrentCell
{
    SimpleRnn,
    Lstm,
    Gru,
}

/// <summary>
/// Keras <c>SimpleRNN</c>, <c>LSTM</c> and <c>GRU</c> on <c>(steps, features)</c> sequences (KERAS-SEMANTICS.md 5b): weights
/// <c>kernel[features, g·units]</c> (glorot_uniform), <c>recurrent_kernel[units, g·units]</c> (orthogonal), <c>bias</c>
/// (zeros; LSTM's forget slice ones with <c>unit_forget_bias</c>; GRU's <c>[2, 3·units]</c> with <c>reset_after</c>), g = 1,
/// 4, 3. Everything GenNet knows about them is here; forward and backward change together, and with
/// <c>GenNet.Kernels.SimpleRnnKernel</c>/<c>LstmKernel</c>/<c>GruKernel</c>.
/// </summary>
internal sealed record RecurrentDeclaration(
    RecurrentCell Cell,
    int Units,
    string? Activation,
    string? RecurrentActivation,
    bool UseBias,
    bool ReturnSequences,
    bool GoBackwards,
    bool UnitForgetBias,
    bool ResetAfter,
    double Dropout,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>Keras <c>recurrent_dropout</c>; 0 for none.</summary>
    public double RecurrentDropout { get; init; }

    /// <summary>Keras <c>return_state</c>: the node also outputs h (<c>"name:1"</c>) and LSTM's c (<c>"name:2"</c>).</summary>
    public bool ReturnState { get; init; }

    public override int OutputCount => !ReturnState ? 1 : Cell == RecurrentCell.Lstm ? 3 : 2;

    /// <summary>[SimpleRNN] is Keras' SimpleRNN.</summary>
    public static readonly LayerKind SimpleRnnKind = new("SimpleRNN", "SimpleRNN", a => Parse(a, RecurrentCell.SimpleRnn));

    /// <summary>[LSTM] is Keras' LSTM.</summary>
    public static readonly LayerKind LstmKind = new("LSTM", "LSTM", a => Parse(a, RecurrentCell.Lstm));

    /// <summary>[GRU] is Keras' GRU.</summary>
    public static readonly LayerKind GruKind = new("GRU", "GRU", a => Parse(a, RecurrentCell.Gru));

    public override string TypeName => Cell switch { RecurrentCell.Lstm => "LSTM", RecurrentCell.Gru => "GRU", _ => "SimpleRNN" };

    public override string DefaultName => Cell switch { RecurrentCell.Lstm => "lstm", RecurrentCell.Gru => "gru", _ => "simple_rnn" };

    /// <summary>The activations a recurrent kernel runs (each with a derivative that is a function of its output).</summary>
    public static readonly string[] Activations = { ActivationNames.Tanh, ActivationNames.Sigmoid, ActivationNames.Relu, ActivationNames.Linear };

    /// <summary><c>[LSTM(units, Activation = …, RecurrentActivation = …, UseBias = …, UnitForgetBias = …, ReturnSequences = …, GoBackwards = …)]</c>, likewise GRU (ResetAfter) and SimpleRNN.</summary>
    public static RecurrentDeclaration Parse(AttributeReader attribute, RecurrentCell cell) => new RecurrentDeclaration(
        cell,
        attribute.Int(0),
        ActivationArgument(attribute, LayerArgumentNames.Activation, ActivationNames.Tanh),
        cell == RecurrentCell.SimpleRnn ? ActivationNames.Sigmoid : ActivationArgument(attribute, LayerArgumentNames.RecurrentActivation, ActivationNames.Sigmoid),
        attribute.Bool(LayerArgumentNames.UseBias, LayerArgumentDefaults.UseBias),
        attribute.Bool(LayerArgumentNames.ReturnSequences, LayerArgumentDefaults.ReturnSequences),
        attribute.Bool(LayerArgumentNames.GoBackwards, LayerArgumentDefaults.GoBackwards),
        cell == RecurrentCell.Lstm && attribute.Bool(LayerArgumentNames.UnitForgetBias, LayerArgumentDefaults.UnitForgetBias),
        cell != RecurrentCell.Gru || attribute.Bool(LayerArgumentNames.ResetAfter, LayerArgumentDefaults.ResetAfter),
        attribute.Double(LayerArgumentNames.Dropout) ?? 0,
        attribute.String(LayerArgumentNames.Name))
    {
        RecurrentDropout = attribute.Double(LayerArgumentNames.RecurrentDropout) ?? 0,
        ReturnState = attribute.Bool(LayerArgumentNames.ReturnState, LayerArgumentDefaults.ReturnState),
    };

    // Not written: Keras' default; written as null: Keras' None, which is linear.
    private static string ActivationArgument(AttributeReader attribute, string name, string fallback) =>
        !attribute.Has(name) ? fallback : attribute.IsNull(name) ? ActivationNames.Linear : attribute.String(name) ?? fallback;

    private int Gates => Cell switch { RecurrentCell.Lstm => 4, RecurrentCell.Gru => 3, _ => 1 };

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        string who = identity.Describe(TypeName);
        if (!RequireSequence(context, identity, who, input)) return new FailedLayerSpec(identity, input, TypeName);
        RecurrentSpec spec = Build(context, identity, identity, who, input, GoBackwards, report: true) with { Mask = MaskOf(context, input) };
        if (!ReturnSequences) context.FinalStates.Add(spec.Output);
        return ReturnState ? WithReturnedStates(context, spec) : spec;
    }

    /// <summary>
    /// Keras' <c>[output, h, c]</c>: <paramref name="spec"/> with the final states as tensors of their own (copies of the
    /// last processing step's row); also each half of a Bidirectional with ReturnState.
    /// </summary>
    internal static RecurrentSpec WithReturnedStates(InferContext context, RecurrentSpec spec)
    {
        LayerIdentity identity = spec.Identity;
        int state = context.AddTensor(identity, "State", "State", $"{identity.Member}StateSize", new[] { spec.Units });
        int cell = spec.Cell == RecurrentCell.Lstm ? context.AddTensor(identity, "CellState", "CellState", $"{identity.Member}CellStateSize", new[] { spec.Units }) : -1;
        context.FinalStates.Add(state);
        if (cell >= 0) context.FinalStates.Add(cell);
        return spec with { State = state, CellState = cell };
    }

    /// <summary>The token-id tensor whose zeros mask <paramref name="input"/>'s steps (Keras' masking), or -1.</summary>
    internal static int MaskOf(InferContext context, int input) => context.Masks.TryGetValue(input, out int ids) ? ids : -1;

    /// <summary>GN0250/GN0251 unless <paramref name="input"/> is a <c>(steps, features)</c> sequence.</summary>
    internal static bool RequireSequence(InferContext context, LayerIdentity identity, string who, int input)
    {
        TensorSpec x = context.Tensor(input);
        if (x.Shape.Count == 2) return true;
        if (context.FinalStates.Contains(context.StorageOf(input)))
        {
            context.ReportShape(Descriptors.RecurrentInputNotSequence, Site.ForLayer(identity.Index), who, context.Owners[input], Text.Shape(x.Shape));
        }
        else
        {
            context.ReportShape(Descriptors.RecurrentInputRank, Site.ForLayer(identity.Index), who, Text.Shape(x.Shape));
        }
        return false;
    }

    /// <summary>
    /// The layer's weights, tensors and spec on a sequence <paramref name="input"/>. <paramref name="site"/> is where its
    /// diagnostics go (and <paramref name="who"/> how they name it), <paramref name="layer"/> names its weights, tensors and
    /// members: the layer itself, or one half of a Bidirectional (which builds two, reporting only once).
    /// </summary>
    internal RecurrentSpec Build(InferContext context, LayerIdentity site, LayerIdentity layer, string who, int input, bool goBackwards, bool report)
    {
        TensorSpec x = context.Tensor(input);
        InferContext diagnostics = report ? context : new InferContext();
        int units = Window.Positive(diagnostics, site, TypeName, "units", "units", Units, $"[{TypeName}(32)] for 32 hidden units");
        string activation = CheckActivation(diagnostics, site, who, LayerArgumentNames.Activation, "activation", Activation!);
        string recurrentActivation = Cell == RecurrentCell.SimpleRnn ? ActivationNames.Sigmoid
            : CheckActivation(diagnostics, site, who, LayerArgumentNames.RecurrentActivation, "recurrent_activation", RecurrentActivation!);
        int steps = x.Shape[0], features = x.Shape[1], width = Gates * units;
        double rate = Dropout;
        if (!(rate >= 0 && rate < 1))
        {
            diagnostics.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(site.Index, LayerArgumentNames.Dropout), who,
                "dropout must lie in [0, 1)", $"dropout={Text.Number(Dropout)}", "Write e.g. Dropout = 0.2, or leave it out (0: no dropout)");
            rate = 0;
        }
        double recurrentRate = RecurrentDropout;
        if (!(recurrentRate >= 0 && recurrentRate < 1))
        {
            diagnostics.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(site.Index, LayerArgumentNames.RecurrentDropout), who,
                "recurrent_dropout must lie in [0, 1)", $"recurrent_dropout={Text.Number(RecurrentDropout)}",
                "Write e.g. RecurrentDropout = 0.2, or leave it out (0: no recurrent dropout)");
            recurrentRate = 0;
        }

        var weights = new List<WeightSpec>
        {
            context.AddWeight(layer, "kernel", new[] { features, width }, InitializerSpec.GlorotUniform, features, width),
            context.AddWeight(layer, "recurrent_kernel", new[] { units, width }, InitializerSpec.Orthogonal, units, width),
        };
        if (UseBias)
        {
            int[] biasShape = Cell == RecurrentCell.Gru && ResetAfter ? new[] { 2, width } : new[] { width };
            InitializerSpec biasInit = UnitForgetBias ? InitializerSpec.UnitForgetBias : InitializerSpec.Zeros;
            weights.Add(context.AddWeight(layer, "bias", biasShape, biasInit, units, width));
        }

        string member = layer.Member;
        // With recurrent_dropout too, Keras' LSTM and GRU run "implementation 1": one input mask per gate, read by the kernel.
        bool maskPerGate = rate > 0 && recurrentRate > 0 && Cell != RecurrentCell.SimpleRnn;
        int[] inputMaskShape = maskPerGate ? new[] { Gates, features } : new[] { features };
        int inputMask = rate > 0 ? context.AddTensor(layer, "InputMask", "InputMask", $"{member}InputMaskSize", inputMaskShape) : -1;
        int dropped = rate > 0 && !maskPerGate ? context.AddTensor(layer, "DroppedInput", "DroppedInput", $"{member}DroppedInputSize", new[] { steps, features }) : -1;
        int stepSize = Cell == RecurrentCell.Gru ? 7 * units : width;
        int gates = context.AddTensor(layer, "Gates", "Gates", $"{member}GatesSize", new[] { steps, width });
        int second = Cell == RecurrentCell.SimpleRnn ? -1
            : Cell == RecurrentCell.Lstm ? context.AddTensor(layer, "Cells", "Cells", $"{member}CellsSize", new[] { steps, units })
            : context.AddTensor(layer, "Candidates", "Candidates", $"{member}CandidatesSize", new[] { steps, units });
        int states = context.AddTensor(layer, "States", "States", $"{member}StatesSize", new[] { steps, units });
        int step = context.AddTensor(layer, "Step", "Step", $"{member}StepSize", new[] { stepSize });
        int[] shape = ReturnSequences ? new[] { steps, units } : new[] { units };
        // LSTM and GRU draw one mask per gate (i, f, c, o; z, r, h), as Keras' implementation 1 does; SimpleRNN one.
        int maskWidth = Gates * units;
        int recurrentMask = recurrentRate > 0 ? context.AddTensor(layer, "RecurrentMask", "RecurrentMask", $"{member}RecurrentMaskSize", new[] { maskWidth }) : -1;
        int maskedStates = recurrentRate > 0 ? context.AddTensor(layer, "MaskedStates", "MaskedStates", $"{member}MaskedStatesSize", new[] { 2 * units }) : -1;
        int output = context.AddTensor(layer, "Output", "", $"{member}OutputSize", shape);
        return new RecurrentSpec(layer, input, output, weights.ToEquatableArray(), Cell, steps, features, units, activation,
            recurrentActivation, UseBias, ReturnSequences, goBackwards, UnitForgetBias, ResetAfter, gates, second, states, step)
        {
            Dropout = rate,
            InputMask = inputMask,
            InputMaskPerGate = maskPerGate,
            DroppedInput = dropped,
            RecurrentDropout = recurrentRate,
            RecurrentMask = recurrentMask,
            MaskedStates = maskedStates,
        };
    }

    private static string CheckActivation(InferContext context, LayerIdentity identity, string who, string argument, string kerasName, string name)
    {
        if (Activations.Contains(name)) return name;
        context.Report(Descriptors.UnsupportedRecurrentActivation, Site.ForLayer(identity.Index, argument), who, kerasName, name,
            string.Join(", ", Activations));
        return kerasName == "activation" ? ActivationNames.Tanh : ActivationNames.Sigmoid;
    }
}

/// <summary>
/// An inferred SimpleRNN/LSTM/GRU. Besides its output it keeps, for the backward pass, every step's gate values
/// (<see cref="Gates"/>, batch-major by input step), states (<see cref="States"/>, time-major by processing step), LSTM's
/// cell states or GRU's candidates (<see cref="Second"/>) and a per-step product buffer (<see cref="Step"/>); their
/// gradient regions are the backward pass's work space.
/// </summary>
internal sealed record RecurrentSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    RecurrentCell Cell,
    int Steps,
    int Features,
    int Units,
    string Activation,
    string RecurrentActivation,
    bool UseBias,
    bool ReturnSequences,
    bool GoBackwards,
    bool UnitForgetBias,
    bool ResetAfter,
    int Gates,
    int Second,
    int States,
    int Step) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => Cell switch { RecurrentCell.Lstm => "LSTM", RecurrentCell.Gru => "GRU", _ => "SimpleRNN" };

    /// <summary>Keras <c>dropout</c> on the inputs in training; 0 for none.</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// With dropout: the tensor of the per-sample input mask shared by every step — <c>(features)</c>, or with recurrent
    /// dropout on an LSTM or GRU <c>(gates, features)</c>, one mask per gate (<see cref="InputMaskPerGate"/>); else -1.
    /// </summary>
    public int InputMask { get; init; } = -1;

    /// <summary>
    /// Whether the input mask holds one mask per gate (Keras' "implementation 1", which LSTM and GRU run when
    /// recurrent_dropout ≠ 0): the kernel then reads the input itself through the masks, and there is no <see cref="DroppedInput"/>.
    /// </summary>
    public bool InputMaskPerGate { get; init; }

    /// <summary>With one input mask for all gates: the tensor of the masked input <c>(steps, features)</c> the kernels read in training; else -1.</summary>
    public int DroppedInput { get; init; } = -1;

    /// <summary>
    /// A Bidirectional's backward half: the tensor whose gradient region receives this half's input gradient (added into
    /// the input's gradient by the wrapper), since the forward half writes the input's own; else -1 (the input's gradient).
    /// </summary>
    public int InputGradient { get; init; } = -1;

    /// <summary>Keras <c>recurrent_dropout</c> on the previous state in training; 0 for none.</summary>
    public double RecurrentDropout { get; init; }

    /// <summary>
    /// With recurrent dropout: the tensor of the per-sample mask over the units, shared by every step — SimpleRNN's
    /// <c>(units)</c>, or one mask per gate: LSTM's <c>(4·units)</c> (i, f, c, o), GRU's <c>(3·units)</c> (z, r, h); else -1.
    /// </summary>
    public int RecurrentMask { get; init; } = -1;

    /// <summary>
    /// With recurrent dropout: <c>(2·units)</c> per sample of work space, the masked previous states the recurrent product
    /// reads (forward; in backward its gradient region holds them, then the product's gradient); else -1.
    /// </summary>
    public int MaskedStates { get; init; } = -1;

    /// <summary>
    /// Keras' masking: the model input of token ids (<c>(steps)</c> per sample) whose zeros mask this layer's steps (the
    /// state and output keep their previous values), when an <c>Embedding(MaskZero = true)</c> feeds the layer; else -1.
    /// </summary>
    public int Mask { get; init; } = -1;

    /// <summary>Keras' <c>zero_output_for_mask</c> (a Bidirectional half with return_sequences): masked steps output zeros.</summary>
    public bool ZeroMaskedOutputs { get; init; }

    /// <summary>
    /// After an Embedding: the table inference reads this layer's input projections from, by token id
    /// (<see cref="ProjectionTables"/>); null when the projection is always computed.
    /// </summary>
    public ProjectionTableSpec? ProjectionTable { get; init; }

    /// <summary>With <c>ReturnState</c>: the tensor of the returned final state h <c>(units)</c> (output 1); else -1.</summary>
    public int State { get; init; } = -1;

    /// <summary>With <c>ReturnState</c> on an LSTM: the tensor of the returned final cell state c <c>(units)</c> (output 2); else -1.</summary>
    public int CellState { get; init; } = -1;

    /// <summary>Whether some layer or the loss reads output 0 (a ReturnState layer may be read through its states only).</summary>
    public bool OutputRead { get; init; } = true;

    /// <summary>Whether some layer or the loss reads the returned h.</summary>
    public bool StateRead { get; init; }

    /// <summary>Whether some layer or the loss reads LSTM's returned c.</summary>
    public bool CellStateRead { get; init; }

    public override IReadOnlyList<int> ExtraOutputs => State < 0 ? System.Array.Empty<int>() : CellState < 0 ? new[] { State } : new[] { State, CellState };

    public override LayerSpec WithReadOutputs(IReadOnlyCollection<int> ports) =>
        State < 0 ? this : this with { OutputRead = ports.Contains(0), StateRead = ports.Contains(1), CellStateRead = ports.Contains(2) };

    // The kernels' mask arguments, or nothing without a mask.
    private string MaskArguments(string ids) => Mask < 0 ? "" : $", mask: {ids}{(ZeroMaskedOutputs ? ", zeroMaskedOutputs: true" : "")}";

    internal WeightSpec Kernel => Weights[0];

    private WeightSpec RecurrentKernel => Weights[1];

    internal WeightSpec? Bias => UseBias ? Weights[2] : null;

    private int GateCount => Cell switch { RecurrentCell.Lstm => 4, RecurrentCell.Gru => 3, _ => 1 };

    private string KernelClass => Cell switch { RecurrentCell.Lstm => "LstmKernel", RecurrentCell.Gru => "GruKernel", _ => "SimpleRnnKernel" };

    private string GeometryMember => $"{Member}Geometry";

    // The GRU kernels take reset_after as their last argument.
    private string ResetArgument => Cell == RecurrentCell.Gru ? $", resetAfter: {(ResetAfter ? "true" : "false")}" : "";

    public override IEnumerable<KeyValuePair<string, string>> Config
    {
        get
        {
            var entries = new List<KeyValuePair<string, string>> { Entry("units", Text.Int(Units)), Entry("activation", Activation) };
            if (Cell != RecurrentCell.SimpleRnn) entries.Add(Entry("recurrent_activation", RecurrentActivation));
            entries.Add(Entry("use_bias", UseBias));
            if (Cell == RecurrentCell.Lstm) entries.Add(Entry("unit_forget_bias", UnitForgetBias));
            entries.Add(Entry("return_sequences", ReturnSequences));
            entries.Add(Entry("go_backwards", GoBackwards));
            if (Cell == RecurrentCell.Gru) entries.Add(Entry("reset_after", ResetAfter));
            entries.Add(Entry("dropout", Text.Number(Dropout)));
            if (RecurrentDropout > 0) entries.Add(Entry("recurrent_dropout", Text.Number(RecurrentDropout)));
            if (State >= 0) entries.Add(Entry("return_state", true));
            return entries;
        }
    }

    public override string Description
    {
        get
        {
            var options = new List<string> { Text.Int(Units) };
            if (Activation != ActivationNames.Tanh) options.Add(Activation);
            if (Cell != RecurrentCell.SimpleRnn && RecurrentActivation != ActivationNames.Sigmoid) options.Add($"recurrent_activation={RecurrentActivation}");
            if (!UseBias) options.Add("use_bias=False");
            if (ReturnSequences) options.Add("return_sequences=True");
            if (GoBackwards) options.Add("go_backwards=True");
            if (Cell == RecurrentCell.Gru && !ResetAfter) options.Add("reset_after=False");
            if (Dropout > 0) options.Add($"dropout={Text.Number(Dropout)}");
            if (RecurrentDropout > 0) options.Add($"recurrent_dropout={Text.Number(RecurrentDropout)}");
            if (State >= 0) options.Add("return_state=True");
            return $"{TypeName}({string.Join(", ", options)})";
        }
    }

    // h (or its sequence) is not one activation's output, so no loss fuses with it.
    public override string? FinalActivation => ActivationNames.Linear;

    private static string Kind(string activation) => $"{KernelsAlias.Prefix}RecurrentActivation.{Text.Pascal(activation)}";

    public override void EmitMembers(CodeWriter writer, ModelSpec model)
    {
        string Size(int tensor, string what)
        {
            TensorSpec t = model.Tensors[tensor];
            ShapesEmitter.Constant(writer, $"Floats per sample of {Name}'s {what}, shape {Text.Shape(t.Shape)}.", t.SizeConstant, t.Size);
            return t.SizeConstant;
        }
        Size(Gates, "gate values of every step (batch-major, by input step)");
        if (Second >= 0) Size(Second, Cell == RecurrentCell.Lstm ? "cell states of every step (time-major)" : "candidate inputs of every step (time-major)");
        Size(States, "hidden states of every step (time-major)");
        Size(Step, "per-step product buffer");
        if (InputMask >= 0) Size(InputMask, InputMaskPerGate ? "input dropout masks (one per gate and sample, for every step)" : "input dropout mask (one per sample, for every step)");
        if (DroppedInput >= 0) Size(DroppedInput, "input after dropout");
        if (State >= 0) Size(State, "returned final state h (ReturnState, output 1)");
        if (CellState >= 0) Size(CellState, "returned final cell state c (ReturnState, output 2)");
        if (RecurrentMask >= 0)
        {
            Size(RecurrentMask, Cell == RecurrentCell.SimpleRnn ? "recurrent dropout mask (one per sample, for every step)" : "recurrent dropout masks (one per gate and sample, for every step)");
            Size(MaskedStates, "recurrent dropout work space (masked previous states)");
        }
        writer.Line($"/// <summary>{Name} · {Text.Xml(Description)} · {Text.Shape(model.Tensors[Input].Shape)} → {Text.Shape(model.Tensors[Output].Shape)}.</summary>");
        writer.Line($"public static readonly {KernelsAlias.Prefix}RecurrentGeometry {GeometryMember} = new(");
        writer.Line($"    Steps: {Text.Int(Steps)}, Inputs: {Text.Int(Features)}, Units: {Text.Int(Units)}, " +
            $"GoBackwards: {(GoBackwards ? "true" : "false")}, ReturnSequences: {(ReturnSequences ? "true" : "false")},");
        writer.Line($"    Activation: {Kind(Activation)}, RecurrentActivation: {Kind(RecurrentActivation)});");
    }

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        if (DroppedInput >= 0)
        {
            // Training reads the input through one dropout mask per sample; inference reads it as it is.
            TensorSpec dropped = context.Tensor(DroppedInput);
            string region = $"activations.Slice({dropped.OffsetConstant} * batch, {dropped.SizeConstant} * batch)";
            CodeWriter w = context.Writer;
            w.Open("if (training)");
            string mask = context.Declare(InputMask);
            w.Line($"{KernelsAlias.Prefix}RecurrentKernel.DropInputs({x}, {mask}, {region}, {Text.FloatLiteral(Dropout)}, random!, batch, {GeometryMember});");
            w.Close();
            w.Line($"global::System.ReadOnlySpan<float> {dropped.Local} = training ? {region} : {x};");
            x = dropped.Local;
        }
        string kernel = context.Weight(Kernel), recurrent = context.Weight(RecurrentKernel);
        string bias = Bias is { } b ? context.Weight(b) : "default";
        string gates = context.Declare(Gates);
        string second = Second >= 0 ? $"{context.Declare(Second)}, " : "";
        string states = context.Declare(States), step = context.Declare(Step), y = context.Declare(Output);
        // GRU names its second buffer "candidates" and takes it before the states, as LSTM does its cells.
        string maskArguments = Mask >= 0 ? MaskArguments(context.Value(Mask)) : "";
        string inputMasks = "";
        if (InputMaskPerGate)
        {
            // Training draws one input mask per gate and sample, which the kernel reads; inference reads the input as it is.
            inputMasks = context.Declare(InputMask);
            context.Writer.Line($"if (training) {KernelsAlias.Prefix}GateInputDropout.DrawMasks({inputMasks}, {Text.FloatLiteral(Dropout)}, random!);");
        }
        if (RecurrentMask >= 0)
        {
            // Training draws one mask over the units per sample; inference reads the states as they are.
            string recurrentMask = context.Declare(RecurrentMask), masked = context.Declare(MaskedStates);
            context.Writer.Line($"if (training) {KernelsAlias.Prefix}RecurrentKernel.DrawRecurrentMask({recurrentMask}, {Text.FloatLiteral(RecurrentDropout)}, random!);");
            maskArguments += $", recurrentMask: training ? {recurrentMask} : default, maskedStates: {masked}";
        }
        if (InputMaskPerGate) maskArguments += $", inputMasks: training ? {inputMasks} : default";
        if (ProjectionTable is { } table)
        {
            // Inference with tables built from the current weights: step t's x·kernel + b is row ids[t] of this layer's table.
            maskArguments += $", projectionTable: {ProjectionTablesEmitter.Local}.IsEmpty ? default : {ProjectionTablesEmitter.Local}.Slice({table.Member}Offset, " +
                $"{table.Member}Length), ids: {context.Value(table.Ids)}";
        }
        context.Writer.Line($"{KernelsAlias.Prefix}{KernelClass}.Forward({x}, {kernel}, {recurrent}, {bias}, {gates}, {second}{states}, {step}, {y}, " +
            $"batch, {GeometryMember}{ResetArgument}{maskArguments});");
        if (State >= 0)
        {
            // ReturnState: h (and LSTM's c) after the last processing step.
            context.Writer.Line($"{KernelsAlias.Prefix}RecurrentKernel.WriteFinalState({states}, {context.Declare(State)}, batch, {GeometryMember});");
        }
        if (CellState >= 0)
        {
            context.Writer.Line($"{KernelsAlias.Prefix}RecurrentKernel.WriteFinalState({second.TrimEnd(',', ' ')}, {context.Declare(CellState)}, batch, {GeometryMember});");
        }
    }

    public override bool HasBackward(ModelSpec model) => true;

    public override void EmitBackward(BackwardContext context) => EmitBackwardReturningInputGradient(context);

    /// <summary>
    /// The layer's backward calls; returns the local its input gradient was written to (the input's gradient view, or
    /// <see cref="InputGradient"/>'s), or null when the input needs none.
    /// </summary>
    internal string? EmitBackwardReturningInputGradient(BackwardContext context)
    {
        string dy = OutputRead ? context.Gradient(Output) : "default";
        bool inputGradient = context.Tensor(Input).NeedsGradient;
        int inputGradientTensor = InputGradient >= 0 ? InputGradient : Input;
        string x = DroppedInput >= 0 ? context.Value(DroppedInput) : context.Value(Input);
        string kernel = context.Weight(Kernel), recurrent = context.Weight(RecurrentKernel);
        string gates = context.Value(Gates), states = context.Value(States);
        string second = Second >= 0 ? context.Value(Second) : "";
        string dGates = context.DeclareGradient(Gates), dStates = context.DeclareGradient(States), dStep = context.DeclareGradient(Step);
        string dCells = Cell == RecurrentCell.Lstm ? $"{context.DeclareGradient(Second)}, " : "";
        string dx = !inputGradient ? "default" : DroppedInput >= 0 ? context.DeclareGradient(DroppedInput) : context.DeclareGradient(inputGradientTensor);
        string dKernel = context.GradientOf(Kernel), dRecurrent = context.GradientOf(RecurrentKernel);
        string dBias = Bias is { } b ? context.GradientOf(b) : "default";
        string saved = Cell switch
        {
            RecurrentCell.SimpleRnn => states,
            _ => $"{gates}, {second}, {states}",
        };
        string maskArguments = Mask >= 0 ? MaskArguments(context.Value(Mask)) : "";
        if (RecurrentMask >= 0)
        {
            // Backward follows a training forward: the mask is the one drawn there; the work space is the gradient region.
            string work = context.DeclareGradient(MaskedStates);
            maskArguments += $", recurrentMask: {context.Value(RecurrentMask)}, maskedStates: {work}.Slice(0, batch * {Text.Int(Units)}), " +
                $"dMaskedStates: {work}.Slice(batch * {Text.Int(Units)})";
        }
        // ReturnState: the returned states' gradients join at the last processing step.
        if (StateRead) maskArguments += $", dFinalState: {context.Gradient(State)}";
        if (CellStateRead) maskArguments += $", dFinalCell: {context.Gradient(CellState)}";
        if (InputMaskPerGate) maskArguments += $", inputMasks: {context.Value(InputMask)}";
        context.Writer.Line($"{KernelsAlias.Prefix}{KernelClass}.Backward({x}, {kernel}, {recurrent}, {saved}, {dy}, {dGates}, {dStates}, {dCells}{dStep}, " +
            $"{dx}, {dKernel}, {dRecurrent}, {dBias}, batch, {GeometryMember}{ResetArgument}{maskArguments});");
        if (DroppedInput >= 0 && inputGradient)
        {
            string mask = context.Value(InputMask);
            string dInput = context.DeclareGradient(inputGradientTensor);
            context.Writer.Line($"{KernelsAlias.Prefix}RecurrentKernel.DropInputsBackward({dx}, {mask}, {dInput}, batch, {GeometryMember});");
            return dInput;
        }
        return inputGradient ? dx : null;
    }

    /// <summary>
    /// The ONNX RNN/LSTM/GRU operator (opset 17, one forward direction, time-major X): X = the input transposed to
    /// <c>[steps, N, features]</c> (steps reversed first with go_backwards, so Y is in processing order as Keras returns it);
    /// W, R = the kernels transposed to <c>[1, g·u, ·]</c> with LSTM's gate blocks reordered from Keras' i, f, c, o to ONNX's
    /// i, o, f, c (GRU's z, r, h is the same in both); B = input then recurrent bias, zeros where Keras has none;
    /// GRU's <c>linear_before_reset</c> = reset_after. Only the default activations are exported. A masked layer
    /// (Embedding(MaskZero) before it) runs its kept steps first with <c>sequence_lens</c> (<see cref="RecurrentOnnxMask"/>).
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        bool defaults = Activation == ActivationNames.Tanh && (Cell == RecurrentCell.SimpleRnn || RecurrentActivation == ActivationNames.Sigmoid);
        if (!defaults)
        {
            context.Fail($"{Identity.Describe(TypeName)}: ONNX export supports the default activations only (activation=tanh, " +
                $"recurrent_activation=sigmoid); this layer has activation={Activation}" +
                (Cell == RecurrentCell.SimpleRnn ? "" : $", recurrent_activation={RecurrentActivation}") + ".");
            return;
        }
        int u = Units, width = GateCount * u;
        RecurrentOnnxMask? mask = Mask >= 0 ? RecurrentOnnxMask.Of(context, Name, context.Nhwc(Mask), Steps, GoBackwards) : null;
        // Processing order (steps reversed with go_backwards), the kept steps first when masked, then time-major.
        string x = context.Nhwc(Input);
        if (GoBackwards) x = context.ReversedSteps($"{Name}_reversed", x, Steps);
        if (mask is not null) x = mask.KeptFirst(x, Features);
        x = context.Node("Transpose", $"{Name}_time_major", new[] { x }, OnnxContext.Ints("perm", 1, 0, 2));
        // LSTM: Keras' i, f, c, o blocks → ONNX's i, o, f, c.
        int[] order = Cell == RecurrentCell.Lstm ? new[] { 0, 3, 1, 2 } : Enumerable.Range(0, GateCount).ToArray();
        IEnumerable<int> columns = order.SelectMany(block => Enumerable.Range(block * u, u));
        string Reordered(string weight, string key) => Cell != RecurrentCell.Lstm ? weight
            : context.Node("Gather", $"{key}_onnx_gates", new[] { weight, OnnxContext.Int64s($"{key}.onnx_gates", columns) }, OnnxContext.Int("axis", Kernel.Shape.Count - 1));
        string Matrix(WeightSpec weight, int inner) => context.Once($"{weight.Key}/onnx", () =>
        {
            string gathered = Reordered(OnnxContext.Weight(weight), weight.Key);
            string transposed = context.Node("Transpose", $"{weight.Key}_transposed", new[] { gathered }, OnnxContext.Ints("perm", 1, 0));
            return context.Node("Reshape", $"{weight.Key}_onnx", new[] { transposed, OnnxContext.Int64s($"{weight.Key}.onnx_shape", new[] { 1, width, inner }) });
        });
        string w = Matrix(Kernel, Features), r = Matrix(RecurrentKernel, u);
        var inputs = new List<string> { x, w, r };
        if (Bias is { } bias)
        {
            inputs.Add(context.Once($"{bias.Key}/onnx", () =>
            {
                string flat = OnnxContext.Weight(bias);
                if (Cell == RecurrentCell.Lstm)
                {
                    flat = context.Node("Gather", $"{bias.Key}_onnx_gates", new[] { flat, OnnxContext.Int64s($"{bias.Key}.onnx_gates", columns) },
                        OnnxContext.Int("axis", 0));
                }
                if (!(Cell == RecurrentCell.Gru && ResetAfter))
                {
                    flat = context.Node("Concat", $"{bias.Key}_with_recurrent", new[] { flat, OnnxContext.Filled($"{Name}.recurrent_bias", 0, width) },
                        OnnxContext.Int("axis", 0));
                }
                return context.Node("Reshape", $"{bias.Key}_onnx", new[] { flat, OnnxContext.Int64s($"{bias.Key}.onnx_shape", new[] { 1, 2 * width }) });
            }));
        }
        if (mask is not null)
        {
            if (Bias is null) inputs.Add("\"\"");   // B omitted
            inputs.Add(mask.Lengths());
        }
        string op = Cell switch { RecurrentCell.Lstm => "LSTM", RecurrentCell.Gru => "GRU", _ => "RNN" };
        var attributes = new List<string> { OnnxContext.Int("hidden_size", u) };
        if (Cell == RecurrentCell.Gru) attributes.Add(OnnxContext.Int("linear_before_reset", ResetAfter ? 1 : 0));
        string sequence;
        string? finalState = null;
        if (State >= 0 || (mask is not null && !ReturnSequences))
        {
            // ReturnState: the node's Y_h (and LSTM's Y_c), [1, N, u], are the returned states.
            string[] names = Cell == RecurrentCell.Lstm
                ? new[] { $"{Name}_{op.ToLowerInvariant()}", $"{Name}_h", $"{Name}_c" }
                : new[] { $"{Name}_{op.ToLowerInvariant()}", $"{Name}_h" };
            string[] outputs = context.Node(op, names, inputs, attributes.ToArray());
            sequence = outputs[0];
            finalState = context.Node("Reshape", $"{Name}_state", new[] { outputs[1], OnnxContext.Int64s($"{Name}.final_state_shape", new[] { -1, u }) });
            if (State >= 0) context.SetNhwc(State, finalState);
            if (CellState >= 0)
            {
                context.SetNhwc(CellState, context.Node("Reshape", $"{Name}_cell_state", new[] { outputs[2], OnnxContext.Int64s($"{Name}.final_cell_shape", new[] { -1, u }) }));
            }
        }
        else sequence = context.Node(op, $"{Name}_{op.ToLowerInvariant()}", inputs, attributes.ToArray());
        // Y is [steps, 1, N, u]: drop the direction axis.
        string y = context.Node("Reshape", $"{Name}_sequence", new[] { sequence, OnnxContext.Int64s($"{Name}.sequence_shape", new[] { Steps, -1, u }) });
        if (ReturnSequences)
        {
            if (mask is null)
            {
                context.SetNhwc(Output, context.Node("Transpose", Name, new[] { y }, OnnxContext.Ints("perm", 1, 0, 2)));
                return;
            }
            string keptOutputs = context.Node("Transpose", $"{Name}_kept_outputs", new[] { y }, OnnxContext.Ints("perm", 1, 0, 2));
            context.SetNhwc(Output, mask.OutputsPerStep(keptOutputs, u, ZeroMaskedOutputs));
            return;
        }
        if (mask is not null)
        {
            // Y_h is the state after each sample's last kept step (zeros when it keeps none).
            context.SetNhwc(Output, finalState!);
            return;
        }
        string last = context.Node("Gather", $"{Name}_last_step", new[] { y, OnnxContext.Int64s($"{Name}.last_step", new[] { Steps - 1 }) }, OnnxContext.Int("axis", 0));
        context.SetNhwc(Output, context.Node("Reshape", Name, new[] { last, OnnxContext.Int64s($"{Name}.state_shape", new[] { -1, u }) }));
    }
}
