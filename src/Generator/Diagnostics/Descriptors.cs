using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs are GN + four digits: GN00xx declaration, GN01xx shapes,
/// GN02xx graph wiring, GN0301–GN0319 compiled-in weights, GN0401–GN0419 imported ONNX models, GN0420–GN0439 imported Keras models, GN09xx limits and internal errors. An ID is never reused; each is recorded in AnalyzerReleases.*.md and
/// documented in docs/diagnostics.md (a test checks both).
/// </summary>
internal static class Descriptors
{
    private const string Category = "GenNet";

    public static readonly DiagnosticDescriptor ModelNotPartial = Error("GN0001", "Model class must be partial",
        "Model class '{0}' must be declared partial: the GenNet generator writes the other half of the class. Write 'partial class {0}'.");

    public static readonly DiagnosticDescriptor ModelHasBaseClass = Error("GN0002", "Model class must not declare a base class",
        "Model class '{0}' derives from '{1}', but the generated half derives from GenNet.Model. Remove ': {1}' (hold it in a field instead).");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("GN0003", "Type containing a model must be partial",
        "Model class '{0}' is nested in '{1}', which is not partial. Declare '{1}' partial so the generator can add to the model.");

    public static readonly DiagnosticDescriptor UnknownActivation = Error("GN0004", "Unknown activation",
        "{0}: unknown activation. Received: activation=\"{1}\". Expected one of: {2}. Use a constant of GenNet.Act, e.g. Act.Relu.");

    public static readonly DiagnosticDescriptor GenericModel = Error("GN0005", "Model class must not be generic",
        "Model class '{0}' is generic or nested in a generic type; a GenNet model has fixed shapes. Remove the type parameters.");

    public static readonly DiagnosticDescriptor InvalidInitializer = Error("GN0006", "Unknown or malformed initializer",
        "{0}: invalid {1}. Received: {1}=\"{2}\". {3}");

    public static readonly DiagnosticDescriptor ActivationOptionNotApplicable = Warning("GN0007", "Activation option does not apply",
        "{0}: {1} does not apply to activation '{2}' and is ignored. Received: {1}={3}. Remove it, or use an activation that takes it ({4}).");

    public static readonly DiagnosticDescriptor LayersSplitAcrossPartials = Error("GN0008", "Layers split across partial declarations",
        "Layer [{0}] of model '{1}' is on a different partial declaration than [Sequential]; layer order is defined only within one declaration. Move it next to [Sequential].");

    public static readonly DiagnosticDescriptor LayerWithoutModel = Warning("GN0009", "Layer attribute without a model",
        "[{0}] on '{1}' is ignored: the class has no [Sequential] attribute. Add [Sequential(...)] with the input shape to declare a model.");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error("GN0010", "Duplicate layer name",
        "{0}: the name clashes with layer {1}. Received: name=\"{2}\". Layer names must be unique and map to distinct C# members ({3}); give one of them another Name.");

    public static readonly DiagnosticDescriptor InvalidName = Error("GN0011", "Invalid layer or model name",
        "{0}: invalid name. Received: Name=\"{1}\". A name must be a snake_case identifier matching [a-z_][a-z0-9_]*, e.g. \"{2}\".");

    public static readonly DiagnosticDescriptor NoLayers = Error("GN0012", "Model has no layers",
        "Model '{0}' has no layers. Add layer attributes after [Sequential] on the same declaration, e.g. [Dense(10)].");

    public static readonly DiagnosticDescriptor InvalidLayerArgument = Error("GN0013", "Invalid layer argument",
        "{0}: {1}. Received: {2}. {3}.");

    public static readonly DiagnosticDescriptor ModelNotClass = Error("GN0014", "Model must be a non-static class",
        "Model '{0}' is {1}; a model is an object that owns its weights. Declare it as 'partial class {0}'.");

    public static readonly DiagnosticDescriptor UnknownPadding = Error("GN0015", "Unknown padding",
        "{0}: unknown padding. Received: padding=\"{1}\". Expected \"valid\" (no padding) or \"same\" (zero padding, output size ⌈input/strides⌉). Write Padding = \"valid\" or Padding = \"same\".");

    public static readonly DiagnosticDescriptor TwoModelAttributes = Error("GN0016", "Both [Sequential] and [Functional]",
        "Model class '{0}' carries both [Sequential] and [Functional]; a class declares one model. Keep [Functional] for a graph (layers wired with From), [Sequential] for a plain stack.");

    public static readonly DiagnosticDescriptor UnknownLayerAttribute = Error("GN0017", "Unknown layer attribute",
        "[{0}] on model '{1}' derives from GenNet.LayerAttribute, but GenNet has no layer of that kind, so it cannot be part of the model. Remove it, or use one of GenNet's layer attributes (e.g. [Dense], [Conv2D]).");

    public static readonly DiagnosticDescriptor InvalidInputShape = Error("GN0101", "Invalid input shape",
        "Model '{0}': the input shape must list one or more positive dimensions, without the batch axis. Received: input={1}. Write e.g. [Sequential(784)] or [Sequential(28, 28, 1)].");

    public static readonly DiagnosticDescriptor SoftmaxOverSingleton = Warning("GN0102", "Softmax over a last axis of length 1",
        "{0}: {1} over a last axis of length 1 is the constant {2} and its gradient is zero. Received: input shape {3}. Use sigmoid for a single output, or more units.");

    public static readonly DiagnosticDescriptor ImageInputRequired = Error("GN0103", "Layer needs a rank-3 image input",
        "{0} expects a rank-3 input (height, width, channels). Received: input shape {1}. Declare the model input as e.g. [Sequential(28, 28, 1)], or add [Reshape(height, width, channels)] before this layer.");

    public static readonly DiagnosticDescriptor KernelLargerThanInput = Error("GN0104", "Convolution kernel larger than its input",
        "{0}: with padding \"valid\" the kernel must fit the input. Expected an effective kernel (kernel_size with dilation_rate: (k − 1)·d + 1) of at most {1}. Received: effective kernel {2} (kernel_size={3}, dilation_rate={4}) on input shape {5}. Use a smaller kernel or dilation, Padding = \"same\", or fewer downsampling layers before it.");

    public static readonly DiagnosticDescriptor PoolLargerThanInput = Error("GN0105", "Pooling window larger than its input",
        "{0}: with padding \"valid\" the pooling window must fit the input, or nothing is left. Expected pool_size of at most {1}. Received: pool_size={2} on input shape {3}. Use a smaller pool size, Padding = \"same\", or fewer downsampling layers before it.");

    public static readonly DiagnosticDescriptor StridesWithDilation = Error("GN0106", "Strides and dilation both above 1",
        "{0}: strides > 1 together with dilation_rate > 1 is not supported (Keras rejects it too). Received: strides={1}, dilation_rate={2}. Use Strides = 1 or DilationRate = 1.");

    public static readonly DiagnosticDescriptor ReshapeSizeMismatch = Error("GN0107", "Reshape target does not match the input size",
        "{0}: the target shape must hold exactly the input's {1} values. Received: target_shape={2} for input shape {3}. {4}");

    public static readonly DiagnosticDescriptor InvalidReshapeTarget = Error("GN0108", "Invalid Reshape target shape",
        "{0}: the target shape must list one or more positive dimensions, at most one of them -1 (inferred). Received: target_shape={1}. Write e.g. [Reshape(28, 28, 1)] or [Reshape(-1, 1)].");

    public static readonly DiagnosticDescriptor ClassifierHeadOnImage = Warning("GN0109", "Classifier head on an unflattened image",
        "{0} receives the rank-3 output {1} of {2}; Dense applies to the last axis only, so the model's {3} output has shape {4}: one prediction per position, not per sample. For one prediction per sample add [Flatten] (or [GlobalAveragePooling2D]) before {0}. If per-position outputs are intended, silence this with #pragma warning disable GN0109.");

    public static readonly DiagnosticDescriptor UnknownNode = Error("GN0201", "Layer reads an unknown node",
        "{0} reads \"{1}\", which names no layer of the model. Received: {2}. Expected \"input_layer\" (the model input) or one of: {3}.");

    public static readonly DiagnosticDescriptor ReservedNodeName = Error("GN0202", "Layer named like the model input",
        "{0}: \"input_layer\" is the name of a Functional model's input. Received: Name=\"input_layer\". Give the layer another Name.");

    public static readonly DiagnosticDescriptor Cycle = Error("GN0203", "Layers form a cycle",
        "{0} is on a cycle: {1}. A Functional model is a directed acyclic graph; make one of these layers read an earlier node (or \"input_layer\").");

    public static readonly DiagnosticDescriptor UnusedNode = Warning("GN0204", "Layer does not lead to the model output",
        "{0} does not lead to the model output '{1}', so it is not generated. Remove it, merge it into the output path (e.g. [Concatenate(\"{2}\", …)]), or name the right Output.");

    public static readonly DiagnosticDescriptor UnknownOutput = Error("GN0205", "Model output names no layer",
        "Model '{0}': Output must name one of its layers. Received: Output=\"{1}\". Expected one of: {2}.");

    public static readonly DiagnosticDescriptor MergeShapeMismatch = Error("GN0206", "Merged inputs differ in shape",
        "{0} needs inputs of one shape. Received: {1}. End the branches in the same shape (e.g. the same [Dense(n)] units), or join them with [Concatenate(...)].");

    public static readonly DiagnosticDescriptor ConcatenateShapeMismatch = Error("GN0207", "Concatenated inputs differ off the axis",
        "{0}: inputs may differ only along axis {1}, and must have one rank. Received: {2}. Concatenate along the axis where they differ (Axis = …), or reshape the branches first.");

    public static readonly DiagnosticDescriptor MergeNeedsTwoInputs = Error("GN0208", "Merge layer with fewer than two inputs",
        "{0} merges two or more nodes. Received: {1}. List the nodes it merges, e.g. [{2}(\"branch_a\", \"branch_b\")].");

    public static readonly DiagnosticDescriptor MergeInputCount = Error("GN0210", "Merge layer with too many inputs",
        "{0} takes exactly {1} inputs. Received: {2}. Chain several [{3}(...)] layers, or merge the extra inputs first.");

    public static readonly DiagnosticDescriptor WiringInSequential = Error("GN0209", "Graph wiring in a Sequential model",
        "{0}: {1} only in a [Functional] model; a Sequential model is a plain stack. Received: {2}. Declare the model with [Functional(...)], or remove it.");

    public static readonly DiagnosticDescriptor InputInSequential = Error("GN0211", "Input attribute in a Sequential model",
        "{0}: [Input] declares a node of a [Functional] model; a Sequential model has one input, its shape in [Sequential(...)]. Received: [Input({1})]. Write the shape in [Sequential(...)], or declare the model with [Functional].");

    public static readonly DiagnosticDescriptor InputShapeAndInputAttributes = Error("GN0212", "Input shape and [Input] attributes both given",
        "Model '{0}' gives an input shape in [Functional({1})] and also declares [Input] attributes. Declare every input with [Input(\"name\", dims…)] and write [Functional] without a shape, or drop the [Input] attributes.");

    public static readonly DiagnosticDescriptor DuplicateInputName = Error("GN0213", "Duplicate input name",
        "{0}: another input is already named \"{1}\". Each [Input] needs its own name, since layers read it by name; rename one, e.g. [Input(\"{1}_2\", …)].");

    public static readonly DiagnosticDescriptor DuplicateOutputName = Error("GN0214", "Duplicate output name",
        "Model '{0}' lists output \"{1}\" more than once in Outputs. Each output gets its own loss and predictions; list each node once.");

    public static readonly DiagnosticDescriptor UnusedInput = Warning("GN0215", "Input does not lead to any output",
        "{0} is read by no layer that leads to an output ('{1}'), so its data is ignored (it still takes a place among the inputs). Read it (e.g. [Dense(…, From = \"{2}\")]) or remove the [Input].");

    public static readonly DiagnosticDescriptor LayerReadsNoInput = Error("GN0216", "Layer reads no input",
        "{0} comes before every [Input] and has no From, so it (and every output that depends on it) reads no model input. Write From = \"<input name>\", or move the attribute after the [Input] it should read.");

    public static readonly DiagnosticDescriptor OutputAndOutputs = Error("GN0217", "Both Output and Outputs",
        "Model '{0}' sets both Output and Outputs. Received: Output=\"{1}\". Keep one: Outputs = new[] {{ \"a\", \"b\" }} for several outputs, Output = \"a\" for one.");

    public static readonly DiagnosticDescriptor OutputsShareTensor = Error("GN0218", "Two outputs are the same tensor",
        "Model '{0}': outputs \"{1}\" and \"{2}\" are the same tensor ({3} is a view or a linear Activation of the other), so their losses cannot be told apart. List only one of them, or put a layer that computes something between them.");

    public static readonly DiagnosticDescriptor UnknownSharedLayer = Error("GN0219", "Reuse names no reusable layer",
        "{0}: Reuse must name a layer declared in this model (not an input, another Reuse or a merge layer). Received: layer=\"{1}\". {2}");

    public static readonly DiagnosticDescriptor SharedLayerShapeMismatch = Error("GN0220", "Shared layer called on an incompatible shape",
        "{0} shares the weights of '{1}', but its input {2} needs {3} of shape {4} where '{1}' has {5}. A shared layer's calls must give its weights the same shapes (Dense: the same last axis; Conv2D: the same channels); reshape the input or use a layer of its own.");

    public static readonly DiagnosticDescriptor LayerCannotBeShared = Error("GN0221", "Layer kind cannot be shared",
        "{0}: {1} '{2}' cannot be reused. {3}");

    public static readonly DiagnosticDescriptor InvalidInputAttributeShape = Error("GN0222", "Invalid [Input] shape",
        "{0}: the shape must list one or more positive dimensions, without the batch axis. Received: shape={1}. Write e.g. [Input(\"image\", 28, 28, 1)] or [Input(\"meta\", 10)].");

    public static readonly DiagnosticDescriptor LambdaMethodNotFound = Error("GN0230", "Lambda method not found",
        "{0}: the {1} '{2}' was not found on {3}. Declare it there as '{4}', or name an existing method with nameof(...).");

    public static readonly DiagnosticDescriptor LambdaMethodNotStatic = Error("GN0231", "Lambda method not static",
        "{0}: the {1} '{2}' must be static; the generated code calls it without an instance. Received: '{3}'. Declare it as '{4}'.");

    public static readonly DiagnosticDescriptor LambdaMethodSignature = Error("GN0232", "Lambda method has the wrong signature",
        "{0}: the {1} '{2}' has the wrong signature. Expected: '{3}'. Received: '{4}'. Change its parameters to match; each span holds the batch's samples one after another (a shape-generic method may end with ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape).");

    public static readonly DiagnosticDescriptor LambdaInvalidOutputShape = Error("GN0233", "Invalid Lambda output shape",
        "{0}: the output shape must list one or more positive dimensions. Received: OutputShape={1}. Write e.g. OutputShape = new[] {{ 10 }}, or leave it out to keep the input shape {2}.");

    public static readonly DiagnosticDescriptor LambdaWithoutBackward = Error("GN0234", "Lambda without a backward method after trainable layers",
        "{0} has no backward method, but a trainable layer before it needs the gradient through it. Name one with Backward = nameof(...), a method '{1}' on the same type; or move the Lambda before every trainable layer.");

    public static readonly DiagnosticDescriptor LambdaMethodInaccessible = Error("GN0235", "Lambda method not accessible",
        "{0}: the {1} '{2}' cannot be called from the model class. Received: '{3}'. Make it internal or public.");

    public static readonly DiagnosticDescriptor LambdaInvalidType = Error("GN0236", "Invalid Lambda type",
        "{0}: a Lambda's methods must be declared on a class, struct or interface that is not an open generic. Received: type={1}. Write e.g. [Lambda(typeof(MyOps), nameof(MyOps.Square))], or [Lambda(nameof(MyModel.Square))] for a static method of the model class.");
    // seq1: GN0240–GN0249, sequence layers (Conv1D, 1-D pooling, Embedding, LayerNormalization).
    public static readonly DiagnosticDescriptor SequenceInputRequired = Error("GN0240", "Layer needs a rank-2 sequence input",
        "{0} expects a rank-2 input (steps, features). Received: input shape {1}. Declare the model input as e.g. [Sequential(100, 8)] for 100 steps of 8 features; for images (height, width, channels) use the 2-D layer (Conv2D, MaxPooling2D, …), or add [Reshape(steps, features)] before this layer.");

    public static readonly DiagnosticDescriptor CausalWithStrides = Error("GN0241", "Causal padding with strides above 1",
        "{0}: padding \"causal\" needs strides=1 (Keras rejects causal padding with strides > 1 too). Received: strides={1}. Use Strides = 1 and downsample with [MaxPooling1D] after it, or Padding = \"same\" or \"valid\".");

    public static readonly DiagnosticDescriptor WindowLargerThanSequence = Error("GN0242", "Window larger than its sequence",
        "{0}: with padding \"valid\" the {1} must fit the sequence, or no step is left. Expected an effective window of at most {2} steps. Received: {3} steps ({4}) on input shape {5}. Use a smaller window, Padding = \"same\" (or \"causal\" for Conv1D), or fewer downsampling layers before it.");

    public static readonly DiagnosticDescriptor EmbeddingNotOnInput = Error("GN0243", "Embedding does not read a model input",
        "{0} looks up token ids, so it must read a model input; it reads {1} {2}, the output of another layer. Make [Embedding] the first layer (or, in a Functional model, read an [Input] node with From).");

    public static readonly DiagnosticDescriptor EmbeddingInputDimTooLarge = Error("GN0244", "Embedding input_dim beyond exact float ids",
        "{0}: token ids arrive as floats, which hold every integer only up to {2}. Received: input_dim={1}. Use a vocabulary of at most {2} tokens.");

    public static readonly DiagnosticDescriptor RepeatVectorInputRank = Error("GN0245", "RepeatVector needs a rank-1 input",
        "{0} repeats a vector (features) into (n, features). Received: input shape {1}. Add [Flatten] (or [GlobalAveragePooling1D] for a sequence) before it.");

    public static readonly DiagnosticDescriptor InvalidPermuteDims = Error("GN0246", "Invalid Permute dims",
        "{0}: dims must list each axis 1 … {3} of the input {2} exactly once (1-based, without the batch axis). Received: dims={1}. Write e.g. [Permute{4}] to reverse the axes.");
    // GN0250–GN0259: recurrent layers (SimpleRNN, LSTM, GRU).
    public static readonly DiagnosticDescriptor RecurrentInputRank = Error("GN0250", "Recurrent layer needs a (steps, features) input",
        "{0} expects a sequence input (steps, features). Received: input shape {1}. Declare the model input as e.g. [Sequential(20, 8)] for 20 steps of 8 features, or add [Reshape(steps, features)] before this layer.");

    public static readonly DiagnosticDescriptor RecurrentInputNotSequence = Error("GN0251", "Recurrent layer reads a layer that returns no sequence",
        "{0} needs a sequence (steps, features), but '{1}' returns only its last state {2}. Set ReturnSequences = true on '{1}'.");

    public static readonly DiagnosticDescriptor UnsupportedRecurrentActivation = Error("GN0252", "Unsupported recurrent activation",
        "{0}: {1} must be one of {3}. Received: {1}='{2}'. Write e.g. Activation = Act.Tanh (Keras' default; recurrent_activation's is Act.Sigmoid).");
    // vision1 layers (GN0260–GN0269): padding, cropping, upsampling, softmax axis, PReLU shared axes.
    public static readonly DiagnosticDescriptor NegativePaddingOrCropping = Error("GN0260", "Negative padding or cropping",
        "{0}: {1} must not be negative. Received: {2}. Write 0 for a side that stays as it is, e.g. {3}.");

    public static readonly DiagnosticDescriptor CroppingExceedsInput = Error("GN0261", "Cropping removes the whole input",
        "{0}: cropping {1} removes every {2} of the input {3}; at least one must remain. Crop less, e.g. {4}.");

    public static readonly DiagnosticDescriptor UnknownInterpolation = Error("GN0262", "Unknown interpolation",
        "{0}: unknown interpolation. Received: interpolation=\"{1}\". Expected \"nearest\" (each pixel repeated) or \"bilinear\" (half-pixel centres, as Keras' resize). Write Interpolation = \"nearest\" or Interpolation = \"bilinear\".");

    public static readonly DiagnosticDescriptor SoftmaxAxisOutOfRange = Error("GN0263", "Softmax axis outside the input",
        "{0}: axis {1} is not an axis of a sample of shape {2}. Expected 1 … {3} (axis 0 is the batch) or −1 … −{3} from the end. Write e.g. Axis = -1 for the last axis.");

    public static readonly DiagnosticDescriptor SharedAxisOutOfRange = Error("GN0264", "PReLU shared axis outside the input",
        "{0}: shared axis {1} is not an axis of a sample of shape {2}. Expected axes 1 … {3} (axis 0 is the batch). Write e.g. SharedAxes = new[] {{ 1, 2 }} to share alpha over the height and width of an image.");

    // seq2: GN0270–GN0279, Bidirectional and masking.
    public static readonly DiagnosticDescriptor BidirectionalWithoutRecurrentLayer = Error("GN0270", "Bidirectional not followed by a recurrent layer",
        "{0} wraps the recurrent layer written immediately after it, but the next attribute is not [SimpleRNN], [LSTM] or [GRU]. Write the layer right after it, e.g. [Bidirectional] [LSTM(64)] for Keras' Bidirectional(LSTM(64)).");

    public static readonly DiagnosticDescriptor InvalidMergeMode = Error("GN0271", "Invalid Bidirectional merge mode",
        "{0}: merge_mode must be \"concat\", \"sum\", \"mul\" or \"ave\". Received: merge_mode=\"{1}\". Write e.g. MergeMode = \"concat\" (Keras' default), or leave it out.");

    public static readonly DiagnosticDescriptor BidirectionalGoBackwards = Error("GN0272", "Bidirectional around a go_backwards layer",
        "{0}: the wrapped {1} must not set GoBackwards; Bidirectional runs it forwards and a copy backwards itself (Keras requires the two halves to differ in go_backwards). Remove GoBackwards = true.");

    // GN0273 (GRU with both dropouts) is retired: GRU and LSTM read one input mask per gate then, as Keras does.
    // seq3: GN0274–GN0279, ReturnState and node outputs.
    public static readonly DiagnosticDescriptor ReturnStateInSequential = Error("GN0274", "ReturnState in a Sequential model",
        "{0}: ReturnState gives the layer several output tensors, and every layer of a Sequential model has one (Keras raises the same). Declare the model [Functional(…)] and read the state as \"name:1\" (LSTM's cell state \"name:2\"), or remove ReturnState.");

    public static readonly DiagnosticDescriptor UnknownNodeOutput = Error("GN0275", "Reference to an output the node does not have",
        "{0}: \"{1}\" names an output the node does not have: {2}.");


    // seqfeat: GN0278, GN0279, GN0284–GN0289, loss masking and Bidirectional states.
    public static readonly DiagnosticDescriptor MaskedOutputOfSeveral = Error("GN0278", "Masked output in a model with several outputs",
        "{0}: output '{1}' carries Keras' mask (Embedding(MaskZero = true) passed on to it by ReturnSequences layers), and a masked loss (averaged over the unmasked steps) is supported for a model with one output only. Make '{1}' the only output, or drop MaskZero = true so that every step counts.");

    // GN0290–GN0299: weight regularizers and constraints (KernelRegularizer, KernelConstraint, … on any layer kind).
    public static readonly DiagnosticDescriptor InvalidRegularizer = Error("GN0290", "Unknown or malformed regularizer",
        "{0}: invalid {1}. Received: {1}=\"{2}\". {3}");

    public static readonly DiagnosticDescriptor InvalidConstraint = Error("GN0291", "Unknown or malformed constraint",
        "{0}: invalid {1}. Received: {1}=\"{2}\". {3}");

    public static readonly DiagnosticDescriptor ConstraintAxisOutOfRange = Error("GN0292", "Constraint axis outside the weight",
        "{0}: {1} reduces axis {2}, but weight '{3}' has shape [{4}]. Received: {1}=\"{5}\". Name axes of the weight's own shape (negative ones count from the end), e.g. axis=[0, 1, 2] for each filter of a Conv2D kernel [kh, kw, in, filters].");
    // vision2 layers (GN0280–GN0289): transposed, separable and grouped convolutions.
    public static readonly DiagnosticDescriptor OutputPaddingNotBelowStride = Error("GN0280", "Output padding not smaller than the stride",
        "{0}: output_padding must be smaller than strides (Keras: \"Strides must be greater than output padding\"). Received: output_padding={1}, strides={2}. Write OutputPadding = {3} or less, or leave it unset.");

    public static readonly DiagnosticDescriptor TransposedOutputEmpty = Error("GN0282", "Transposed convolution output is empty",
        "{0}: the output would be {1} pixels (input shape {2}, kernel_size={3}, strides={4}); every output axis must be at least 1. Use padding \"valid\", a larger OutputPadding or an odd kernel.");

    public static readonly DiagnosticDescriptor GroupsDoNotDivide = Error("GN0283", "Groups do not divide the channels",
        "{0}: the number of {1} must be evenly divisible by groups (each group convolves its own share). Received: {1}={2}, groups={3}. Choose groups that divide both the filters and the input channels, e.g. Groups = 1.");

    // GN0301–GN0319: compiled-in weights ([EmbeddedWeights]); {0} is the class, {1} the file name.
    public static readonly DiagnosticDescriptor EmbeddedWeightsWithoutModel = Error("GN0301", "Embedded weights without a model",
        "[EmbeddedWeights] on '{0}' has no model to load into: the class has no [Sequential] or [Functional] attribute. Declare the model on the class, or remove [EmbeddedWeights].");

    public static readonly DiagnosticDescriptor WeightFileNotFound = Error("GN0302", "Weight file is not an AdditionalFiles item",
        "Model '{0}': the weight file '{1}' is not among the project's AdditionalFiles (weight files found: {2}). Add <AdditionalFiles Include=\"path/to/{1}\" /> to the project file, or correct the name.");

    public static readonly DiagnosticDescriptor WeightFileNotEncoded = Error("GN0303", "Weight file was not encoded for the compiler",
        "Model '{0}': the weight file '{1}' reached the compiler as a binary file ({2}); the compiler passes AdditionalFiles to generators only as text. Check that the file exists; GenNet's build step (build/GenNet.targets, imported by the GenNet package) encodes every existing .safetensors AdditionalFiles item. Reference the package, or import GenNet.targets in the project.");

    public static readonly DiagnosticDescriptor InvalidWeightFile = Error("GN0304", "Weight file is not a valid safetensors file",
        "Model '{0}': '{1}' is not a valid safetensors file: {2}. Save the weights again with model.Save(path).");

    public static readonly DiagnosticDescriptor WeightFileArchitectureMismatch = Error("GN0305", "Weight file is from another architecture",
        "Model '{0}': '{1}' does not fit this model: {2}. Retrain and save this model, or declare the layers the file was saved from.");

    public static readonly DiagnosticDescriptor WeightFileTensorNames = Error("GN0306", "Weight file tensors do not match the model's weights",
        "Model '{0}': '{1}': {2}. The file must hold exactly the model's weights, named as in Summary() (e.g. dense_1.kernel); save it with model.Save(path).");

    public static readonly DiagnosticDescriptor WeightFileDType = Error("GN0307", "Weight file tensor is not F32",
        "Model '{0}': '{1}': {2}. Convert the tensor to float32 before saving, or save the weights with model.Save(path).");

    public static readonly DiagnosticDescriptor WeightFileShape = Error("GN0308", "Weight file tensor has another shape",
        "Model '{0}': '{1}': {2}. Save the weights from a model with this declaration, or change the layer to the file's shape.");

    public static readonly DiagnosticDescriptor WeightFileLayout = Error("GN0309", "Weight file is truncated or its data is misplaced",
        "Model '{0}': '{1}' is damaged: {2}. Copy or save the file again (an interrupted copy truncates it).");

    public static readonly DiagnosticDescriptor AmbiguousWeightFile = Error("GN0310", "Two weight files have the same name",
        "Model '{0}': two AdditionalFiles are named '{1}' ({2}). Keep one, or give one a different file name (or Link).");

    public static readonly DiagnosticDescriptor InvalidWeightFileName = Error("GN0311", "Invalid weight file name",
        "[EmbeddedWeights] on '{0}' names no file. Received: \"{1}\". Write the file name of a .safetensors AdditionalFiles item, e.g. [EmbeddedWeights(\"model.safetensors\")].");

    // GN0401–GN0419: models imported at build time ([OnnxModel]); {0} is the class, {1} the file name.
    public static readonly DiagnosticDescriptor InvalidOnnxFileName = Error("GN0401", "Invalid ONNX file name",
        "[OnnxModel] on '{0}' names no file. Received: \"{1}\". Write the file name of a .onnx AdditionalFiles item, e.g. [OnnxModel(\"model.onnx\")].");

    public static readonly DiagnosticDescriptor OnnxFileNotFound = Error("GN0402", "ONNX file is not an AdditionalFiles item",
        "Model '{0}': the ONNX file '{1}' is not among the project's AdditionalFiles (ONNX files found: {2}). Add <AdditionalFiles Include=\"path/to/{1}\" /> to the project file, or correct the name.");

    public static readonly DiagnosticDescriptor OnnxFileNotEncoded = Error("GN0403", "ONNX file was not encoded for the compiler",
        "Model '{0}': the ONNX file '{1}' reached the compiler as a binary file ({2}); the compiler passes AdditionalFiles to generators only as text. GenNet's build step (build/GenNet.targets, imported by the GenNet package) encodes every existing .onnx AdditionalFiles item: reference the package, or import GenNet.targets in the project.");

    public static readonly DiagnosticDescriptor InvalidOnnxFile = Error("GN0404", "Not a valid ONNX file",
        "Model '{0}': '{1}' is not a valid ONNX model: {2}. Export it again (torch.onnx.export, tf2onnx); a copy that was cut short is truncated.");

    public static readonly DiagnosticDescriptor OnnxOpset = Error("GN0405", "Unsupported ONNX opset",
        "Model '{0}': '{1}' uses ai.onnx opset {2}; GenNet imports opsets {3}. Export again with opset_version in that range.");

    public static readonly DiagnosticDescriptor OnnxUnsupportedOp = Error("GN0406", "Unsupported ONNX op",
        "Model '{0}': '{1}': node {2} is a {3}, which GenNet cannot import. Supported: {4}.");

    public static readonly DiagnosticDescriptor OnnxUnsupportedAttribute = Error("GN0407", "Unsupported ONNX attribute value",
        "Model '{0}': '{1}': node {2} ({3}) has {4} = {5}; GenNet imports {6}.");

    public static readonly DiagnosticDescriptor OnnxDynamicShape = Error("GN0408", "ONNX input shape is not fixed",
        "Model '{0}': '{1}': {2} has {3}; GenNet compiles fixed shapes and needs {4}.");

    public static readonly DiagnosticDescriptor OnnxGraphShape = Error("GN0409", "ONNX graph is not a chain GenNet can import",
        "Model '{0}': '{1}': {2} has {3}; GenNet imports {4}.");

    public static readonly DiagnosticDescriptor OnnxModelWithDeclaration = Error("GN0410", "Imported model also declared",
        "'{0}' has [OnnxModel] and also [{1}]: the file declares the layers. Remove [{1}] and its layer attributes (copy them from the generated file's remarks to declare the model by hand instead).");

    public static readonly DiagnosticDescriptor OnnxImportDoesNotInfer = Error("GN0411", "Imported model does not compile",
        "Model '{0}': '{1}' was read, but its layers do not form a model GenNet can build: {2}.");

    // kerasgen: GN0420–GN0439, models imported at build time from Keras files ([KerasModel]); {0} is the class, {1} the file name.
    public static readonly DiagnosticDescriptor InvalidKerasFileName = Error("GN0420", "Invalid Keras file name",
        "[KerasModel] on '{0}' names no file. Received: \"{1}\". Write the file name of a .keras or .h5 AdditionalFiles item, e.g. [KerasModel(\"model.keras\")].");

    public static readonly DiagnosticDescriptor KerasFileNotFound = Error("GN0421", "Keras file is not an AdditionalFiles item",
        "Model '{0}': the Keras file '{1}' is not among the project's AdditionalFiles (Keras files found: {2}). Add <AdditionalFiles Include=\"path/to/{1}\" /> to the project file, or correct the name.");

    public static readonly DiagnosticDescriptor KerasFileNotEncoded = Error("GN0422", "Keras file was not encoded for the compiler",
        "Model '{0}': the Keras file '{1}' reached the compiler as a binary file ({2}); the compiler passes AdditionalFiles to generators only as text. GenNet's build step (build/GenNet.targets, imported by the GenNet package) encodes every existing .keras and .h5 AdditionalFiles item: reference the package, or import GenNet.targets in the project.");

    public static readonly DiagnosticDescriptor InvalidKerasFile = Error("GN0423", "Not a Keras model file GenNet can read",
        "Model '{0}': '{1}' cannot be read as a Keras model: {2}. Save the model again with model.save(\"model.keras\") (or the legacy model.save(\"model.h5\")); a copy that was cut short is truncated.");

    public static readonly DiagnosticDescriptor KerasUnsupportedLayer = Error("GN0424", "Unsupported Keras layer",
        "Model '{0}': '{1}': layer {2} is a {3}, which GenNet cannot import. Supported: {4}.");

    public static readonly DiagnosticDescriptor KerasUnsupportedAttribute = Error("GN0425", "Unsupported Keras layer argument value",
        "Model '{0}': '{1}': layer {2} ({3}) has {4} = {5}; GenNet imports {6}.");

    public static readonly DiagnosticDescriptor KerasModelShape = Error("GN0426", "Keras model is not one GenNet can import",
        "Model '{0}': '{1}': {2} has {3}; GenNet imports {4}.");

    public static readonly DiagnosticDescriptor KerasWeightsMismatch = Error("GN0427", "Keras file weights do not match the layer",
        "Model '{0}': '{1}': layer {2} ({3}) needs {4} but the file holds {5}. The file's config and its weights disagree; save the model again.");

    public static readonly DiagnosticDescriptor KerasModelWithDeclaration = Error("GN0428", "Keras-imported model also declared",
        "'{0}' has [KerasModel] and also [{1}]: the file declares the layers. Remove [{1}] and its layer attributes (copy them from the generated file's remarks to declare the model by hand instead).");

    public static readonly DiagnosticDescriptor KerasImportDoesNotInfer = Error("GN0429", "Keras-imported model does not compile",
        "Model '{0}': '{1}' was read, but its layers do not form a model GenNet can build: {2}.");

    public static readonly DiagnosticDescriptor KerasTrainingOptionDropped = Warning("GN0430", "Keras training option not imported",
        "Model '{0}': '{1}': layer {2} ({3}) has {4} = {5}, which GenNet cannot import: {6}; the model is imported without it (inference is unchanged; fine-tuning runs without it).");

    public static readonly DiagnosticDescriptor ParameterCountTooLarge = Error("GN0901", "Too many parameters",
        "Model '{0}' has {1} parameters; one float[] holds at most {2}. Make the layers smaller.");

    public static readonly DiagnosticDescriptor WorkspaceTooLarge = Error("GN0902", "Workspace too large",
        "Model '{0}' needs {1} floats of workspace per sample (at {2}); at most {3} fit in one buffer. Make the layers smaller.");

    public static readonly DiagnosticDescriptor InternalError = Error("GN0999", "Internal generator error",
        "The GenNet generator failed on '{0}': {1}. Please report this bug with the declaration.");

    /// <summary>All descriptors, for lookup by id and for the documentation tests.</summary>
    public static readonly IReadOnlyList<DiagnosticDescriptor> All = typeof(Descriptors).GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null))
        .OrderBy(d => d.Id, System.StringComparer.Ordinal)
        .ToArray();

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    /// <summary>
    /// Errors about the class itself (not partial, a base class, generic, not a class, two model attributes): the
    /// generator cannot add members to it, so not even placeholders are generated.
    /// </summary>
    public static bool IsClassLevel(string id) =>
        id == ModelNotPartial.Id || id == ModelHasBaseClass.Id || id == ContainingTypeNotPartial.Id || id == GenericModel.Id ||
        id == ModelNotClass.Id || id == TwoModelAttributes.Id;

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true,
            helpLinkUri: $"docs/diagnostics.md#{id.ToLowerInvariant()}");
}
