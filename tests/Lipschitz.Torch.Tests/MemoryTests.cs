using System.IO;
using System.Linq;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

// Resident memory is process-wide: run alone, after the parallel test classes, so their allocations do not count.
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsCollection
{
}

[Collection(nameof(MemoryTests))]
public class MemoryTests
{
    private static long ResidentBytes()
    {
        // VmRSS of /proc/self/status: native allocations included, unlike the GC's counters.
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    [Fact]
    public void TrainingInDisposeScopes_KeepsResidentMemoryFlat()
    {
        manual_seed(7);
        using var model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10));
        using var opt = optim.Adam(model.parameters(), lr: 1e-3);
        using var x = randn(new long[] { 64, 64 });
        using var y = randint(10, new long[] { 64 });
        long at200 = 0, at2000 = 0;
        double firstLoss = 0, lastLoss = 0;
        for (int step = 1; step <= 2000; step++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            opt.step();
            if (step == 1) firstLoss = loss.item<double>();
            if (step == 2000) lastLoss = loss.item<double>();
            if (step == 200)
            {
                GC.Collect();
                at200 = ResidentBytes();
            }
        }
        GC.Collect();
        at2000 = ResidentBytes();
        // One step allocates ~0.2 MB of tensors; a leak of one tensor per step would add ≥ 1,800 × 2.5 KB.
        long growth = at2000 - at200;
        Assert.True(growth < 4L << 20, $"RSS grew by {growth / 1024} KiB between step 200 ({at200 >> 20} MiB) and step 2,000 ({at2000 >> 20} MiB)");
        Assert.True(lastLoss < 0.1 * firstLoss, $"the model did not train: loss {firstLoss} -> {lastLoss}"); // the loop really ran the steps
    }
}
