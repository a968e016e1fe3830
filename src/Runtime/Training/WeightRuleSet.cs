using System.Numerics.Tensors;

namespace GenNet;

/// <summary>
/// Keras' weight regularizers and constraints while training (<see cref="WeightInfo.Regularizer"/>,
/// <see cref="WeightInfo.Constraint"/>): the penalty joins the reported loss, its gradient joins the weight's gradient
/// before the optimizer step, and the constraints project the weights after the step — the order of Keras'
/// <c>optimizer.apply</c>. As Keras' <c>layer.losses</c> counts trainable weights only, a frozen layer's weights get no
/// penalty, no gradient and no projection. Allocates nothing per step.
/// </summary>
internal sealed class WeightRuleSet
{
    // Keras' backend.epsilon(), in every norm constraint's denominator.
    private const float Epsilon = 1e-7f;

    private readonly Model _model;
    private readonly Regularized[] _regularized;
    private readonly Constrained[] _constrained;
    private int _frozenVersion = -1;

    private WeightRuleSet(Model model, Regularized[] regularized, Constrained[] constrained)
    {
        _model = model;
        _regularized = regularized;
        _constrained = constrained;
    }

    /// <summary>The rules of <paramref name="model"/>'s trainable weights, or null when none has any.</summary>
    public static WeightRuleSet? For(Model model)
    {
        var weights = model.Info.Weights.Where(w => w.Trainable).ToArray();
        var regularized = weights.Where(w => w.Regularizer is { } r && (r.L1 != 0f || r.L2 != 0f))
            .Select(w => new Regularized(w.Offset, w.Length, w.Regularizer!.L1, w.Regularizer.L2)).ToArray();
        var constrained = weights.Where(w => w.Constraint is not null).Select(w => new Constrained(w)).ToArray();
        return regularized.Length == 0 && constrained.Length == 0 ? null : new WeightRuleSet(model, regularized, constrained);
    }

    /// <summary>
    /// <c>Σ L1·Σ|w| + L2·Σw²</c> over the regularized weights of layers that train now: what Keras adds to the batch loss
    /// (computed, as there, from the weights the batch's forward pass used).
    /// </summary>
    public double Penalty(ReadOnlySpan<float> parameters)
    {
        RefreshFrozen();
        double penalty = 0;
        foreach (var r in _regularized)
        {
            if (r.Frozen) continue;
            var w = parameters.Slice(r.Offset, r.Length);
            if (r.L1 != 0f) penalty += r.L1 * (double)TensorPrimitives.SumOfMagnitudes(w);
            if (r.L2 != 0f) penalty += r.L2 * (double)TensorPrimitives.SumOfSquares(w);
        }
        return penalty;
    }

    /// <summary>
    /// Adds the penalty's gradient <c>L1·sign(w) + 2·L2·w</c> to <paramref name="gradients"/> over
    /// <c>[start, start + length)</c> of the parameter buffer (a block of the trainer's step, or all of it). Element-wise,
    /// so the blocks a step is cut into do not change the result.
    /// </summary>
    public void AddGradients(ReadOnlySpan<float> parameters, Span<float> gradients, int start, int length)
    {
        RefreshFrozen();
        int end = start + length;
        foreach (var r in _regularized)
        {
            int from = Math.Max(start, r.Offset), to = Math.Min(end, r.Offset + r.Length);
            if (r.Frozen || from >= to) continue;
            var w = parameters[from..to];
            var g = gradients[from..to];
            if (r.L2 != 0f) TensorPrimitives.MultiplyAdd(w, 2f * r.L2, g, g);
            if (r.L1 != 0f)
            {
                // sign(0) = 0, as the backends' sign (the subgradient Keras' L1 penalty gets from autodiff).
                for (int i = 0; i < w.Length; i++) g[i] += w[i] > 0f ? r.L1 : w[i] < 0f ? -r.L1 : 0f;
            }
        }
    }

    /// <summary>Projects every constrained weight of the layers that train now (after the optimizer step).</summary>
    public void Constrain(Span<float> parameters)
    {
        RefreshFrozen();
        foreach (var c in _constrained)
        {
            if (!c.Frozen) c.Apply(parameters.Slice(c.Offset, c.Length));
        }
    }

    /// <summary>Marks the rules of frozen layers' weights (only when some layer's Trainable changed: the sole allocation).</summary>
    private void RefreshFrozen()
    {
        if (_frozenVersion == _model.TrainableVersion) return;
        var frozen = _model.FrozenRanges().Select(r => r.Offset).ToHashSet();
        foreach (var r in _regularized) r.Frozen = frozen.Contains(r.Offset);
        foreach (var c in _constrained) c.Frozen = frozen.Contains(c.Offset);
        _frozenVersion = _model.TrainableVersion;
    }

    private sealed class Regularized(int offset, int length, float l1, float l2)
    {
        public int Offset { get; } = offset;
        public int Length { get; } = length;
        public float L1 { get; } = l1;
        public float L2 { get; } = l2;
        public bool Frozen { get; set; }
    }

    /// <summary>
    /// One constrained weight. A norm constraint keeps one norm per position of the axes it does not reduce: element
    /// <c>i</c>'s norm is <c>norms[kept(i)]</c>, with <c>kept</c> walked alongside <c>i</c> by an odometer over the shape
    /// (each axis adds its stride in the kept-axes tensor, 0 for a reduced axis).
    /// </summary>
    private sealed class Constrained
    {
        private readonly WeightConstraint _rule;
        private readonly int[] _shape;
        private readonly int[] _keptStrides;
        private readonly int[] _index;
        private readonly double[] _sums;
        private readonly float[] _scales;

        public Constrained(WeightInfo weight)
        {
            _rule = weight.Constraint!;
            Offset = weight.Offset;
            Length = weight.Length;
            _shape = weight.Shape.Length == 0 ? [1] : weight.Shape;
            foreach (int axis in _rule.Axes)
            {
                if (axis < 0 || axis >= _shape.Length)
                    throw new InvalidOperationException($"Weight '{weight.Name}' of shape [{string.Join(", ", weight.Shape)}] has a constraint over axis {axis}, outside its {weight.Shape.Length} axes.");
            }
            if (_rule.Kind == WeightConstraintKind.MinMaxNorm && !(_rule.MinValue <= _rule.MaxValue))
                throw new InvalidOperationException($"Weight '{weight.Name}': min_max_norm needs min_value <= max_value; received {_rule.MinValue} and {_rule.MaxValue}.");
            _keptStrides = new int[_shape.Length];
            int kept = 1;
            for (int a = _shape.Length - 1; a >= 0; a--)
            {
                if (Array.IndexOf(_rule.Axes, a) >= 0) continue;
                _keptStrides[a] = kept;
                kept *= _shape[a];
            }
            _index = new int[_shape.Length];
            _sums = _rule.Kind == WeightConstraintKind.NonNeg ? [] : new double[kept];
            _scales = new float[_sums.Length];
        }

        public int Offset { get; }
        public int Length { get; }
        public bool Frozen { get; set; }

        public void Apply(Span<float> w)
        {
            if (_rule.Kind == WeightConstraintKind.NonNeg)
            {
                TensorPrimitives.Max(w, 0f, w);
                return;
            }
            Array.Clear(_sums);
            Array.Clear(_index);
            int kept = 0;
            for (int i = 0; i < w.Length; i++)
            {
                _sums[kept] += (double)w[i] * w[i];
                kept = Advance(kept);
            }
            for (int k = 0; k < _sums.Length; k++) _scales[k] = Scale((float)Math.Sqrt(_sums[k]));
            kept = 0;
            for (int i = 0; i < w.Length; i++)
            {
                w[i] *= _scales[kept];
                kept = Advance(kept);
            }
        }

        /// <summary>The factor a weight vector of norm <paramref name="norm"/> is multiplied by (Keras' formulas).</summary>
        private float Scale(float norm) => _rule.Kind switch
        {
            WeightConstraintKind.MaxNorm => Math.Clamp(norm, 0f, _rule.MaxValue) / (Epsilon + norm),
            WeightConstraintKind.MinMaxNorm =>
                (_rule.Rate * Math.Clamp(norm, _rule.MinValue, _rule.MaxValue) + (1f - _rule.Rate) * norm) / (Epsilon + norm),
            _ => 1f / (Epsilon + norm), // UnitNorm
        };

        /// <summary>Steps the odometer to the next element (row-major) and returns its kept-axes position.</summary>
        private int Advance(int kept)
        {
            for (int a = _shape.Length - 1; a >= 0; a--)
            {
                kept += _keptStrides[a];
                if (++_index[a] < _shape[a]) return kept;
                kept -= _keptStrides[a] * _shape[a];
                _index[a] = 0;
            }
            return kept;
        }
    }
}
