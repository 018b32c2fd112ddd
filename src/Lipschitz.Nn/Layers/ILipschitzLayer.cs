namespace Lipschitz.Nn.Layers;

/// <summary>A layer that states its Lipschitz bound in the L2 norm (+∞ when it has none).</summary>
public interface ILipschitzLayer
{
    /// <summary>An upper bound on ‖f(x) − f(y)‖₂ / ‖x − y‖₂ over all inputs; +∞ for unconstrained layers.</summary>
    double Bound { get; }
}
