namespace Lipschitz.Torch;

public static partial class torch
{
    /// <summary>Neural-network building blocks: modules, parameters, layers, initialisation and functional ops.</summary>
    public static partial class nn
    {
    }
}
