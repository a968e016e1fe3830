using System.Numerics.Tensors;

namespace GenNet;

// The one place the optimizer steps. Computing gradients (Trainer.Chunks.cs) never does; this file sums the chunk
// gradients and chooses how the step runs.
internal sealed partial class Trainer
{
    private ReduceJob? _reduceJob;

    /// <summary>
    /// Completes a training step whose <paramref name="chunks"/> chunk gradients are computed: sums them into the model's
    /// <see cref="Model.Gradients"/> (in chunk order), adds the regularizers' gradients, applies the optimizer once, then
    /// the weight constraints.
    /// </summary>
    /// <remarks>
    /// One chunk wrote the model's gradients itself: the optimizer applies over the whole buffer. With several chunks and an
    /// optimizer that updates element by element (<see cref="Optimizer.AppliesInBlocks"/>), each block of parameters is
    /// stepped right after its gradients are summed, on the thread that summed them (one pass over memory, and no serial
    /// pass left for the other threads to wait through); otherwise the sum completes and the optimizer applies after it.
    /// </remarks>
    private void SumGradientsAndStep(Workspace ws, int chunks)
    {
        if (chunks == 1)
        {
            _rules?.AddGradients(_model.Parameters, _model.Gradients, 0, _info.ParameterCount);
            _optimizer.Apply(_model.Parameters, _model.Gradients);
        }
        else
        {
            bool stepsInBlocks = _optimizer.AppliesInBlocks && _optimizer.ParameterCount == _info.ParameterCount;
            var reduce = _reduceJob ??= new ReduceJob(this);
            reduce.Set(ws, chunks, stepsInBlocks ? _optimizer : null);
            WorkerPool.Run(reduce, reduce.Blocks, _model.Threads);
            reduce.Set(ws, chunks, null);
            if (stepsInBlocks)
            {
                _optimizer.EndBlockStep();
            }
            else
            {
                _rules?.AddGradients(_model.Parameters, _model.Gradients, 0, _info.ParameterCount);
                _optimizer.Apply(_model.Parameters, _model.Gradients);
            }
        }
        // Keras projects constrained weights right after the update (optimizer.apply).
        _rules?.Constrain(_model.Parameters);
    }

    /// <summary>
    /// <c>Gradients = g₀ + g₁ + … + g_{C−1}</c> over blocks of the parameter buffer: each element is summed in chunk
    /// order whichever thread does its block, so the sum is the same bit for bit. With an optimizer set, each block's
    /// parameters are then stepped while the block is in cache (blocks, not threads, decide what is computed).
    /// </summary>
    private sealed class ReduceJob(Trainer trainer) : ParallelJob
    {
        // Small enough that a block's gradients and parameters stay in L1/L2 between the sum and the step, large enough to
        // amortize a claim; the block boundaries are fixed, so the results do not depend on the thread count.
        private const int BlockSize = 4096;
        private Workspace _workspace = null!;
        private int _chunks;
        private Optimizer? _optimizer;

        public int Blocks => (trainer._info.ParameterCount + BlockSize - 1) / BlockSize;

        public void Set(Workspace ws, int chunks, Optimizer? optimizer)
        {
            _workspace = ws;
            _chunks = chunks;
            _optimizer = optimizer;
        }

        public override void Execute(int index)
        {
            var gradients = trainer._model.Gradients;
            int start = index * BlockSize, length = Math.Min(BlockSize, gradients.Length - start);
            var sum = gradients.Slice(start, length);
            var chunkGradients = _workspace.Gradients;
            TensorPrimitives.Add(chunkGradients[0].AsSpan(start, length), chunkGradients[1].AsSpan(start, length), sum);
            for (int c = 2; c < _chunks; c++) TensorPrimitives.Add(sum, chunkGradients[c].AsSpan(start, length), sum);
            if (_optimizer is null) return;
            // The penalty's gradient is element-wise: added per block, it is the same whichever thread sums the block.
            trainer._rules?.AddGradients(trainer._model.Parameters, gradients, start, length);
            _optimizer.ApplyBlock(trainer._model.Parameters, gradients, start, length);
        }
    }
}
