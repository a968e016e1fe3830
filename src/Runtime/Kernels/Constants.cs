namespace GenNet.Kernels;

// Small integers as types: a kernel takes one as a type argument, so the JIT compiles one copy per value, with the
// guards on it (`if (width > 5) …`) folded away: straight-line code for exactly that many rows, cells or vectors.

/// <summary>An integer known to the JIT (generic code over structs is specialised per struct).</summary>
internal interface IConstant { static abstract int Value { get; } }

internal readonly struct Const0 : IConstant { public static int Value => 0; }
internal readonly struct Const1 : IConstant { public static int Value => 1; }
internal readonly struct Const2 : IConstant { public static int Value => 2; }
internal readonly struct Const3 : IConstant { public static int Value => 3; }
internal readonly struct Const4 : IConstant { public static int Value => 4; }
internal readonly struct Const5 : IConstant { public static int Value => 5; }
internal readonly struct Const6 : IConstant { public static int Value => 6; }
internal readonly struct Const7 : IConstant { public static int Value => 7; }
internal readonly struct Const8 : IConstant { public static int Value => 8; }
internal readonly struct Const9 : IConstant { public static int Value => 9; }
internal readonly struct Const10 : IConstant { public static int Value => 10; }
internal readonly struct Const11 : IConstant { public static int Value => 11; }
internal readonly struct Const12 : IConstant { public static int Value => 12; }
internal readonly struct Const13 : IConstant { public static int Value => 13; }
internal readonly struct Const14 : IConstant { public static int Value => 14; }
internal readonly struct Const15 : IConstant { public static int Value => 15; }
internal readonly struct Const16 : IConstant { public static int Value => 16; }
