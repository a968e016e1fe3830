using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Lambda(function, output_shape)</c>, compiled: no weights; Forward calls the user's static method
/// <c>F(input, output, batch)</c>, Backward their <c>B(input, output, outputGradient, inputGradient, batch)</c>. The methods
/// are resolved while parsing (<see cref="LambdaMethodResolver"/>), since that needs the semantic model; their problems
/// are kept as data and reported here. Forward and backward change together, and with <c>GenNet.LambdaAttribute</c>'s docs.
/// </summary>
/// <param name="TypeCode">How generated code names the declaring type (<c>global::Ns.MyOps</c>); null when the type is unusable.</param>
/// <param name="TypeDisplay">The type as messages name it, or (when <paramref name="TypeCode"/> is null) what was received.</param>
/// <param name="Backward">The backward method, or null when none was named.</param>
/// <param name="HasOutputShape">Whether <c>OutputShape</c> was written (else the output has the input's shape).</param>
internal sealed record LambdaDeclaration(
    string? TypeCode,
    string TypeDisplay,
    LambdaMethod Function,
    LambdaMethod? Backward,
    bool HasOutputShape,
    EquatableArray<int> OutputShape,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Lambda] is Keras' Lambda.</summary>
    public static readonly LayerKind Kind = new("Lambda", "Lambda", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "lambda";

    /// <summary>
    /// <c>[Lambda(function, Backward = …, OutputShape = …, Name = …)]</c> (methods of the model class) or
    /// <c>[Lambda(typeof(T), function, …)]</c> (methods of T).
    /// </summary>
    public static LambdaDeclaration Parse(AttributeReader attribute)
    {
        bool typed = attribute.ConstructorArity == 2;
        ITypeSymbol? written = typed ? attribute.Type(0) : attribute.Model;
        string? function = attribute.String(typed ? 1 : 0);
        string? backward = attribute.String(LayerArgumentNames.Backward);
        int[]? shape = attribute.IsNull(LayerArgumentNames.OutputShape) ? null : attribute.Ints(LayerArgumentNames.OutputShape);
        string? problem = LambdaMethodResolver.TypeProblem(written);

        string? code = null;
        string display = problem ?? "";
        LambdaMethod forwardMethod = new(function ?? "", LambdaProblem.None);
        LambdaMethod? backwardMethod = backward is null ? null : new LambdaMethod(backward, LambdaProblem.None);
        if (problem is null && written is INamedTypeSymbol type)
        {
            code = LambdaMethodResolver.CodeName(type);
            display = LambdaMethodResolver.DisplayName(type);
            forwardMethod = LambdaMethodResolver.Resolve(type, function, backward: false, attribute.Model, attribute.Compilation);
            if (backward is not null) backwardMethod = LambdaMethodResolver.Resolve(type, backward, backward: true, attribute.Model, attribute.Compilation);
        }
        return new LambdaDeclaration(code, display, forwardMethod, backwardMethod, shape is not null,
            (shape ?? new int[0]).ToEquatableArray(), attribute.String(LayerArgumentNames.Name));
    }

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string who = identity.Describe(TypeName);
        if (TypeCode is null)
        {
            context.Report(Descriptors.LambdaInvalidType, Site.ForLayer(identity.Index, "type"), who, TypeDisplay);
        }
        else
        {
            ReportMethod(context, identity, who, Function, "function", "forward function", LambdaMethodResolver.ForwardSignature);
            if (Backward is not null) ReportMethod(context, identity, who, Backward, "Backward", "backward method", LambdaMethodResolver.BackwardSignature);
        }

        int[] shape = HasOutputShape ? OutputShape.ToArray() : x.Shape.ToArray();
        if (shape.Length == 0 || shape.Any(d => d <= 0))
        {
            context.ReportShape(Descriptors.LambdaInvalidOutputShape, Site.ForLayer(identity.Index, "OutputShape"), who, Text.Shape(shape),
                Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }

        // Without a backward method the gradient stops here: an error only if a trainable weight before the Lambda needs it.
        if (Backward is null && x.NeedsGradient)
        {
            context.Report(Descriptors.LambdaWithoutBackward, Site.ForLayer(identity.Index), who,
                string.Format(System.Globalization.CultureInfo.InvariantCulture, LambdaMethodResolver.BackwardSignature, $"{Function.Name}Backward"));
        }

        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", shape);
        return new LambdaSpec(identity, input, output, TypeCode ?? "", TypeDisplay, Function.Name, Backward?.Name)
        {
            FunctionTakesShapes = Function.TakesShapes,
            BackwardTakesShapes = Backward?.TakesShapes ?? false,
        };
    }

    private void ReportMethod(InferContext context, LayerIdentity identity, string who, LambdaMethod method, string argument, string role, string signature)
    {
        string expected = string.Format(System.Globalization.CultureInfo.InvariantCulture, signature, method.Name.Length == 0 ? "F" : method.Name);
        Site site = Site.ForLayer(identity.Index, argument);
        switch (method.Problem)
        {
            case LambdaProblem.NotFound:
                context.Report(Descriptors.LambdaMethodNotFound, site, who, role, method.Name, TypeDisplay, expected);
                break;
            case LambdaProblem.NotStatic:
                context.Report(Descriptors.LambdaMethodNotStatic, site, who, role, method.Name, method.Received, expected);
                break;
            case LambdaProblem.WrongSignature:
                context.Report(Descriptors.LambdaMethodSignature, site, who, role, method.Name, expected, method.Received);
                break;
            case LambdaProblem.Inaccessible:
                context.Report(Descriptors.LambdaMethodInaccessible, site, who, role, method.Name, method.Received);
                break;
        }
    }
}

/// <summary>An inferred Lambda: its output has a workspace region; the input gradient comes from the user's backward method.</summary>
/// <param name="TypeCode">The declaring type as generated code names it.</param>
/// <param name="Backward">The backward method's name, or null (then nothing before the layer is trainable).</param>
internal sealed record LambdaSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    string TypeCode,
    string TypeDisplay,
    string Function,
    string? Backward) : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    /// <summary>The forward method also takes the per-sample input and output shapes.</summary>
    public bool FunctionTakesShapes { get; init; }

    /// <summary>The backward method also takes the per-sample input and output shapes.</summary>
    public bool BackwardTakesShapes { get; init; }

    public override string TypeName => "Lambda";

    public override string Description => $"Lambda({TypeDisplay}.{Function})";

    // An arbitrary function: an activation before it must not fuse with the loss.
    public override string? FinalActivation => "linear";

    public override IEnumerable<KeyValuePair<string, string>> Config =>
        Backward is null
            ? new[] { Entry("function", $"{TypeDisplay}.{Function}") }
            : new[] { Entry("function", $"{TypeDisplay}.{Function}"), Entry("backward", $"{TypeDisplay}.{Backward}") };

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{TypeCode}.{Identifier(Function)}({x}, {y}, batch{Shapes(context.Model, FunctionTakesShapes)});");
    }

    // ", stackalloc int[] { 8, 8, 3 }, stackalloc int[] { 16, 16, 3 }": the shapes on the stack, so the call allocates nothing.
    private string Shapes(ModelSpec model, bool takesShapes) =>
        takesShapes
            ? $$""", stackalloc int[] { {{string.Join(", ", model.Tensors[Input].Shape.Select(d => Text.Int(d)))}} }, stackalloc int[] { """ +
              $$"""{{string.Join(", ", model.Tensors[Output].Shape.Select(d => Text.Int(d)))}} }"""
            : "";

    public override bool HasBackward(ModelSpec model) => Backward is not null && model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string x = context.Value(Input);
        string y = context.Value(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{TypeCode}.{Identifier(Backward!)}({x}, {y}, {dy}, {dx}, batch" +
            $"{Shapes(context.Model, BackwardTakesShapes)});");
    }

    /// <summary>No ONNX form: the layer calls compiled C#.</summary>
    public override void EmitOnnx(OnnxContext context) =>
        context.Fail($"ONNX export cannot include Lambda layer '{Name}' ({TypeDisplay}.{Function}" +
            "): it calls a C# method, which ONNX cannot express. Export a model without Lambda layers, or apply the function outside the model.");

    /// <summary>A method name as C# code: <c>@class</c> for a keyword.</summary>
    private static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? name : $"@{name}";
}
