using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>After warm-up, the layer kernels allocate nothing: a training step runs them every batch.</summary>
public class LayerKernelAllocationTests
{
    [Fact]
    public void LayerKernels_AfterWarmUp_AllocateNothing()
    {
        var conv = Conv2DGeometry.Create(9, 9, 3, 3, 3, 8, 2, 2, same: true);
        var pool = PoolGeometry.Create(9, 9, 3, 2, 2, same: true);
        const int batch = 2;
        var rng = new Rng(1);
        float[] x = LayerCases.Random(rng, batch * conv.InputSize), kernel = LayerCases.Random(rng, conv.KernelSize), bias = new float[8];
        var y = new float[batch * conv.OutputSize];
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[8];
        var scratch = new float[Conv2DKernel.ScratchSize(conv, batch)];
        var pooled = new float[batch * pool.OutputSize];
        var gap = new float[batch * 3];
        var saved = new float[6];
        float[] gamma = [1, 1, 1], beta = new float[3], mm = new float[3], mv = [1, 1, 1], gammaGrad = new float[3], betaGrad = new float[3];
        var mask = new float[x.Length];
        int rows = batch * 81;

        void Step()
        {
            Conv2DKernel.Forward(x, kernel, bias, y, scratch, batch, conv);
            Conv2DKernel.Backward(x, kernel, y, dx, dKernel, dBias, scratch, batch, conv);
            MaxPooling2DKernel.Forward(x, pooled, batch, pool);
            MaxPooling2DKernel.Backward(x, pooled, dx, batch, pool);
            AveragePooling2DKernel.Forward(x, pooled, batch, pool);
            AveragePooling2DKernel.Backward(pooled, dx, batch, pool);
            GlobalAveragePooling2DKernel.Forward(x, gap, batch, 9, 9, 3);
            GlobalAveragePooling2DKernel.Backward(gap, dx, batch, 9, 9, 3);
            BatchNormalizationKernel.ForwardTraining(x, gamma, beta, mm, mv, dx, saved, rows, 3);
            BatchNormalizationKernel.BackwardTraining(x, gamma, saved, x, dx, gammaGrad, betaGrad, rows, 3);
            BatchNormalizationKernel.ForwardInference(x, gamma, beta, mm, mv, dx, rows, 3);
            BatchNormalizationKernel.BackwardInference(x, gamma, mm, mv, x, dx, gammaGrad, betaGrad, rows, 3);
            DropoutKernel.Forward(x, dx, mask, 0.5f, rng);
            DropoutKernel.Backward(x, mask, dx);
            AddKernel.Forward(x, x, dx);
            AddKernel.Accumulate(x, dx);
            SubtractKernel.Forward(x, x, dx);
            SubtractKernel.Backward(x, dx, default);
            MultiplyKernel.Forward(x, x, dx);
            MultiplyKernel.Accumulate(x, dx);
            MultiplyKernel.Backward(x, x, x, dx, default);
            AverageKernel.Sum(x, x, dx);
            AverageKernel.Divide(dx, 3);
            AverageKernel.Backward(x, dx, default, 3);
            MaximumKernel.Forward(x, x, dx);
            MaximumKernel.Backward(x, x, x, dx, default);
            MinimumKernel.BackwardPart(x, x, x, dx, true);
            MinimumKernel.KeepWins(x, x, dx, false);
            ConcatenateKernel.Forward(x.AsSpan(0, 10), x.AsSpan(10, 20), dx.AsSpan(0, 30), 10, 1, 2);
            ConcatenateKernel.Backward(dx.AsSpan(0, 30), dx.AsSpan(30, 10), dx.AsSpan(40, 20), 10, 1, 2);
        }

        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
