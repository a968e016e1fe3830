using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>The generator never throws: broken declarations give diagnostics (the compiler's or ours) or nothing.</summary>
public class RobustnessTests
{
    [Theory]
    [InlineData("[Dense] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(\"ten\")] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(Activation = Act.Relu)] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1, Activation = 3)] public partial class M { }")]
    [InlineData("[Sequential(\"x\")] [Dense(1)] public partial class M { }")]
    [InlineData("[Sequential(2)] [Activation] public partial class M { }")]
    [InlineData("[Sequential(2)] [Activation(null)] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1, Activation = null, KernelInitializer = null, Name = null)] public partial class M { }")]
    [InlineData("[Sequential(Input = null)] [Dense(1)] public partial class M { }")]
    [InlineData("[Sequential(2)] [Sequential(3)] [Dense(1)] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1)] public partial class M : Missing { }")]
    [InlineData("[Sequential(2)] [Dense(1)] public partial class M { void F() { int x = \"s\"; } }")]
    [InlineData("[Sequential(2)] [Dense(1)] public partial class M { public M(int seed = 0) { } }")]
    [InlineData("[Sequential(2)] [Dense(1, KernelInitializer = \"random_uniform(1, 0)\")] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1, KernelInitializer = \"constant(1e999)\")] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1, KernelInitializer = \"constant(\")] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1, Name = \"\")] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1, Name = \"_\")] [Dense(1, Name = \"_1\")] public partial class M { }")]
    [InlineData("[Sequential(-5)] [Dense(-1)] public partial class M { }")]
    [InlineData("[Sequential(2)] [Dense(1)] partial struct S { }")]
    [InlineData("[Sequential(2)] [Dense(1)] public partial class")]
    public void MalformedDeclaration_NeverThrows(string declaration)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("using GenNet;\n" + declaration + "\n"));
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "GN0999" || d.Id.StartsWith("CS8785", StringComparison.Ordinal));
    }
}
