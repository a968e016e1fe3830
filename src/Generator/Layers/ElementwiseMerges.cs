using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

// Keras' element-wise merges besides Add (Merge.cs): Subtract, Multiply, Average, Maximum, Minimum. Each declaration only
// names itself (the shape check is ElementwiseMergeDeclaration's); each spec's forward and backward change together, and
// with its kernel in GenNet.Kernels. Backward writes each input's gradient (the emitter adds a repeated input's shares,
// FlushAccumulations after each call), as Add does.

/// <summary>Keras <c>Subtract()</c>: <c>y = a − b</c>, exactly two inputs (GN0210); <c>da = dy</c>, <c>db = −dy</c>.</summary>
internal sealed record SubtractDeclaration(string? Name) : ElementwiseMergeDeclaration(Name)
{
    /// <summary>[Subtract] is Keras' Subtract.</summary>
    public static readonly LayerKind Kind = new("Subtract", "Subtract", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "subtract";

    protected override int? ExactInputs => 2;

    /// <summary><c>[Subtract("a", "b", Name = …)]</c>.</summary>
    public static SubtractDeclaration Parse(AttributeReader attribute) =>
        new(attribute.String(LayerArgumentNames.Name)) { From = attribute.Strings(0).ToEquatableArray() };

    protected override LayerSpec Create(LayerIdentity identity, EquatableArray<int> sources, int output) => new SubtractSpec(identity, sources, output);
}

/// <summary>An inferred Subtract layer.</summary>
internal sealed record SubtractSpec(LayerIdentity Identity, EquatableArray<int> Sources, int Output) : MergeSpec(Identity, Sources, Output)
{
    private const string Kernel = KernelsAlias.Prefix + "SubtractKernel.";

    public override string TypeName => "Subtract";

    public override void EmitOnnx(OnnxContext context) => EmitOnnxFold(context, "Sub");

    public override string Description => "Subtract()";

    public override void EmitForward(ForwardContext context)
    {
        string y = context.Declare(Output);
        context.Writer.Line($"{Kernel}Forward({context.Value(Sources[0])}, {context.Value(Sources[1])}, {y});");
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        if (PairCall(context))
        {
            context.Writer.Line($"{Kernel}Backward({dy}, {InputGradient(context, 0)}, {InputGradient(context, 1)});");
            return;
        }
        for (int k = 0; k < 2; k++)
        {
            if (!context.Tensor(Sources[k]).NeedsGradient) continue;
            string g = InputGradient(context, k);
            context.Writer.Line($"{Kernel}Backward({dy}, {(k == 0 ? $"{g}, default" : $"default, {g}")});");
            context.FlushAccumulations();
        }
    }
}

/// <summary>Keras <c>Multiply()</c>: <c>y = x₀ · x₁ · …</c>; input <c>k</c>'s gradient is <c>dy</c> times the other inputs.</summary>
internal sealed record MultiplyDeclaration(string? Name) : ElementwiseMergeDeclaration(Name)
{
    /// <summary>[Multiply] is Keras' Multiply.</summary>
    public static readonly LayerKind Kind = new("Multiply", "Multiply", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "multiply";

    /// <summary><c>[Multiply("a", "b", …, Name = …)]</c>.</summary>
    public static MultiplyDeclaration Parse(AttributeReader attribute) =>
        new(attribute.String(LayerArgumentNames.Name)) { From = attribute.Strings(0).ToEquatableArray() };

    protected override LayerSpec Create(LayerIdentity identity, EquatableArray<int> sources, int output) => new MultiplySpec(identity, sources, output);
}

/// <summary>An inferred Multiply layer.</summary>
internal sealed record MultiplySpec(LayerIdentity Identity, EquatableArray<int> Sources, int Output) : MergeSpec(Identity, Sources, Output)
{
    private const string Kernel = KernelsAlias.Prefix + "MultiplyKernel.";

    public override string TypeName => "Multiply";

    public override void EmitOnnx(OnnxContext context) => EmitOnnxFold(context, "Mul");

    public override string Description => "Multiply()";

    public override void EmitForward(ForwardContext context)
    {
        string y = context.Declare(Output);
        context.Writer.Line($"{Kernel}Forward({context.Value(Sources[0])}, {context.Value(Sources[1])}, {y});");
        for (int k = 2; k < Sources.Count; k++) context.Writer.Line($"{Kernel}Accumulate({context.Value(Sources[k])}, {y});");
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        if (PairCall(context))
        {
            context.Writer.Line($"{Kernel}Backward({dy}, {context.Value(Sources[0])}, {context.Value(Sources[1])}, " +
                $"{InputGradient(context, 0)}, {InputGradient(context, 1)});");
            return;
        }
        for (int k = 0; k < Sources.Count; k++)
        {
            if (!context.Tensor(Sources[k]).NeedsGradient) continue;
            string g = InputGradient(context, k);
            if (Sources.Count == 2)
            {
                context.Writer.Line($"{Kernel}Backward({dy}, {context.Value(Sources[0])}, {context.Value(Sources[1])}, " +
                    $"{(k == 0 ? $"{g}, default" : $"default, {g}")});");
            }
            else
            {
                // dx_k = dy · x_j for the first other input j, then ·= each further one.
                int first = k == 0 ? 1 : 0;
                context.Writer.Line($"{Kernel}Forward({dy}, {context.Value(Sources[first])}, {g});");
                for (int j = first + 1; j < Sources.Count; j++)
                {
                    if (j != k) context.Writer.Line($"{Kernel}Accumulate({context.Value(Sources[j])}, {g});");
                }
            }
            context.FlushAccumulations();
        }
    }
}

/// <summary>Keras <c>Average()</c>: <c>y = (x₀ + … + x_{n−1}) / n</c>; every input's gradient is <c>dy / n</c>.</summary>
internal sealed record AverageDeclaration(string? Name) : ElementwiseMergeDeclaration(Name)
{
    /// <summary>[Average] is Keras' Average.</summary>
    public static readonly LayerKind Kind = new("Average", "Average", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "average";

    /// <summary><c>[Average("a", "b", …, Name = …)]</c>.</summary>
    public static AverageDeclaration Parse(AttributeReader attribute) =>
        new(attribute.String(LayerArgumentNames.Name)) { From = attribute.Strings(0).ToEquatableArray() };

    protected override LayerSpec Create(LayerIdentity identity, EquatableArray<int> sources, int output) => new AverageSpec(identity, sources, output);
}

/// <summary>An inferred Average layer.</summary>
internal sealed record AverageSpec(LayerIdentity Identity, EquatableArray<int> Sources, int Output) : MergeSpec(Identity, Sources, Output)
{
    private const string Kernel = KernelsAlias.Prefix + "AverageKernel.";

    public override string TypeName => "Average";

    public override void EmitOnnx(OnnxContext context) => EmitOnnxVariadic(context, "Mean");

    public override string Description => "Average()";

    public override void EmitForward(ForwardContext context)
    {
        string y = context.Declare(Output);
        string pair = $"({context.Value(Sources[0])}, {context.Value(Sources[1])}, {y});";
        if (Sources.Count == 2)
        {
            context.Writer.Line($"{Kernel}Forward{pair}");
            return;
        }
        context.Writer.Line($"{Kernel}Sum{pair}");
        for (int k = 2; k < Sources.Count; k++) context.Writer.Line($"{Kernel}Accumulate({context.Value(Sources[k])}, {y});");
        context.Writer.Line($"{Kernel}Divide({y}, {Text.Int(Sources.Count)});");
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output), count = Text.Int(Sources.Count);
        if (PairCall(context))
        {
            context.Writer.Line($"{Kernel}Backward({dy}, {InputGradient(context, 0)}, {InputGradient(context, 1)}, {count});");
            return;
        }
        for (int k = 0; k < Sources.Count; k++)
        {
            if (!context.Tensor(Sources[k]).NeedsGradient) continue;
            context.Writer.Line($"{Kernel}Backward({dy}, {InputGradient(context, k)}, default, {count});");
            context.FlushAccumulations();
        }
    }
}

/// <summary>Keras <c>Maximum()</c> (<paramref name="Kind"/> "Maximum") or <c>Minimum()</c> ("Minimum").</summary>
internal sealed record ExtremumDeclaration(string Kind, string? Name) : ElementwiseMergeDeclaration(Name)
{
    /// <summary>[Maximum] is Keras' Maximum.</summary>
    public static readonly LayerKind Maximum = new("Maximum", "Maximum", ParseMaximum);

    /// <summary>[Minimum] is Keras' Minimum.</summary>
    public static readonly LayerKind Minimum = new("Minimum", "Minimum", ParseMinimum);

    public override string TypeName => Kind;

    public override string DefaultName => Kind == Maximum.KerasName ? "maximum" : "minimum";

    /// <summary><c>[Maximum("a", "b", …, Name = …)]</c>.</summary>
    public static ExtremumDeclaration ParseMaximum(AttributeReader attribute) =>
        new(Maximum.KerasName, attribute.String(LayerArgumentNames.Name)) { From = attribute.Strings(0).ToEquatableArray() };

    /// <summary><c>[Minimum("a", "b", …, Name = …)]</c>.</summary>
    public static ExtremumDeclaration ParseMinimum(AttributeReader attribute) =>
        new(Minimum.KerasName, attribute.String(LayerArgumentNames.Name)) { From = attribute.Strings(0).ToEquatableArray() };

    protected override LayerSpec Create(LayerIdentity identity, EquatableArray<int> sources, int output) => new ExtremumSpec(identity, sources, output, Kind);
}

/// <summary>
/// An inferred Maximum or Minimum layer: each element's gradient goes whole to the input holding the extremum, on a tie to
/// the earliest one (Keras on TensorFlow). With more than two inputs, input <c>k</c>'s gradient is <c>dy</c> where it beats
/// one other input (<c>BackwardPart</c>), masked by each further one (<c>KeepWins</c>).
/// </summary>
internal sealed record ExtremumSpec(LayerIdentity Identity, EquatableArray<int> Sources, int Output, string Kind) : MergeSpec(Identity, Sources, Output)
{
    private string Kernel => KernelsAlias.Prefix + Kind + "Kernel.";

    public override string TypeName => Kind;

    public override void EmitOnnx(OnnxContext context) => EmitOnnxVariadic(context, Kind == ExtremumDeclaration.Maximum.KerasName ? "Max" : "Min");

    public override string Description => $"{Kind}()";

    public override void EmitForward(ForwardContext context)
    {
        string y = context.Declare(Output);
        context.Writer.Line($"{Kernel}Forward({context.Value(Sources[0])}, {context.Value(Sources[1])}, {y});");
        for (int k = 2; k < Sources.Count; k++) context.Writer.Line($"{Kernel}Accumulate({context.Value(Sources[k])}, {y});");
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        if (PairCall(context))
        {
            context.Writer.Line($"{Kernel}Backward({dy}, {context.Value(Sources[0])}, {context.Value(Sources[1])}, " +
                $"{InputGradient(context, 0)}, {InputGradient(context, 1)});");
            return;
        }
        for (int k = 0; k < Sources.Count; k++)
        {
            if (!context.Tensor(Sources[k]).NeedsGradient) continue;
            string g = InputGradient(context, k);
            if (Sources.Count == 2)
            {
                context.Writer.Line($"{Kernel}Backward({dy}, {context.Value(Sources[0])}, {context.Value(Sources[1])}, " +
                    $"{(k == 0 ? $"{g}, default" : $"default, {g}")});");
            }
            else
            {
                string x = context.Value(Sources[k]);
                int first = k == 0 ? 1 : 0;
                context.Writer.Line($"{Kernel}BackwardPart({dy}, {x}, {context.Value(Sources[first])}, {g}, {Bool(first < k)});");
                for (int j = first + 1; j < Sources.Count; j++)
                {
                    if (j != k) context.Writer.Line($"{Kernel}KeepWins({x}, {context.Value(Sources[j])}, {g}, {Bool(j < k)});");
                }
            }
            context.FlushAccumulations();
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
