using System.IO;
using System.Threading;

namespace Lipschitz.Nn.Tests.Training;

/// <summary>A log that cancels the token once a line containing the marker is written (the trainer checks it at the next batch boundary).</summary>
internal sealed class CancelAfterLine(string marker, CancellationTokenSource cts) : StringWriter
{
    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value is not null && value.Contains(marker, StringComparison.Ordinal)) cts.Cancel();
    }
}
