using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Layers;

/// <summary>
/// A layer with a weight and an optional bias, registered as TorchSharp's own layers do: private fields named by
/// <see cref="ComponentNameAttribute"/> behind public properties with setters, so that <c>Module.to()</c> (which
/// replaces parameters by reflection and sets them through a property of the same name), <c>parameters()</c> and
/// <c>state_dict()</c> see each parameter once, under the names <c>weight</c> and <c>bias</c>.
/// </summary>
public abstract class WeightedLayer : nn.Module<Tensor, Tensor>, ILipschitzLayer
{
    [ComponentName(Name = "weight")]
    private Parameter? _weight;

    [ComponentName(Name = "bias")]
    private Parameter? _bias;

    /// <summary>Registers <paramref name="initialWeight"/> as the weight (taking ownership: it is disposed once wrapped) and, when asked, a bias of <paramref name="outSize"/> zeros.</summary>
    private protected WeightedLayer(string name, Tensor initialWeight, long outSize, bool bias) : base(name)
    {
        using (no_grad())
        {
            using (initialWeight)
            {
                weight = new Parameter(initialWeight.detach().clone());
            }
            if (bias) this.bias = new Parameter(zeros(outSize, dtype: weight.dtype, device: weight.device));
        }
    }

    /// <summary>The weight (for constrained layers, the free parameter P the constrained weight is computed from).</summary>
    public Parameter weight
    {
        get => _weight!;
        set => SetParameter(ref _weight, value, "weight");
    }

    /// <summary>The bias, [out], or null.</summary>
    public Parameter? bias
    {
        get => _bias;
        set => SetParameter(ref _bias, value, "bias");
    }

    /// <inheritdoc />
    public abstract double Bound { get; }

    /// <summary>
    /// Replaces the parameter held in <paramref name="field"/> as TorchSharp's own layers do: the previous tensor is disposed
    /// unless it is the same one, the new one is registered under <paramref name="name"/> (null unregisters it), and
    /// <see cref="OnParametersReplaced"/> runs. Property setters of every parameter a layer registers call this.
    /// </summary>
    private protected void SetParameter(ref Parameter? field, Parameter? value, string name)
    {
        if (ReferenceEquals(value, field)) return;
        if (field is not null && (value is null || value.Handle != field.Handle)) field.Dispose();
        field = (Parameter?)value?.DetachFromDisposeScope();
        ConditionallyRegisterParameter(name, field);
        OnParametersReplaced();
    }

    /// <summary>Called after a parameter object was replaced (by <c>Module.to()</c> or a user); the default does nothing.</summary>
    private protected virtual void OnParametersReplaced()
    {
    }
}
