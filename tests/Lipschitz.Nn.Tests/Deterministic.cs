namespace Lipschitz.Nn.Tests;

/// <summary>
/// Tests that compare two computations bit for bit run alone: libtorch's parallel reductions split work by the threads
/// they actually get, and tests running beside them on two cores change that, so sums may round differently.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeterministicCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Bit-exact comparisons (run alone)";
}
