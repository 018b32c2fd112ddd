using System.IO;

namespace Lipschitz.Dsl.Tests;

internal static class TestFiles
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lipschitz.Dsl.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root (Lipschitz.Dsl.sln) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string ExamplePath => Path.Combine(RepoRoot, "examples", "FashionMnist", "AolConvNet.lipnet.yaml");

    public static string Example => File.ReadAllText(ExamplePath);
}
