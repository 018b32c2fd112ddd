using System.Globalization;
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

/// <summary>One catalogue entry: ID, title, message format, severity and category.</summary>
public sealed record DiagnosticDescriptorInfo(string Id, string Title, string MessageFormat, DslSeverity Severity, string Category)
{
    /// <summary>The help link shown by IDEs.</summary>
    public string HelpLink => "https://github.com/lipschitz-dsl/lipschitz-dsl/blob/main/docs/diagnostics.md#" + Id.ToLowerInvariant();
}

/// <summary>A reported problem: catalogue entry, formatted message and exact location.</summary>
public sealed record DslDiagnostic(string Id, DslSeverity Severity, string Message, SourceSpan Span)
{
    /// <summary>Creates a diagnostic from a catalogue entry and its message arguments.</summary>
    public static DslDiagnostic Create(DiagnosticDescriptorInfo descriptor, SourceSpan span, params object?[] args) =>
        new(descriptor.Id, descriptor.Severity, string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args), span);

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
