using Lipschitz.Nn.Options;

namespace Lipschitz.Nn.Tests;

public class OptionsTests
{
    [Fact]
    public void CertificationOptions_AreEqualByListContents()
    {
        var a = new CertificationOptions(Norm.L2, new[] { 0.1, 0.25 });
        var b = new CertificationOptions(Norm.L2, new System.Collections.Generic.List<double> { 0.1, 0.25 });
        var c = new CertificationOptions(Norm.L2, new[] { 0.25, 0.1 });
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, a with { Norm = Norm.LInf });
        Assert.Equal("CertificationOptions { Norm = L2, Eps = [0.1, 0.25] }", a.ToString());
    }

    [Fact]
    public void CertificationOptions_Default_IsL2AtFourRadii()
    {
        Assert.Equal(new CertificationOptions(Norm.L2, new[] { 0.1, 0.25, 0.5, 1.0 }), CertificationOptions.Default);
    }

    [Fact]
    public void CertificationOptions_CopiesAndValidatesTheRadii()
    {
        var eps = new[] { 0.5 };
        var o = new CertificationOptions(Norm.L2, eps);
        eps[0] = 9;
        Assert.Equal(0.5, o.Eps[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CertificationOptions(Norm.L2, new[] { -1.0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => o with { Eps = new[] { double.NaN } });
    }

    [Fact]
    public void TrainingOptions_AreValueEqual()
    {
        TrainingOptions Make() => new("fashion-mnist", 3, 256, 0, new OptimizerOptions(OptimizerKind.Adam, 1e-3, WeightDecay: 0),
            new ObjectiveOptions(ObjectiveKind.OffsetCrossEntropy, 1.414, 0.25), new ScheduleOptions(ScheduleKind.OneCycle));
        Assert.Equal(Make(), Make());
        Assert.NotEqual(Make(), Make() with { Epochs = 4 });
    }
}
