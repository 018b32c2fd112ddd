using System;
using System.Collections.Generic;

namespace Lipschitz.Torch;

/// <summary>An optimizer state does not fit an optimizer: the message lists every problem (count, keys, shapes, dtypes, settings).</summary>
public sealed class OptimizerStateMismatchException : Exception
{
    /// <summary>Creates the exception for optimizer kind <paramref name="optimizer"/> and its <paramref name="problems"/>.</summary>
    public OptimizerStateMismatchException(string optimizer, IReadOnlyList<string> problems)
        : base($"the optimizer state does not fit this {optimizer}: {string.Join("; ", problems)}")
    {
        Optimizer = optimizer;
        Problems = problems;
    }

    /// <summary>The optimizer's type name.</summary>
    public string Optimizer { get; }

    /// <summary>Each problem, in words.</summary>
    public IReadOnlyList<string> Problems { get; }
}
