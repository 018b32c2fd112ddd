using System;
using System.Globalization;
using System.Linq;
using Lipschitz.Dsl.Syntax;

namespace Lipschitz.Dsl.Diagnostics;

/// <summary>How serious a diagnostic is; maps onto Roslyn's severities.</summary>
public enum DslSeverity
{
    /// <summary>Informational.</summary>
    Info,
    /// <summary>A warning: the network still builds.</summary>
    Warning,
    /// <summary>An error: no code is generated for the network.</summary>
    Error,
}

/// <summary>One catalogue entry: ID, title, message format, severity, category, and the example and fix docs/diagnostics.md shows.</summary>
public sealed record DiagnosticDescriptorInfo(string Id, string Title, string MessageFormat, DslSeverity Severity, string Category)
{
    /// <summary>A description that triggers it (Markdown).</summary>
    public string Example { get; init; } = "";

    /// <summary>How to fix it (Markdown).</summary>
    public string Fix { get; init; } = "";

    /// <summary>Its section of docs/diagnostics.md.</summary>
    public string HelpLink => DiagnosticCatalogue.HelpLink(Id);
}

/// <summary>A reported problem: catalogue entry, formatted message and exact location.</summary>
/// <param name="Id">The catalogue ID.</param>
/// <param name="Severity">The catalogue severity.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Span">Where the problem is.</param>
/// <param name="Arguments">The message arguments as invariant text (so Roslyn can format the same message).</param>
public sealed record DslDiagnostic(string Id, DslSeverity Severity, string Message, SourceSpan Span, EquatableArray<string> Arguments)
{
    /// <summary>Creates a diagnostic from a catalogue entry and its message arguments.</summary>
    public static DslDiagnostic Create(DiagnosticDescriptorInfo descriptor, SourceSpan span, params object?[] args)
    {
        var texts = args.Select(a => a is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray();
        return new(descriptor.Id, descriptor.Severity, string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, texts), span, new EquatableArray<string>(texts));
    }

    /// <summary>The MSBuild form: <c>path(line,col): error LIP0101: message</c>.</summary>
    public override string ToString() =>
        $"{Span}: {SeverityText(Severity)} {Id}: {Message}";

    /// <summary>The lower-case word MSBuild uses for a severity.</summary>
    public static string SeverityText(DslSeverity severity) => severity switch
    {
        DslSeverity.Error => "error",
        DslSeverity.Warning => "warning",
        _ => "info",
    };
}
