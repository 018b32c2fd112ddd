using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Lipschitz.Nn.IO;

namespace Lipschitz.Nn.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipnet-atomic-" + Guid.NewGuid().ToString("N"));

    public AtomicFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // With a temp name made of the process id alone, overlapping writes to one path shared one temp file:
    // the second could not open it (or moved the first's half-written bytes into place).
    [Fact]
    public async Task ConcurrentWritesToOnePath_FromOneProcess_AllSucceed_AndLeaveOneCompleteContent()
    {
        string path = Path.Combine(_dir, "report.json");
        const int writers = 6, rounds = 20;
        string Content(int w, int r) => new string((char)('a' + w), 2000) + r;
        using var start = new Barrier(writers);
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (int r = 0; r < rounds; r++)
            {
                string text = Content(w, r);
                AtomicFile.Write(path, stream =>
                {
                    byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
                    stream.Write(bytes, 0, bytes.Length / 2);
                    Thread.Sleep(1); // keep the temp file open while the other writers start theirs
                    stream.Write(bytes, bytes.Length / 2, bytes.Length - bytes.Length / 2);
                });
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);

        string final = File.ReadAllText(path);
        var all = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, rounds).Select(r => Content(w, r))).ToHashSet();
        Assert.Contains(final, all);
        Assert.Equal(new[] { "report.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}
