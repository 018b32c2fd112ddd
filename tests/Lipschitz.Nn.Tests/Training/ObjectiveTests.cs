using Lipschitz.Nn.Options;
using Lipschitz.Nn.Training;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

public sealed class ObjectiveTests
{
    private static readonly double[,] Logits = { { 1.0, 2.0, 0.5 }, { 0.3, -1.0, 2.0 }, { -0.2, 0.1, 0.0 } };
    private static readonly long[] Labels = { 1, 2, 0 };

    // Cross-entropy of one row by hand: log Σ exp(z_j) − z_y, in float64.
    private static double HandCe(double[] z, long y)
    {
        double max = double.NegativeInfinity;
        foreach (double v in z) max = Math.Max(max, v);
        double sum = 0;
        foreach (double v in z) sum += Math.Exp(v - max);
        return max + Math.Log(sum) - z[y];
    }

    private static double[] Row(int i, double offset, double temperature)
    {
        var z = new double[3];
        for (int j = 0; j < 3; j++) z[j] = (Logits[i, j] - (j == Labels[i] ? offset : 0)) / temperature;
        return z;
    }

    private static double Value(ObjectiveOptions o)
    {
        using var scope = NewDisposeScope();
        var flat = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) flat[3 * i + j] = Logits[i, j];
        Tensor logits = tensor(flat, new long[] { 3, 3 });
        Tensor labels = tensor(Labels, new long[] { 3 });
        return Objectives.Loss(o, logits, labels).ToDouble();
    }

    [Fact]
    public void OffsetCrossEntropy_MatchesHandComputation()
    {
        const double u = 1.414, t = 0.25;
        double expected = 0;
        for (int i = 0; i < 3; i++) expected += t * HandCe(Row(i, u, t), Labels[i]);
        expected /= 3;
        Assert.Equal(expected, Value(new ObjectiveOptions(ObjectiveKind.OffsetCrossEntropy, u, t)), 10);
    }

    [Fact]
    public void CrossEntropy_MatchesHandComputation()
    {
        double expected = 0;
        for (int i = 0; i < 3; i++) expected += HandCe(Row(i, 0, 1), Labels[i]);
        expected /= 3;
        Assert.Equal(expected, Value(new ObjectiveOptions(ObjectiveKind.CrossEntropy)), 10);
    }

    [Fact]
    public void OffsetCrossEntropy_WithZeroOffsetAndUnitTemperature_IsCrossEntropy()
    {
        Assert.Equal(Value(new ObjectiveOptions(ObjectiveKind.CrossEntropy)), Value(new ObjectiveOptions(ObjectiveKind.OffsetCrossEntropy, 0, 1)), 12);
    }

    [Fact]
    public void OffsetCrossEntropy_GradientMatchesFiniteDifferences()
    {
        const double u = 0.7, t = 0.5, h = 1e-6;
        var flat = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) flat[3 * i + j] = Logits[i, j];
        using var scope = NewDisposeScope();
        Tensor labels = tensor(Labels, new long[] { 3 });
        Tensor logits = tensor(flat, new long[] { 3, 3 }, requires_grad: true);
        Tensor loss = Objectives.OffsetCrossEntropy(logits, labels, u, t);
        loss.backward();
        double[] grad = logits.grad!.ToArray<double>();
        for (int k = 0; k < 9; k++)
        {
            double[] plus = (double[])flat.Clone(), minus = (double[])flat.Clone();
            plus[k] += h;
            minus[k] -= h;
            double lp = Objectives.OffsetCrossEntropy(tensor(plus, new long[] { 3, 3 }), labels, u, t).ToDouble();
            double lm = Objectives.OffsetCrossEntropy(tensor(minus, new long[] { 3, 3 }), labels, u, t).ToDouble();
            Assert.Equal((lp - lm) / (2 * h), grad[k], 1e-6);
        }
    }
}
