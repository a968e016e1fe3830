namespace GenNet.Kernels;

// Tile widths as types: the direct kernels take one as a type argument, so the JIT specializes each width and the
// guards on it (`if (width > 5) …`) fold away, leaving straight-line code for exactly that many cells or taps.
internal static partial class Conv2DDirect
{
    /// <summary>A tile width known to the JIT.</summary>
    private interface ITileWidth
    {
        static abstract int Value { get; }
    }

    private readonly struct One : ITileWidth { public static int Value => 1; }
    private readonly struct Two : ITileWidth { public static int Value => 2; }
    private readonly struct Three : ITileWidth { public static int Value => 3; }
    private readonly struct Four : ITileWidth { public static int Value => 4; }
    private readonly struct Five : ITileWidth { public static int Value => 5; }
    private readonly struct Six : ITileWidth { public static int Value => 6; }
    private readonly struct Seven : ITileWidth { public static int Value => 7; }
    private readonly struct Eight : ITileWidth { public static int Value => 8; }
    private readonly struct Nine : ITileWidth { public static int Value => 9; }
    private readonly struct Ten : ITileWidth { public static int Value => 10; }
    private readonly struct Eleven : ITileWidth { public static int Value => 11; }
    private readonly struct Twelve : ITileWidth { public static int Value => 12; }
    private readonly struct Thirteen : ITileWidth { public static int Value => 13; }
    private readonly struct Fourteen : ITileWidth { public static int Value => 14; }
    private readonly struct Fifteen : ITileWidth { public static int Value => 15; }
    private readonly struct Sixteen : ITileWidth { public static int Value => 16; }
}
