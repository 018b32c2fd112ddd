using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lipschitz.Nn.Layers;
using Lipschitz.Nn.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Regularization;

/// <summary>
/// The classical weight penalty CLIP is compared with: λ·Σ_l σ_l², σ_l the largest singular value of layer l's weight
/// (a kernel [out, in, k, k] taken as the [out, in·k·k] matrix, as spectral normalisation does), estimated by one step
/// of power iteration per batch from a vector that persists across batches (Miyato et al. 2018); σ = uᵀWv is
/// differentiable in W. Only unconstrained layers (bound +∞: <c>linear</c>, <c>conv2d</c>) are penalised: a constrained
/// layer's weight is a free parameter whose scale its constraint removes (AOL, spectral normalisation) or that it
/// never uses as a matrix (orthogonal and Cayley parametrisations), so its σ says nothing about the layer's bound.
/// </summary>
public sealed class SpectralPenalty : ITrainingRegularizer
{
    private readonly List<Tensor> _vectors = new();

    /// <summary>Creates the penalty with weight λ from <paramref name="options"/>.</summary>
    public SpectralPenalty(RegularizerOptions options)
    {
        if (options.Kind != RegularizerKind.Spectral) throw new ArgumentException($"spectral options expected, got {options.Kind}", nameof(options));
        Lambda = options.Lambda;
    }

    /// <inheritdoc />
    public double Lambda { get; }

    /// <inheritdoc />
    public double LastEstimate { get; private set; }

    /// <inheritdoc />
    public Tensor Penalty(nn.Module<Tensor, Tensor> model, Tensor inputs)
    {
        WeightedLayer[] layers = model.modules().OfType<WeightedLayer>().Where(l => double.IsPositiveInfinity(l.Bound)).ToArray();
        using var scope = NewDisposeScope();
        Tensor total = zeros(1, dtype: inputs.dtype, device: inputs.device).squeeze();
        double sum = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            Tensor w = layers[i].weight;
            Tensor matrix = w.reshape(w.size(0), -1);
            if (_vectors.Count <= i)
                _vectors.Add(Normalise(randn(new[] { matrix.size(0) }, dtype: w.dtype, device: w.device)).DetachFromDisposeScope());
            Tensor u = _vectors[i], v;
            using (no_grad())
            {
                v = Normalise(matrix.t().matmul(u));
                Tensor next = Normalise(matrix.matmul(v)).DetachFromDisposeScope();
                u.Dispose();
                _vectors[i] = u = next;
            }
            Tensor sigma = u.dot(matrix.matmul(v));
            sum += sigma.ToDouble();
            total = total + sigma.square();
        }
        LastEstimate = sum;
        return (total * Lambda).MoveToOuterDisposeScope();
    }

    private static Tensor Normalise(Tensor t) => t / t.norm().clamp_min(1e-12);

    /// <inheritdoc />
    public void EndEpoch(int epoch, double trainAccuracy)
    {
    }

    /// <inheritdoc />
    public List<KeyValuePair<string, Tensor>> State() =>
        _vectors.Select((u, i) => new KeyValuePair<string, Tensor>("spectral." + i.ToString(CultureInfo.InvariantCulture) + ".u", u.cpu())).ToList();

    /// <inheritdoc />
    public void Restore(IReadOnlyList<KeyValuePair<string, Tensor>> state, Device device)
    {
        var restored = new List<Tensor>();
        for (int i = 0; ; i++)
        {
            string key = "spectral." + i.ToString(CultureInfo.InvariantCulture) + ".u";
            var entry = state.FirstOrDefault(kv => kv.Key == key);
            if (entry.Key is null) break;
            restored.Add(entry.Value.to(device, copy: true).DetachFromDisposeScope());
        }
        if (state.Count > 0 && restored.Count == 0) throw new ArgumentException("the state holds no spectral.N.u vectors; it is not a spectral penalty's state");
        foreach (Tensor t in _vectors) t.Dispose();
        _vectors.Clear();
        _vectors.AddRange(restored);
    }

    /// <summary>Frees the vectors.</summary>
    public void Dispose()
    {
        foreach (Tensor t in _vectors) t.Dispose();
    }
}
