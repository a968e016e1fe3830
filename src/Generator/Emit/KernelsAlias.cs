using GenNet.Generator.Helpers;

namespace GenNet.Generator.Emit;

/// <summary>
/// The generated file's alias for <c>GenNet.Kernels</c>, so kernel calls read <c>__GenNetKernels.DenseKernel.Forward(…)</c>
/// rather than spelling out <c>global::GenNet.Kernels</c> each time.
/// </summary>
/// <remarks>
/// Why this name and not a readable one like <c>Kernels</c>: the alias shares its scope with names the user owns. A type
/// <c>Kernels</c> in the model's namespace conflicts with an alias declared in that namespace block (CS0576) and hides one
/// declared at file level; a member or nested type <c>Kernels</c> of the model class, of a containing type or of
/// <c>GenNet.Model</c> hides either. Checking the user's symbols for a free name would tie the cached model to unrelated
/// files. Identifiers with two consecutive underscores are reserved for the implementation by the C# specification, so
/// this one cannot collide with well-formed user code. The alias is declared inside the namespace block, where types
/// in enclosing namespaces cannot hide it. Attributes, the base class and XML crefs keep <c>global::</c>: they stay
/// fully qualified like the rest of the non-kernel GenNet API.
/// </remarks>
internal static class KernelsAlias
{
    /// <summary>The alias' name.</summary>
    public const string Name = "__GenNetKernels";

    /// <summary>What a kernel type's name follows in generated code: <c>__GenNetKernels.</c>.</summary>
    public const string Prefix = Name + ".";

    /// <summary>Writes the using directive (first thing in the namespace block, or at file level without a namespace).</summary>
    public static void Emit(CodeWriter w)
    {
        w.Line($"using {Name} = global::GenNet.Kernels;");
        w.Line();
    }
}
