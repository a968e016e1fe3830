using System.Linq;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Parse;

/// <summary>What is wrong with a method a Lambda names, found while parsing and reported by Infer (GN0230–GN0235).</summary>
internal enum LambdaProblem
{
    None,
    NotFound,
    NotStatic,
    WrongSignature,
    Inaccessible,
}

/// <summary>
/// A method a Lambda names, as plain data: the name as written, what is wrong with it, and (for messages) the
/// signature found and its accessibility. Equatable, so it may sit in the cached declaration.
/// </summary>
/// <param name="Received">The declaration found, e.g. <c>public void Square(float[] x)</c>; empty when none was.</param>
/// <param name="TakesShapes">The method ends with <c>ReadOnlySpan&lt;int&gt; inputShape, ReadOnlySpan&lt;int&gt; outputShape</c>: one
/// shape-generic method can serve Lambdas of different shapes.</param>
internal sealed record LambdaMethod(string Name, LambdaProblem Problem, string Received = "", bool TakesShapes = false);

/// <summary>
/// Finds a Lambda's forward and backward methods with the semantic model and keeps only strings: the pipeline caches
/// the result, and Parse re-runs on every compilation change, so an edit to the methods (in any file) is seen.
/// </summary>
internal static class LambdaMethodResolver
{
    /// <summary>The forward signature, as messages spell it.</summary>
    public const string ForwardSignature = "static void {0}(ReadOnlySpan<float> input, Span<float> output, int batch)";

    /// <summary>The backward signature, as messages spell it.</summary>
    public const string BackwardSignature =
        "static void {0}(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch)";

    private static readonly SymbolDisplayFormat Declaration = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeType |
            SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeAccessibility,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
            SymbolDisplayParameterOptions.IncludeParamsRefOut,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>Why <paramref name="type"/> cannot declare Lambda methods, as the user would write it; null when it can.</summary>
    public static string? TypeProblem(ITypeSymbol? type)
    {
        if (type is null) return "null";
        if (type is not INamedTypeSymbol named || type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
        {
            return type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        }
        for (INamedTypeSymbol? t = named; t is not null; t = t.ContainingType)
        {
            if (t.IsUnboundGenericType) return named.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        }
        return null;
    }

    /// <summary>
    /// Resolves <paramref name="name"/> on <paramref name="type"/>: the static method with the Lambda signature
    /// (<paramref name="backward"/> picks which), callable from <paramref name="model"/>.
    /// </summary>
    public static LambdaMethod Resolve(INamedTypeSymbol type, string? name, bool backward, INamedTypeSymbol? model, Compilation? compilation)
    {
        string written = name ?? "";
        IMethodSymbol[] candidates = written.Length == 0
            ? new IMethodSymbol[0]
            : type.GetMembers(written).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToArray();
        if (candidates.Length == 0) return new LambdaMethod(written, LambdaProblem.NotFound);

        IMethodSymbol[] matching = candidates.Where(m => HasSignature(m, backward, shapes: false) || HasSignature(m, backward, shapes: true)).ToArray();
        if (matching.Length == 0) return new LambdaMethod(written, LambdaProblem.WrongSignature, Display(candidates[0]));
        // Of two static overloads, the one without shapes wins (it was the only form before shapes could be passed).
        IMethodSymbol? method = matching.Where(m => m.IsStatic).OrderBy(m => m.Parameters.Length).FirstOrDefault();
        if (method is null) return new LambdaMethod(written, LambdaProblem.NotStatic, Display(matching[0]));
        if (model is not null && compilation is not null && !compilation.IsSymbolAccessibleWithin(method, model))
        {
            return new LambdaMethod(written, LambdaProblem.Inaccessible, Display(method));
        }
        return new LambdaMethod(written, LambdaProblem.None, TakesShapes: HasSignature(method, backward, shapes: true));
    }

    /// <summary>How generated code names <paramref name="type"/>: <c>global::Ns.Outer.MyOps</c>.</summary>
    public static string CodeName(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>How messages name <paramref name="type"/>: <c>MyOps</c>, <c>Outer.MyOps</c>.</summary>
    public static string DisplayName(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    // Forward: (ReadOnlySpan<float>, Span<float>, int). Backward: (ReadOnlySpan<float> ×3, Span<float>, int). With
    // shapes, both end with (ReadOnlySpan<int>, ReadOnlySpan<int>). Returns void, no type parameters, no
    // ref/out/in/params, and callable through the type name (not abstract or virtual).
    private static bool HasSignature(IMethodSymbol method, bool backward, bool shapes)
    {
        string[] expected = backward
            ? new[] { "ReadOnlySpan", "ReadOnlySpan", "ReadOnlySpan", "Span", "int" }
            : new[] { "ReadOnlySpan", "Span", "int" };
        if (shapes) expected = expected.Concat(new[] { "shape", "shape" }).ToArray();
        if (!method.ReturnsVoid || method.IsGenericMethod || method.IsAbstract || method.IsVirtual || method.Parameters.Length != expected.Length) return false;
        for (int i = 0; i < expected.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None || parameter.IsParams) return false;
            bool ok = expected[i] switch
            {
                "int" => parameter.Type.SpecialType == SpecialType.System_Int32,
                "shape" => IsSpanOf(parameter.Type, "ReadOnlySpan", SpecialType.System_Int32),
                _ => IsSpanOf(parameter.Type, expected[i], SpecialType.System_Single),
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary><c>System.Span&lt;T&gt;</c> or <c>System.ReadOnlySpan&lt;T&gt;</c> (by <paramref name="name"/>) of <paramref name="element"/>.</summary>
    private static bool IsSpanOf(ITypeSymbol type, string name, SpecialType element) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
        named.Name == name &&
        named.ContainingType is null &&
        named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } &&
        named.TypeArguments[0].SpecialType == element;

    private static string Display(IMethodSymbol method) => method.ToDisplayString(Declaration);
}
