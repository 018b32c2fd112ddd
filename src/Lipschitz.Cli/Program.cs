namespace Lipschitz.Cli;

/// <summary>Entry point of the lipnet command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the exit code.</summary>
    public static int Main(string[] args)
    {
        System.Console.Error.WriteLine($"lipnet: no commands yet ({args.Length} arguments ignored)");
        return 2;
    }
}
