using System.IO;
using System.Linq;
using Lipschitz.Nn.Training;

namespace Lipschitz.Nn.Tests.Training;

public sealed class ProgressReporterTests
{
    [Fact]
    public void Redirected_PrintsAPlainLineAtEachTenth_WithoutCarriageReturns()
    {
        var w = new StringWriter();
        var p = new ProgressReporter(w, interactive: false);
        p.Begin();
        for (int b = 1; b <= 235; b++) p.Update(1, 3, b, 235, 0.5, 0.75, 400, (235 - b) * 0.6);
        p.End();
        string[] lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain("\r", w.ToString());
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("epoch 1/3  batch 235/235  loss 0.5000  acc 75.00%  400 samples/s  ETA 0:00", lines[^1]);
        Assert.Contains("batch 24/235", lines[0]);
    }

    [Fact]
    public void Terminal_RedrawsOneLineInPlace_AndEndsIt()
    {
        var w = new StringWriter();
        var p = new ProgressReporter(w, interactive: true);
        p.Begin();
        p.Update(2, 3, 1, 4, 1.0, 0.5, 100, 90);
        p.Update(2, 3, 4, 4, 0.9, 0.6, 100, 0);
        p.End();
        string text = w.ToString();
        Assert.StartsWith("\r", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("[########################] 4/4", text);
        Assert.EndsWith(Environment.NewLine, text);
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.4, "0:59")]
    [InlineData(61, "1:01")]
    [InlineData(3725, "1:02:05")]
    [InlineData(double.NaN, "--:--")]
    public void Eta_FormatsMinutesAndHours(double seconds, string expected) => Assert.Equal(expected, ProgressReporter.Eta(seconds));
}
