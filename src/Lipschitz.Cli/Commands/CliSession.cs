using System.IO;
using System.Threading;

namespace Lipschitz.Cli.Commands;

/// <summary>Where one invocation of lipnet writes, whether it may draw live displays, and what cancels it.</summary>
/// <param name="Output">Results (tables, source, progress).</param>
/// <param name="Error">Diagnostics, warnings and errors.</param>
/// <param name="Cancel">Ctrl-C: long commands stop at a safe point.</param>
/// <param name="Interactive">True in a terminal (live progress bar, colours); false when redirected or under CI.</param>
public sealed record CliSession(TextWriter Output, TextWriter Error, CancellationToken Cancel, bool Interactive);
