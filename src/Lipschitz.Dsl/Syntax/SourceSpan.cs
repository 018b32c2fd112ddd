namespace Lipschitz.Dsl.Syntax;

/// <summary>A region of a source file: 0-based offsets and 1-based line/column, the form diagnostics print.</summary>
public sealed record SourceSpan(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>A span for a whole file whose position is unknown (line 1, column 1).</summary>
    public static SourceSpan FileStart(string path) => new(path, 0, 0, 1, 1, 1, 1);

    /// <summary>The MSBuild-style prefix <c>path(line,col)</c>.</summary>
    public override string ToString() => $"{Path}({StartLine},{StartColumn})";
}
