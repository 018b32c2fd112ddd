using System.Collections.Generic;
using System.Linq;
using static Lipschitz.Torch.torch;

namespace Lipschitz.Torch.Tests;

public class OptimTests
{
    private static nn.Parameter Param(params double[] values) => new(tensor(values));

    private static void SetGrad(nn.Parameter p, params double[] g)
    {
        using var t = tensor(g);
        p.grad = t;
    }

    [Fact]
    public void Sgd_WithMomentumDampeningAndWeightDecay_MatchesPyTorchFormulaOverThreeSteps()
    {
        using var p = Param(1.0, -2.0);
        using var opt = optim.SGD(new[] { p }, lr: 0.1, momentum: 0.9, dampening: 0.2, weight_decay: 0.01);
        double[] x = { 1.0, -2.0 }, buf = new double[2];
        double[][] grads = { new[] { 0.5, -1.0 }, new[] { 0.25, 2.0 }, new[] { -0.75, 0.5 } };
        for (int s = 0; s < 3; s++)
        {
            SetGrad(p, grads[s]);
            opt.step();
            for (int i = 0; i < 2; i++)
            {
                double d = grads[s][i] + 0.01 * x[i];
                buf[i] = s == 0 ? d : 0.9 * buf[i] + (1 - 0.2) * d; // first step: the buffer is d itself
                x[i] -= 0.1 * buf[i];
            }
            Assert.Equal(x, p.ToArray<double>(), new Tolerance(1e-12));
        }
    }

    [Fact]
    public void Sgd_Nesterov_MatchesPyTorchFormula()
    {
        using var p = Param(3.0);
        using var opt = optim.SGD(new[] { p }, lr: 0.5, momentum: 0.8, nesterov: true);
        double x = 3.0, buf = 0;
        double[] grads = { 1.0, -0.5, 2.0 };
        for (int s = 0; s < 3; s++)
        {
            SetGrad(p, grads[s]);
            opt.step();
            buf = s == 0 ? grads[s] : 0.8 * buf + grads[s];
            x -= 0.5 * (grads[s] + 0.8 * buf);
            Assert.Equal(x, p.ToArray<double>()[0], 12);
        }
    }

    [Fact]
    public void Adam_TwoStepsByHand()
    {
        using var p = Param(0.5, -1.5);
        using var opt = optim.Adam(new[] { p }, lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-6, weight_decay: 0.1);
        // Step 1, by hand: g' = g + 0.1·p; m = 0.1·g'; v = 0.01·g'²; p −= 0.01/(1−0.9) · m / (√v/√(1−0.99) + 1e-6).
        SetGrad(p, 2.0, -4.0);
        opt.step();
        double g1a = 2.0 + 0.1 * 0.5, g1b = -4.0 + 0.1 * -1.5;
        double m1a = 0.1 * g1a, m1b = 0.1 * g1b, v1a = 0.01 * g1a * g1a, v1b = 0.01 * g1b * g1b;
        double x1a = 0.5 - 0.01 / 0.1 * m1a / (Math.Sqrt(v1a) / Math.Sqrt(0.01) + 1e-6);
        double x1b = -1.5 - 0.01 / 0.1 * m1b / (Math.Sqrt(v1b) / Math.Sqrt(0.01) + 1e-6);
        Assert.Equal(new[] { x1a, x1b }, p.ToArray<double>(), new Tolerance(1e-12));
        // The first Adam step moves each coordinate by about lr·sign(g).
        Assert.Equal(0.5 - 0.01, x1a, 1e-6);

        SetGrad(p, -1.0, 3.0);
        opt.step();
        double g2a = -1.0 + 0.1 * x1a, g2b = 3.0 + 0.1 * x1b;
        double m2a = 0.9 * m1a + 0.1 * g2a, m2b = 0.9 * m1b + 0.1 * g2b;
        double v2a = 0.99 * v1a + 0.01 * g2a * g2a, v2b = 0.99 * v1b + 0.01 * g2b * g2b;
        double bc1 = 1 - 0.9 * 0.9, bc2 = 1 - 0.99 * 0.99;
        double x2a = x1a - 0.01 / bc1 * m2a / (Math.Sqrt(v2a) / Math.Sqrt(bc2) + 1e-6);
        double x2b = x1b - 0.01 / bc1 * m2b / (Math.Sqrt(v2b) / Math.Sqrt(bc2) + 1e-6);
        Assert.Equal(new[] { x2a, x2b }, p.ToArray<double>(), new Tolerance(1e-12));
        Assert.Equal(2, opt.StepCount(0));
        Assert.Equal(new[] { m2a, m2b }, opt.ExpAvg(0)!.ToArray<double>(), new Tolerance(1e-12));
    }

    [Fact]
    public void AdamW_DecaysTheWeightsDirectly()
    {
        using var p = Param(2.0);
        using var opt = optim.AdamW(new[] { p }, lr: 0.1, weight_decay: 0.5);
        SetGrad(p, 0.3);
        opt.step();
        // p·(1 − lr·λ), then the Adam step of the undecayed gradient: m/(√v) = sign(g) at step 1.
        double expected = 2.0 * (1 - 0.1 * 0.5) - 0.1 * 0.03 / 0.1 / (Math.Sqrt(0.001 * 0.09) / Math.Sqrt(0.001) + 1e-8);
        Assert.Equal(expected, p.ToArray<double>()[0], 12);
    }

    [Fact]
    public void Step_LeavesParametersWithoutGradientAlone_AndZeroGradClears()
    {
        using var a = Param(1.0);
        using var b = Param(5.0);
        using var opt = optim.Adam(new[] { a, b }, lr: 0.1);
        SetGrad(a, 1.0);
        opt.step();
        Assert.Equal(5.0, b.ToArray<double>()[0]);
        Assert.Equal(0, opt.StepCount(1));
        Assert.Null(opt.ExpAvg(1));
        Assert.NotEqual(1.0, a.ToArray<double>()[0]);
        opt.zero_grad();
        Assert.Null(a.grad);
    }

    [Fact]
    public void Sgd_TrainsALinearModelToTheLeastSquaresSolution()
    {
        // y = 2x − 1 from four points; plain gradient descent on the mean squared error converges to (2, −1).
        manual_seed(0);
        using var lin = nn.Linear(1, 1).to(ScalarType.Float64);
        using var x = tensor(new double[] { -1, 0, 1, 2 }, new long[] { 4, 1 });
        using var y = tensor(new double[] { -3, -1, 1, 3 }, new long[] { 4, 1 });
        var model = (Modules.Linear)lin;
        using var opt = optim.SGD(model.parameters(), lr: 0.1, momentum: 0.5);
        for (int s = 0; s < 300; s++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var r = model.call(x) - y;
            r.backward(r * (2.0 / 4)); // d/dr of mean(r²)
            opt.step();
        }
        Assert.Equal(2.0, model.weight.ToArray<double>()[0], 1e-6);
        Assert.Equal(-1.0, model.bias!.ToArray<double>()[0], 1e-6);
    }

    [Fact]
    public void InvalidSettings_AreRejected()
    {
        using var p = Param(1.0);
        Assert.Throws<ArgumentException>(() => optim.SGD(new[] { p }, 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(new[] { p }, beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(new[] { p }, lr: -1));
        Assert.Throws<ArgumentException>(() => optim.Adam(Array.Empty<nn.Parameter>()));
    }

    private static double[] Lrs(optim.lr_scheduler.LRScheduler s, optim.Optimizer opt, int n)
    {
        var lrs = new List<double>();
        for (int k = 0; k < n; k++)
        {
            lrs.Add(opt.LearningRate);
            Assert.Equal(opt.LearningRate, s.get_last_lr()[0]);
            s.step();
        }
        return lrs.ToArray();
    }

    [Fact]
    public void StepLR_DecaysEveryStepSizeSteps()
    {
        using var p = Param(1.0);
        using var opt = optim.SGD(new[] { p }, lr: 1.0);
        var s = optim.lr_scheduler.StepLR(opt, step_size: 3, gamma: 0.5);
        Assert.Equal(new[] { 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25 }, Lrs(s, opt, 8));
    }

    [Fact]
    public void CosineAnnealing_FollowsHalfACosine()
    {
        using var p = Param(1.0);
        using var opt = optim.SGD(new[] { p }, lr: 0.1);
        var s = optim.lr_scheduler.CosineAnnealingLR(opt, T_max: 4, eta_min: 0.02);
        double[] got = Lrs(s, opt, 5);
        // cos(0), cos(π/4), cos(π/2), cos(3π/4), cos(π): 0.02 + 0.08·(1 + c)/2.
        double h = Math.Sqrt(0.5);
        Assert.Equal(new[] { 0.1, 0.02 + 0.04 * (1 + h), 0.06, 0.02 + 0.04 * (1 - h), 0.02 }, got, new Tolerance(1e-15));
    }

    [Fact]
    public void OneCycle_WarmsUpToMaxThenAnnealsToTheFloor_AndCyclesBeta1()
    {
        using var p = Param(1.0);
        using var opt = optim.Adam(new[] { p }, lr: 123);
        var s = optim.lr_scheduler.OneCycleLR(opt, max_lr: 0.5, total_steps: 21, pct_start: 0.2);
        // Phase 1 ends at step 0.2·21 − 1 = 3.2; phase 2 at step 20. Start max/25, peak 0.5 at the phase end, floor max/25/1e4.
        var lrs = new List<double>();
        var betas = new List<double>();
        for (int k = 0; k <= 20; k++)
        {
            lrs.Add(opt.LearningRate);
            betas.Add(opt.Beta1);
            if (k < 20) s.step();
        }
        Assert.Equal(0.02, lrs[0], 12);
        Assert.Equal(0.95, betas[0], 12);
        double pct1 = 1 / (0.2 * 21 - 1); // step 1 of phase 1
        Assert.Equal(0.5 + (0.02 - 0.5) / 2 * (Math.Cos(Math.PI * pct1) + 1), lrs[1], 12);
        Assert.Equal(0.85 + (0.95 - 0.85) / 2 * (Math.Cos(Math.PI * pct1) + 1), betas[1], 12);
        Assert.True(lrs.Take(4).Zip(lrs.Skip(1).Take(3)).All(t => t.First < t.Second), "warm-up rises");
        Assert.True(lrs.Skip(4).Zip(lrs.Skip(5)).All(t => t.First > t.Second), "annealing falls");
        Assert.Equal(0.02 / 1e4, lrs[20], 15);
        Assert.Equal(0.95, betas[20], 12);
        s.step(); // step 21 = total_steps is still allowed, as in PyTorch
        Assert.Throws<InvalidOperationException>(() => s.step());
    }

    [Fact]
    public void OneCycle_CyclesSgdMomentum()
    {
        using var p = Param(1.0);
        using var opt = optim.SGD(new[] { p }, lr: 0.1, momentum: 0.9);
        var s = optim.lr_scheduler.OneCycleLR(opt, max_lr: 1.0, total_steps: 10, anneal_strategy: optim.lr_scheduler.impl.OneCycleLR.AnnealStrategy.Linear);
        Assert.Equal(0.95, opt.Momentum);
        s.step();
        s.step(); // step 2 = phase 1's end (0.3·10 − 1): peak lr, lowest momentum
        Assert.Equal(1.0, opt.LearningRate, 12);
        Assert.Equal(0.85, opt.Momentum, 12);
    }

    [PythonTorchFact]
    public void Schedulers_MatchPyTorch()
    {
        string script = """
import torch, warnings
warnings.filterwarnings("ignore")
def run(make, n, adam):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.Adam([p], lr=0.1) if adam else torch.optim.SGD([p], lr=0.1, momentum=0.9)
    s = make(opt)
    out = []
    for _ in range(n):
        g = opt.param_groups[0]
        out += [g['lr'], g['betas'][0] if adam else g['momentum']]
        opt.step(); s.step()
    print(' '.join(repr(v) for v in out))
run(lambda o: torch.optim.lr_scheduler.StepLR(o, 4, 0.3), 12, False)
run(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 7, 0.001), 15, False)
run(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, 0.8, 37), 37, True)
run(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, 0.8, 50, pct_start=0.25, anneal_strategy='linear', three_phase=True), 50, False)
""";
        string[] lines = PythonTorch.Check(script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var makers = new (Func<optim.Optimizer, optim.lr_scheduler.LRScheduler> make, int n, bool adam)[]
        {
            (o => optim.lr_scheduler.StepLR(o, 4, 0.3), 12, false),
            (o => optim.lr_scheduler.CosineAnnealingLR(o, 7, 0.001), 15, false),
            (o => optim.lr_scheduler.OneCycleLR(o, 0.8, 37), 37, true),
            (o => optim.lr_scheduler.OneCycleLR(o, 0.8, 50, pct_start: 0.25,
                anneal_strategy: optim.lr_scheduler.impl.OneCycleLR.AnnealStrategy.Linear, three_phase: true), 50, false),
        };
        for (int k = 0; k < makers.Length; k++)
        {
            using var p = Param(0.0);
            using optim.Optimizer opt = makers[k].adam ? optim.Adam(new[] { p }, lr: 0.1) : optim.SGD(new[] { p }, lr: 0.1, momentum: 0.9);
            var s = makers[k].make(opt);
            var ours = new List<double>();
            for (int i = 0; i < makers[k].n; i++)
            {
                ours.Add(opt.LearningRate);
                ours.Add(opt is Modules.Adam a ? a.Beta1 : ((Modules.SGD)opt).Momentum);
                s.step();
            }
            // The recursive cosine form in PyTorch differs from the closed form by rounding only.
            Assert.Equal(PythonTorch.Numbers(lines[k]), ours.ToArray(), new Tolerance(1e-12));
        }
    }

    [PythonTorchFact]
    public void Optimizers_MatchPyTorchOnAQuadratic()
    {
        // Five steps on f(p) = Σ c·p² + d·p from the same start, for each optimizer setting.
        string script = """
import torch
settings = [
  lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.02),
  lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.7, nesterov=True, weight_decay=0.01),
  lambda ps: torch.optim.Adam(ps, lr=0.03, betas=(0.8, 0.95), eps=1e-7, weight_decay=0.05),
  lambda ps: torch.optim.AdamW(ps, lr=0.03, betas=(0.85, 0.9), weight_decay=0.3),
]
for make in settings:
    p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64))
    c = torch.tensor([0.5, 2.0, 1.5], dtype=torch.float64); d = torch.tensor([0.1, -0.3, 0.2], dtype=torch.float64)
    opt = make([p])
    for _ in range(5):
        opt.zero_grad(); (c * p * p + d * p).sum().backward(); opt.step()
    print(' '.join(repr(v) for v in p.detach().tolist()))
""";
        string[] lines = PythonTorch.Check(script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var settings = new Func<nn.Parameter[], optim.Optimizer>[]
        {
            ps => optim.SGD(ps, lr: 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 0.02),
            ps => optim.SGD(ps, lr: 0.05, momentum: 0.7, nesterov: true, weight_decay: 0.01),
            ps => optim.Adam(ps, lr: 0.03, beta1: 0.8, beta2: 0.95, eps: 1e-7, weight_decay: 0.05),
            ps => optim.AdamW(ps, lr: 0.03, beta1: 0.85, beta2: 0.9, weight_decay: 0.3),
        };
        double[] c = { 0.5, 2.0, 1.5 }, d = { 0.1, -0.3, 0.2 };
        for (int k = 0; k < settings.Length; k++)
        {
            using var p = Param(1.0, -2.0, 0.5);
            using var opt = settings[k](new[] { p });
            for (int s = 0; s < 5; s++)
            {
                double[] x = p.ToArray<double>();
                SetGrad(p, Enumerable.Range(0, 3).Select(i => 2 * c[i] * x[i] + d[i]).ToArray());
                opt.step();
            }
            Assert.Equal(PythonTorch.Numbers(lines[k]), p.ToArray<double>(), new Tolerance(1e-12));
        }
    }
}

/// <summary>Compares doubles within an absolute tolerance.</summary>
internal sealed class Tolerance : IEqualityComparer<double>
{
    private readonly double _eps;

    public Tolerance(double eps) => _eps = eps;

    public bool Equals(double x, double y) => Math.Abs(x - y) <= _eps;

    public int GetHashCode(double obj) => 0;
}
