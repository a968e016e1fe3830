using GenNet.Kernels;

namespace GenNet.Benchmarks;

/// <summary>Which public product a case calls.</summary>
public enum GemmOp
{
    /// <summary><c>Gemm.Multiply</c>: <c>c[m, n] = a[m, k] · b[k, n]</c>.</summary>
    AB,
    /// <summary><c>Gemm.MultiplyTransposedA</c>: <c>c[k, n] = a[m, k]ᵀ · b[m, n]</c> (weight gradient).</summary>
    AtB,
    /// <summary><c>Gemm.MultiplyTransposedB</c>: <c>c[m, k] = a[m, n] · b[k, n]ᵀ</c> (input gradient).</summary>
    ABt,
}

/// <summary>One benchmarked product: the operation and its sizes as the public signature names them, with its data.</summary>
public sealed class GemmCase
{
    public GemmCase(string name, GemmOp op, int m, int k, int n)
    {
        Name = name; Op = op; M = m; K = k; N = n;
        var rng = new Random(m * 1_000_003 + k * 1009 + n);
        A = Fill(rng, op == GemmOp.ABt ? m * n : m * k);
        B = Fill(rng, op == GemmOp.AB ? k * n : op == GemmOp.AtB ? m * n : k * n);
        C = new float[op == GemmOp.AtB ? k * n : op == GemmOp.ABt ? m * k : m * n];
    }

    public string Name { get; }
    public GemmOp Op { get; }
    public int M { get; }
    public int K { get; }
    public int N { get; }
    public float[] A { get; }
    public float[] B { get; }
    public float[] C { get; }

    /// <summary>Two flops (a multiply and an add) per term of every sum.</summary>
    public double Flops => 2.0 * M * K * N;

    /// <summary>The product as matrices: <c>[rows×inner]·[inner×cols]</c>.</summary>
    public string Shape => Op switch
    {
        GemmOp.AB => $"[{M}×{K}]·[{K}×{N}]",
        GemmOp.AtB => $"[{M}×{K}]ᵀ·[{M}×{N}]",
        _ => $"[{M}×{N}]·[{K}×{N}]ᵀ",
    };

    public override string ToString() => Name;

    public void RunGenNet()
    {
        switch (Op)
        {
            case GemmOp.AB: Gemm.Multiply(A, B, C, M, K, N, accumulate: false); break;
            case GemmOp.AtB: Gemm.MultiplyTransposedA(A, B, C, M, K, N, accumulate: false); break;
            default: Gemm.MultiplyTransposedB(A, B, C, M, N, K, accumulate: false); break;
        }
    }

    public void RunNaive()
    {
        switch (Op)
        {
            case GemmOp.AB: NaiveGemm.Multiply(A, B, C, M, K, N, accumulate: false); break;
            case GemmOp.AtB: NaiveGemm.MultiplyTransposedA(A, B, C, M, K, N, accumulate: false); break;
            default: NaiveGemm.MultiplyTransposedB(A, B, C, M, N, K, accumulate: false); break;
        }
    }

    /// <summary>
    /// The normalized problem Gemm runs: rows, cols, inner and the strides of A(i, p) and B(p, j) (see Gemm.Driver.cs).
    /// </summary>
    public (int Rows, int Cols, int Inner, nint RsA, nint CsA, nint RsB, nint CsB) Normalized => Op switch
    {
        GemmOp.AB => (M, N, K, K, 1, N, 1),
        GemmOp.AtB => (K, N, M, 1, K, N, 1),
        _ => (M, K, N, N, 1, 1, N),
    };

    /// <summary>The shapes the issue asks for: squares, then the sample models' products.</summary>
    public static IEnumerable<GemmCase> All()
    {
        foreach (int s in new[] { 64, 128, 256, 512, 1024 }) yield return new GemmCase($"square {s}", GemmOp.AB, s, s, s);
        // MLP 784-100-50-10, batch 100: forward x·W, backward xᵀ·dy and dy·Wᵀ (the first layer needs no dx).
        yield return new GemmCase("mlp fwd 784→100", GemmOp.AB, 100, 784, 100);
        yield return new GemmCase("mlp fwd 100→50", GemmOp.AB, 100, 100, 50);
        yield return new GemmCase("mlp fwd 50→10", GemmOp.AB, 100, 50, 10);
        yield return new GemmCase("mlp dW 784→100", GemmOp.AtB, 100, 784, 100);
        yield return new GemmCase("mlp dW 100→50", GemmOp.AtB, 100, 100, 50);
        yield return new GemmCase("mlp dW 50→10", GemmOp.AtB, 100, 50, 10);
        yield return new GemmCase("mlp dx 100→50", GemmOp.ABt, 100, 100, 50);
        yield return new GemmCase("mlp dx 50→10", GemmOp.ABt, 100, 50, 10);
        // The same products on a training chunk (batch 100 is cut into two chunks of 50 rows) and on inference batch 1000.
        yield return new GemmCase("mlp50 fwd 784→100", GemmOp.AB, 50, 784, 100);
        yield return new GemmCase("mlp50 fwd 100→50", GemmOp.AB, 50, 100, 50);
        yield return new GemmCase("mlp50 fwd 50→10", GemmOp.AB, 50, 50, 10);
        yield return new GemmCase("mlp50 dW 784→100", GemmOp.AtB, 50, 784, 100);
        yield return new GemmCase("mlp50 dW 100→50", GemmOp.AtB, 50, 100, 50);
        yield return new GemmCase("mlp50 dx 100→50", GemmOp.ABt, 50, 100, 50);
        yield return new GemmCase("mlp1000 fwd 784→100", GemmOp.AB, 1000, 784, 100);
        yield return new GemmCase("mlp1000 fwd 100→50", GemmOp.AB, 1000, 100, 50);
        yield return new GemmCase("mlp1000 fwd 50→10", GemmOp.AB, 1000, 50, 10);
        // Batch 1 (GEMV).
        yield return new GemmCase("gemv 784→100", GemmOp.AB, 1, 784, 100);
        yield return new GemmCase("gemv 100→50", GemmOp.AB, 1, 100, 50);
        yield return new GemmCase("gemv 50→10", GemmOp.AB, 1, 50, 10);
        yield return new GemmCase("gemv 96→100 (L1)", GemmOp.AB, 1, 96, 100);
        yield return new GemmCase("gemv 784→96", GemmOp.AB, 1, 784, 96);
        yield return new GemmCase("gemv 784→128", GemmOp.AB, 1, 784, 128);
        // CNN, per sample: im2col products of Conv2D(16, 3) on 28×28×1 and Conv2D(32, 3) on 13×13×16, and its dense layer.
        yield return new GemmCase("conv1 fwd", GemmOp.AB, 676, 9, 16);
        yield return new GemmCase("conv1 dW", GemmOp.AtB, 676, 9, 16);
        yield return new GemmCase("conv2 fwd", GemmOp.AB, 121, 144, 32);
        yield return new GemmCase("conv2 dW", GemmOp.AtB, 121, 144, 32);
        yield return new GemmCase("conv2 dcols", GemmOp.AB, 121, 32, 144);
        yield return new GemmCase("cnn dense 800→64", GemmOp.AB, 128, 800, 64);
    }

    private static float[] Fill(Random rng, int length)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        return values;
    }
}
