using System;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// An activation with one learned parameter <c>theta</c> that is 1-Lipschitz for every value of it (Householder, the
/// N-activation), registered as TorchSharp's own layers register parameters: a private field named by
/// <see cref="ComponentNameAttribute"/> behind a public property with a setter, so <c>Module.to()</c>, <c>parameters()</c>
/// and <c>state_dict()</c> see it once, as <c>theta</c>.
/// </summary>
public abstract class LearnedActivation : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    [ComponentName(Name = "theta")]
    private Parameter? _theta;

    /// <summary>Registers <paramref name="initialTheta"/> as <c>theta</c> (taking ownership: it is disposed once wrapped).</summary>
    private protected LearnedActivation(string name, long channels, Tensor initialTheta) : base(name)
    {
        Channels = channels;
        using (no_grad())
        using (initialTheta)
        {
            theta = new Parameter(initialTheta.detach().clone());
        }
    }

    /// <summary>The channel count (dim 1 of the input) the layer was built for.</summary>
    public long Channels { get; }

    /// <summary>The learned parameter.</summary>
    public Parameter theta
    {
        get => _theta!;
        set
        {
            if (ReferenceEquals(value, _theta)) return;
            if (_theta is not null && value.Handle != _theta.Handle) _theta.Dispose();
            _theta = (Parameter)value.DetachFromDisposeScope();
            ConditionallyRegisterParameter("theta", _theta);
        }
    }

    /// <summary>1, for every value of <c>theta</c> (each subclass says why).</summary>
    public double Bound => 1.0;

    /// <summary>Checks that <paramref name="input"/> is [N, C, ...] with the layer's C; returns the shape [1, C, 1, …] that broadcasts a per-channel value over it.</summary>
    private protected long[] PerChannel(Tensor input, string layer)
    {
        long[] s = input.shape;
        if (s.Length < 2) throw new ArgumentException($"{layer}: expected a batch [N, C, ...], got shape [{string.Join(", ", s)}]", nameof(input));
        if (s[1] != Channels) throw new ArgumentException($"{layer}: expected {Channels} channels (dim 1), got shape [{string.Join(", ", s)}]", nameof(input));
        var view = new long[s.Length];
        Array.Fill(view, 1L);
        return view;
    }
}
