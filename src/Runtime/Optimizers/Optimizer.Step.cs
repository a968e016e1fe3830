using System.Numerics.Tensors;

namespace GenNet;

// Build and Apply: the step pipeline shared by every optimizer. Keras: keras/src/optimizers/base_optimizer.py
// (apply → _clip_gradients → _apply_weight_decay → update_step per variable → iterations += 1).
public abstract partial class Optimizer
{
    private int _parameterCount = -1;
    private float[] _slots = [];
    private (int Offset, int Length)[] _variables = [];
    private (int Offset, int Length)[]? _active; // the variables a step updates; null: all of them

    /// <summary>True once <see cref="Build"/> has run.</summary>
    public bool IsBuilt => _parameterCount >= 0;

    /// <summary>Length of the flat parameter buffer this optimizer was built for (0 before <see cref="Build"/>).</summary>
    public int ParameterCount => Math.Max(_parameterCount, 0);

    /// <summary>
    /// Keras' "Optimizer params" in the model summary: <c>SlotsPerParameter · ParameterCount + 2</c>
    /// (the 2 are <c>iterations</c> and <c>learning_rate</c>; with a <see cref="Schedule"/> Keras keeps no
    /// <c>learning_rate</c> variable, so it is + 1).
    /// </summary>
    public int StateCount => SlotsPerParameter * ParameterCount + (_schedule is null ? 2 : 1);

    /// <summary>
    /// The optimizer state, <c>SlotsPerParameter × ParameterCount</c> floats: slot <c>k</c> of parameter <c>i</c> is
    /// <c>Slots[k·ParameterCount + i]</c> (for saving and restoring; the order of slots is documented per optimizer).
    /// </summary>
    public Span<float> Slots => _slots;

    /// <summary>
    /// Allocates the state for a flat buffer of <paramref name="parameterCount"/> floats holding the given
    /// <paramref name="variables"/> (one contiguous range per weight tensor; clipnorm is per variable). An empty
    /// list means one variable covering the whole buffer. Building again with the same count keeps the state;
    /// a different count throws.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already built for another size; more than one of
    /// <see cref="ClipNorm"/>, <see cref="GlobalClipNorm"/>, <see cref="ClipValue"/>; a clip limit that is not positive;
    /// or a configuration the optimizer rejects (AdamW without weight decay).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or a variable outside the buffer.</exception>
    public void Build(int parameterCount, ReadOnlySpan<(int Offset, int Length)> variables)
    {
        if (_parameterCount >= 0)
        {
            if (parameterCount == _parameterCount) return;
            throw new InvalidOperationException(
                $"Optimizer '{Name}' was built for {_parameterCount} parameters; Build was called again with {parameterCount}. Use a new optimizer for another model.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);

        int clipOptions = (_clipNorm.HasValue ? 1 : 0) + (_globalClipNorm.HasValue ? 1 : 0) + (_clipValue.HasValue ? 1 : 0);
        if (clipOptions > 1)
            throw new InvalidOperationException(
                $"Only one of ClipNorm, GlobalClipNorm and ClipValue can be set (as in Keras). Received: ClipNorm={_clipNorm}, GlobalClipNorm={_globalClipNorm}, ClipValue={_clipValue}.");
        float? limit = _clipNorm ?? _globalClipNorm ?? _clipValue;
        if (limit is float c && !(c > 0f))
            throw new InvalidOperationException($"The gradient clipping limit must be positive. Received: {c}.");
        Validate();

        foreach (var (offset, length) in variables)
        {
            if (offset < 0 || length < 0 || offset > parameterCount - length)
                throw new ArgumentOutOfRangeException(nameof(variables),
                    $"Variable (offset {offset}, length {length}) lies outside the parameter buffer of {parameterCount} floats.");
        }

        _variables = variables.IsEmpty ? [(0, parameterCount)] : variables.ToArray();
        _slots = new float[checked(SlotsPerParameter * parameterCount)];
        InitializeSlots(_slots, parameterCount);
        _parameterCount = parameterCount;
    }

    /// <summary>
    /// One training step in Keras' order: clip <paramref name="gradients"/> (in place), decoupled weight decay
    /// <c>v ← v − v·wd·lr</c>, the update rule with <c>t = Iterations + 1</c>, then <c>Iterations += 1</c>.
    /// Allocates nothing.
    /// </summary>
    /// <param name="parameters">The flat parameter buffer, updated in place.</param>
    /// <param name="gradients">Gradients in the same layout; clipping may overwrite them.</param>
    /// <exception cref="InvalidOperationException">Called before <see cref="Build"/>.</exception>
    /// <exception cref="ArgumentException">A buffer length differs from the built parameter count.</exception>
    public void Apply(Span<float> parameters, Span<float> gradients)
    {
        if (_parameterCount < 0) throw new InvalidOperationException($"Call Build before Apply on optimizer '{Name}'.");
        if (parameters.Length != _parameterCount)
            throw new ArgumentException($"Expected {_parameterCount} parameters, received {parameters.Length}.", nameof(parameters));
        if (gradients.Length != _parameterCount)
            throw new ArgumentException($"Expected {_parameterCount} gradients, received {gradients.Length}.", nameof(gradients));

        ClipGradients(gradients);
        long t = Iterations + 1;
        BeginStep(t);
        if (_active is null)
        {
            DecayWeights(parameters);
            Update(parameters, gradients, _slots, t);
        }
        else
        {
            // Frozen layers' weights (and their slots) are left alone, as Keras leaves non-trainable variables out of the step.
            foreach (var (offset, length) in _active)
            {
                var p = parameters.Slice(offset, length);
                DecayWeights(p);
                Update(p, gradients.Slice(offset, length), SlotsPerParameter == 0 ? default : _slots.AsSpan(offset), t);
            }
        }
        Iterations++;
    }

    /// <summary>Decoupled weight decay <c>v ← v − v·wd·lr</c> as one fused pass, <c>v·(−wd·lr) + v</c>.</summary>
    private void DecayWeights(Span<float> parameters)
    {
        if (_weightDecay is float wd && wd != 0f) TensorPrimitives.MultiplyAdd(parameters, (float)(-(double)wd * LearningRate), parameters, parameters);
    }

    /// <summary>
    /// Once per step, before any <see cref="Update"/> call of it: where a rule advances state shared by every parameter
    /// (Nadam's momentum product). <see cref="Update"/> may then run over several ranges of one step. Rules that override
    /// it do not update in blocks.
    /// </summary>
    private protected virtual void BeginStep(long t) { }

    /// <summary>
    /// Leaves the variables inside <paramref name="frozen"/> (ranges of the parameter buffer: the weights of layers set
    /// <c>Trainable = false</c>) out of every following step: no clipping norm counts them, no decay or update touches them
    /// or their slots. An empty list trains every variable again.
    /// </summary>
    internal void SetFrozen(IReadOnlyList<(int Offset, int Length)> frozen)
    {
        if (frozen.Count == 0)
        {
            _active = null;
            return;
        }
        // Each variable less the frozen ranges: whole variables as Compile builds them (one per weight), pieces of one
        // when the optimizer was built with coarser variables.
        var active = new List<(int Offset, int Length)>();
        foreach (var (offset, length) in _variables)
        {
            int start = offset, end = offset + length;
            foreach (var (frozenStart, frozenLength) in frozen.Where(f => f.Offset < end && f.Offset + f.Length > offset).OrderBy(f => f.Offset))
            {
                if (frozenStart > start) active.Add((start, frozenStart - start));
                start = Math.Max(start, frozenStart + frozenLength);
            }
            if (end > start) active.Add((start, end - start));
        }
        _active = active.ToArray();
    }

    /// <summary>
    /// The update rule for step <paramref name="t"/> (1 on the first step) over the whole buffer (or, where
    /// <see cref="UpdatesInBlocks"/>, one block of it), after clipping and weight decay. Slot <c>k</c> of
    /// <c>parameters[i]</c> is <c>slots[k·ParameterCount + i]</c> (<see cref="Slots"/> itself for the whole buffer).
    /// </summary>
    protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t);

    /// <summary>Sets the slots' starting values at <see cref="Build"/>; they start at zero unless overridden (Adagrad).</summary>
    protected virtual void InitializeSlots(Span<float> slots, int parameterCount) { }

    /// <summary>Rejects configurations Keras rejects, at <see cref="Build"/> time.</summary>
    protected virtual void Validate() { }

    /// <summary>
    /// True when the step can run block by block over the parameter buffer (<see cref="ApplyBlock"/>, then
    /// <see cref="EndBlockStep"/>): every parameter's update reads only its own gradient and slot (no clipping by a
    /// norm) and the rule supports it. The trainer's one step (<c>Trainer.SumGradientsAndStep</c>) then runs it on the
    /// training threads, in the same pass that sums the chunk gradients, instead of one more pass on the calling thread.
    /// </summary>
    internal bool AppliesInBlocks => IsBuilt && ClipNorm is null && GlobalClipNorm is null && _active is null && UpdatesInBlocks;

    /// <summary>
    /// Whether <see cref="Update"/> may be called on a block of the buffer: an element-wise rule that keeps no state
    /// across the calls of one step (its slots are read at the block's offset in each slot's run).
    /// </summary>
    private protected virtual bool UpdatesInBlocks => false;

    /// <summary>
    /// What <see cref="Apply"/> does, on parameters <c>[start, start + length)</c> only (see <see cref="AppliesInBlocks"/>).
    /// Blocks of one step may run on different threads; call <see cref="EndBlockStep"/> once after the last.
    /// </summary>
    internal void ApplyBlock(Span<float> parameters, Span<float> gradients, int start, int length)
    {
        Span<float> p = parameters.Slice(start, length), g = gradients.Slice(start, length);
        if (_clipValue is float clipValue) TensorPrimitives.Clamp(g, -clipValue, clipValue, g);
        DecayWeights(p);
        // The block's slots: slot k of parameter start + i is at k·ParameterCount + i from here.
        Update(p, g, SlotsPerParameter == 0 ? default : _slots.AsSpan(start), Iterations + 1);
    }

    /// <summary>Completes a step applied with <see cref="ApplyBlock"/>.</summary>
    internal void EndBlockStep() => Iterations++;

    private void ClipGradients(Span<float> gradients)
    {
        if (_clipNorm is float clipNorm)
        {
            // Per variable: g ← g·c / max(‖g‖₂, c).
            foreach (var (offset, length) in _active ?? _variables)
            {
                Span<float> g = gradients.Slice(offset, length);
                double norm = Math.Sqrt(TensorPrimitives.SumOfSquares(g));
                if (norm > clipNorm) TensorPrimitives.Multiply(g, (float)(clipNorm / norm), g);
            }
        }
        else if (_globalClipNorm is float globalClipNorm)
        {
            // All together: g ← g·min(1, c/‖all g‖₂); no epsilon in the norm (torch's clip_grad_norm_ adds 1e-6).
            double sum = 0;
            foreach (var (offset, length) in _active ?? _variables) sum += TensorPrimitives.SumOfSquares(gradients.Slice(offset, length));
            double norm = Math.Sqrt(sum);
            if (norm > globalClipNorm)
            {
                float scale = (float)(globalClipNorm / norm);
                foreach (var (offset, length) in _active ?? _variables)
                {
                    Span<float> g = gradients.Slice(offset, length);
                    TensorPrimitives.Multiply(g, scale, g);
                }
            }
        }
        else if (_clipValue is float clipValue)
        {
            TensorPrimitives.Clamp(gradients, -clipValue, clipValue, gradients);
        }
    }
}
