using System;
using System.IO;
using Spectre.Console;

namespace Lipschitz.Cli.Rendering;

/// <summary>Spectre.Console consoles over a command's writers: colours and live displays in a terminal, plain text otherwise.</summary>
public static class Consoles
{
    /// <summary>The width plain output is laid out for (wide enough that tables never wrap in a log).</summary>
    public const int PlainWidth = 200;

    /// <summary>A console writing to <paramref name="writer"/>; <paramref name="interactive"/> enables ANSI, colours and live rendering.</summary>
    public static IAnsiConsole For(TextWriter writer, bool interactive)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = interactive ? Math.Max(80, SafeWindowWidth()) : PlainWidth;
        return console;
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
