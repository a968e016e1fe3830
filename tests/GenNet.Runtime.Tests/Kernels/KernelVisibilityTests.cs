using System.ComponentModel;
using System.Reflection;

namespace GenNet.Tests.KernelTests;

/// <summary>
/// The kernels are public so generated code in a user's assembly can call them, but they are not the user's API:
/// every public type in GenNet.Kernels (and the initializers generated code calls) is hidden from IntelliSense.
/// </summary>
public class KernelVisibilityTests
{
    private static IEnumerable<Type> GeneratedCodeOnlyTypes() =>
        typeof(Model).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "GenNet.Kernels" || t == typeof(GenNet.Initializers));

    [Fact]
    public void EveryPublicKernelType_IsHiddenFromIntelliSense()
    {
        var types = GeneratedCodeOnlyTypes().ToList();
        Assert.Contains(typeof(Kernels.Conv2DKernel), types);
        var visible = types
            .Where(t => t.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(visible);
    }

    [Fact]
    public void UserFacingTypes_StayVisible()
    {
        Assert.Null(typeof(Model).GetCustomAttribute<EditorBrowsableAttribute>());
        Assert.Null(typeof(ModelInfo).GetCustomAttribute<EditorBrowsableAttribute>());
    }
}
