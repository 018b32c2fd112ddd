using System.Threading.Tasks;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

public class ThreadingTests
{
    [Fact]
    public void OperatorCallsFromManyThreads_KeepTheirArgumentsAndResultsApart()
    {
        // The shim's argument stack and Op's list-output buffer are per thread; interleaved calls must not mix.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            using var scope = NewDisposeScope();
            for (int k = 0; k < 300; k++)
            {
                double v = worker * 1000 + k;
                Tensor a = full(new long[] { 6 }, v, float64);
                Tensor[] parts = cat(new[] { a, a + 1 }).chunk(3);
                double[] got = parts.SelectMany(p => p.ToArray<double>()).ToArray();
                double[] want = Enumerable.Repeat(v, 6).Concat(Enumerable.Repeat(v + 1, 6)).ToArray();
                if (!got.SequenceEqual(want)) failures.Add($"worker {worker} step {k}: [{string.Join(", ", got)}]");
                if (k % 50 == 0)
                {
                    try
                    {
                        mm(a.reshape(2, 3), a.reshape(2, 3)).Dispose();
                        failures.Add("a shape error was not reported");
                    }
                    catch (TorchException e) when (e.Message.Contains("2x3 and 2x3"))
                    {
                        // expected, and the message is this thread's own
                    }
                }
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(5)));
    }
}
