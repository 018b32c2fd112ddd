using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Lipschitz.Dsl.Generator.Tests;

/// <summary>Approved-file snapshots: "{name}.verified.cs" beside the calling test; on mismatch a ".received.cs" and a diff.
/// Set LIPSCHITZ_ACCEPT_SNAPSHOTS=1 to accept the received text.</summary>
internal static class Snapshot
{
    public const string AcceptVariable = "LIPSCHITZ_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        Directory.CreateDirectory(dir);
        var verified = Path.Combine(dir, name + ".verified.cs");
        var received = Path.Combine(dir, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        var message = new StringBuilder();
        message.AppendLine(expected is null
            ? $"No approved snapshot {verified}; review {received} and rename it (or set {AcceptVariable}=1)."
            : $"Snapshot {name} differs from {verified}; received text in {received} (set {AcceptVariable}=1 to accept):");
        if (expected is not null) message.Append(Diff(expected, actual));
        Assert.Fail(message.ToString());
    }

    public static string Diff(string expected, string actual)
    {
        var model = InlineDiffBuilder.Diff(expected, actual);
        var sb = new StringBuilder();
        int line = 0;
        foreach (var l in model.Lines)
        {
            if (l.Type != ChangeType.Inserted) line++;
            switch (l.Type)
            {
                case ChangeType.Inserted: sb.Append("+ ").AppendLine(l.Text); break;
                case ChangeType.Deleted: sb.Append($"- {line,4}: ").AppendLine(l.Text); break;
                case ChangeType.Modified: sb.Append($"~ {line,4}: ").AppendLine(l.Text); break;
            }
        }
        return sb.ToString();
    }
}
