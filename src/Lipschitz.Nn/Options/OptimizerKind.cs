namespace Lipschitz.Nn.Options;

/// <summary>The optimizer a network trains with.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (Loshchilov &amp; Hutter).</summary>
    AdamW,

    /// <summary>Stochastic gradient descent, optionally with (Nesterov) momentum.</summary>
    Sgd,
}
