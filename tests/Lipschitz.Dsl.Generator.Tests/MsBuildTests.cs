using System.Diagnostics;
using System.IO;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>`dotnet build` of a scratch project with the built generator as an analyzer: errors and warnings in MSBuild form.</summary>
public sealed class MsBuildTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipnet-build-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async System.Threading.Tasks.Task DotnetBuild_BrokenYaml_PrintsLocationAndFails_WarningsStayWarnings_HelpLinksShown()
    {
        var bin = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(_dir, "Scratch.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{bin}Lipschitz.Dsl.Generator.dll;{bin}Lipschitz.Dsl.dll;{bin}YamlDotNet.dll" />
                <Reference Include="{bin}Lipschitz.Nn.dll;{bin}Lipschitz.Torch.dll" />
                <AdditionalFiles Include="*.lipnet.yaml" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "Broken.lipnet.yaml"), "network: Broken\ninput: [4]\nclasses: 2\nlayers:\n  - aol_lnear: 2\n");
        File.WriteAllText(Path.Combine(_dir, "Loose.lipnet.yaml"), "network: Loose\ninput: [4]\nclasses: 2\nlayers:\n  - linear: 2\n");
        File.WriteAllText(Path.Combine(_dir, "Stray.cs"), "[Lipschitz.Nn.MaxMin]\npublic partial class Stray { }\n");

        var start = new ProcessStartInfo("dotnet", "build -nologo -v:q -p:NuGetAudit=false")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains(Path.Combine(_dir, "Broken.lipnet.yaml") + "(5,5): error LIP0101: Unknown layer kind 'aol_lnear' (did you mean 'aol_linear'?)", output);
        Assert.Contains(Path.Combine(_dir, "Loose.lipnet.yaml") + "(5,5): error LIP0301: Layer fc0 (linear) has no Lipschitz bound, but the network declares lipschitz: 1", output);
        Assert.Contains(Path.Combine(_dir, "Stray.cs") + "(1,2): warning LIP0504:", output);
    }
}
