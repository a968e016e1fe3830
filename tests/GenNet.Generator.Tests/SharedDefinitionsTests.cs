using System.Reflection;
using GenNet.Generator.Layers;
using GenNet.Shared;

namespace GenNet.Generator.Tests;

/// <summary>
/// The generator and the runtime agree on what src/Shared writes once, and the generator's layer registry covers every
/// layer attribute the runtime ships (an unregistered one would be GN0017 for every user who writes it).
/// </summary>
public class SharedDefinitionsTests
{
    /// <summary>Runtime attributes that are not layers: they declare a model or configure it.</summary>
    private static readonly string[] ModelAttributes = { AttributeNames.Sequential, AttributeNames.Functional, AttributeNames.EmbeddedWeights, AttributeNames.OnnxModel, AttributeNames.KerasModel };

    private static IEnumerable<Type> RuntimeAttributes() =>
        typeof(GenNet.Model).Assembly.GetExportedTypes().Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract);

    private static IEnumerable<Type> RuntimeLayerAttributes() =>
        RuntimeAttributes().Where(t => !ModelAttributes.Contains(t.FullName));

    [Fact]
    public void EveryPublicLayerAttribute_IsRegistered()
    {
        string[] missing = RuntimeLayerAttributes().Select(t => t.FullName!).Where(n => LayerKinds.Find(n) is null).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryLayerAttributeBaseDerivative_IsRegistered()
    {
        Type layerBase = typeof(GenNet.Model).Assembly.GetType(AttributeNames.LayerBase, throwOnError: true)!;
        Type[] derived = RuntimeAttributes().Where(layerBase.IsAssignableFrom).ToArray();
        Assert.NotEmpty(derived);
        Assert.All(derived, t => Assert.NotNull(LayerKinds.Find(t.FullName!)));
    }

    [Fact]
    public void EveryRegisteredKind_IsARuntimeAttribute()
    {
        var runtime = RuntimeLayerAttributes().Select(t => t.FullName).ToHashSet();
        Assert.All(LayerKinds.All, kind => Assert.Contains(kind.MetadataName, runtime));
        Assert.Equal(LayerKinds.All.Count, LayerKinds.All.Select(k => k.MetadataName).Distinct().Count());
    }

    [Fact]
    public void ModelAttributeNames_NameRuntimeTypes()
    {
        Assembly runtime = typeof(GenNet.Model).Assembly;
        Assert.All(ModelAttributes.Append(AttributeNames.ModelBase).Append(AttributeNames.LayerBase),
            name => Assert.NotNull(runtime.GetType(name)));
    }

    [Fact]
    public void LayerArgumentNames_AreExactlyTheLayerAttributesNamedArguments()
    {
        var written = RuntimeLayerAttributes().Append(typeof(LayerAttribute))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.CanWrite)
            .Select(p => p.Name)
            .ToHashSet();
        var shared = typeof(LayerArgumentNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        Assert.Equal(written.OrderBy(n => n, StringComparer.Ordinal), shared.OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(typeof(LayerArgumentNames).GetFields(), f => Assert.Equal(f.Name, f.GetRawConstantValue()));
    }

    [Fact]
    public void ActConstants_AreTheSharedActivationNames_InOrder()
    {
        string[] act = typeof(Act).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.Equal(ActivationNames.All, act);
        Assert.Equal(ActivationNames.All, ActivationFunction.Names);
    }

    [Theory]
    [InlineData(7, 3, 1, 1, false, 5, 0)]
    [InlineData(7, 3, 2, 1, true, 4, 1)]
    [InlineData(6, 3, 1, 2, true, 6, 2)]
    [InlineData(8, 2, 2, 1, false, 4, 0)]
    [InlineData(5, 3, 2, 1, true, 3, 1)]
    public void WindowArithmetic_MatchesTheRuntimesPaddingRule(int n, int k, int s, int d, bool same, int outLength, int padBefore)
    {
        Assert.Equal((outLength, padBefore), WindowArithmetic.Resolve(n, k, s, d, same));
        Assert.Equal((outLength, padBefore), GenNet.Kernels.ConvolutionPadding.Resolve(n, k, s, d, same));
    }

    [Fact]
    public void WindowArithmetic_ValidWindowThatDoesNotFit_IsZeroInTheGeneratorAndThrowsInTheRuntime()
    {
        Assert.Equal((0, 0), WindowArithmetic.Resolve(4, 3, 1, 2, same: false));
        Assert.Throws<ArgumentException>(() => GenNet.Kernels.ConvolutionPadding.Resolve(4, 3, 1, 2, same: false));
    }

    [Fact]
    public void Im2ColScratch_IsWhatTheRuntimeKernelAsksFor()
    {
        var geometry = GenNet.Kernels.Conv2DGeometry.Create(9, 7, 3, 3, 2, 5, strideH: 2, same: true);
        long expected = GenNet.Kernels.Conv2DKernel.ScratchSize(geometry, batch: 4);
        Assert.Equal(expected, WindowArithmetic.Im2ColScratchSize(geometry.OutHeight, geometry.OutWidth, 3, 2, 3, 5));
        Assert.Equal((long)geometry.OutHeight * geometry.OutWidth * 3 * 2 * 3 + 3 * 2 * 3 * 5, expected);
    }
}
