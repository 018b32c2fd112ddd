// Test classes run one after another: many tests fix their random draws with torch.manual_seed, which seeds the one
// global generator, and classes running in parallel drew from it between a seed and its draws (flaky bounds and
// gradient checks whose data changed from run to run).
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace Lipschitz.Nn.Tests;

/// <summary>Before any test touches libtorch: the runtime's process settings (see TorchRuntime.Initialize), as an application gets them.</summary>
internal static class TestProcess
{
    /// <summary>Runs when the test assembly loads.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Initialize() => Lipschitz.Nn.Runtime.TorchRuntime.Initialize();
}
