namespace Lipschitz.Cli.Tests;

/// <summary>Before any test touches libtorch: the runtime's process settings (see TorchRuntime.Initialize), as an application gets them.</summary>
internal static class TestProcess
{
    /// <summary>Runs when the test assembly loads.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Initialize() => Lipschitz.Nn.Runtime.TorchRuntime.Initialize();
}
