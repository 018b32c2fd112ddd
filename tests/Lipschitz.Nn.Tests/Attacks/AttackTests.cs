using System.Linq;
using Lipschitz.Nn.Attacks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Attacks;

[Collection(DeterministicCollection.Name)]
public class AttackTests
{
    /// <summary>Per sample ‖δ‖ computed here from the values (independent of the attack's own bookkeeping).</summary>
    private static double[] Norms(Tensor x, Tensor adversarial, Norm norm)
    {
        float[] a = x.ToArray<float>(), b = adversarial.ToArray<float>();
        int n = (int)x.size(0), d = a.Length / n;
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                double v = (double)b[i * d + j] - a[i * d + j];
                s = norm == Norm.L2 ? s + v * v : Math.Max(s, Math.Abs(v));
            }
            result[i] = norm == Norm.L2 ? Math.Sqrt(s) : s;
        }
        return result;
    }

    [Theory]
    [InlineData(AttackKind.Pgd, Norm.L2, 1.5)]
    [InlineData(AttackKind.Pgd, Norm.LInf, 0.1)]
    [InlineData(AttackKind.Fgsm, Norm.LInf, 0.1)]
    [InlineData(AttackKind.Audit, Norm.L2, 1.0)]
    public void Perturbation_StaysInItsBudget_InsideTheMask_AndInThePixelRange(AttackKind kind, Norm norm, double eps)
    {
        PlainNet net = TrainedNets.Plain();
        (Tensor x, Tensor y) = TrainedNets.TestBatch(64);
        using (x)
        using (y)
        using (Tensor mask = Masks.Rectangle(28, 28, 6, 4, 10, 12))
        using (AttackResult r = Attack.Run(net, x, y, eps, new AttackOptions { Kind = kind, Norm = norm, Steps = 10, Mask = mask, Restarts = 2 }))
        {
            double[] measured = Norms(x, r.Adversarial, norm);
            Assert.All(measured, v => Assert.True(v <= eps * (1 + 1e-5) + 1e-6, $"‖δ‖ = {v} > eps {eps}"));
            using Tensor delta = r.Adversarial - x;
            using Tensor outside = delta * (1 - mask);
            Assert.Equal(0.0, outside.abs().max().ToDouble());
            Assert.True(r.Adversarial.min().ToDouble() >= 0 && r.Adversarial.max().ToDouble() <= 1);
            // The attack's own norms agree with the values.
            double[] reported = (norm == Norm.L2 ? r.L2 : r.LInf).ToArray<double>();
            for (int i = 0; i < measured.Length; i++) Assert.Equal(measured[i], reported[i], 5);
            Assert.True(r.SuccessRate > 0, "the attack should break some predictions of an unconstrained network");
        }
    }

    [Theory]
    [InlineData(Norm.L2, 1.5)]
    [InlineData(Norm.LInf, 0.1)]
    public void Noise_HasTheBudgetsSize_AndBreaksFewerPredictionsThanPgd(Norm norm, double eps)
    {
        PlainNet net = TrainedNets.Plain();
        (Tensor x, Tensor y) = TrainedNets.TestBatch(100);
        using (x)
        using (y)
        using (AttackResult noise = Attack.Run(net, x, y, eps, new AttackOptions { Kind = AttackKind.Noise, Norm = norm, Clip = null, Seed = 3 }))
        using (AttackResult pgd = Attack.Run(net, x, y, eps, new AttackOptions { Kind = AttackKind.Pgd, Norm = norm, Steps = 10 }))
        {
            double[] measured = Norms(x, noise.Adversarial, norm);
            if (norm == Norm.L2)
            {
                // Unclipped L2 noise lies on the sphere of radius eps.
                Assert.All(measured, v => Assert.Equal(eps, v, 4));
            }
            else
            {
                // Uniform in the cube: every coordinate within eps, and the largest of 784 close to it.
                Assert.All(measured, v => Assert.InRange(v, 0.95 * eps, eps * (1 + 1e-6)));
                using Tensor delta = noise.Adversarial - x;
                Assert.InRange(delta.mean().ToDouble(), -0.01 * eps, 0.01 * eps);
            }
            Assert.True(noise.SuccessRate < pgd.SuccessRate, $"noise broke {noise.SuccessRate:P0}, PGD {pgd.SuccessRate:P0}");
            // A draw that changes nothing keeps the prediction: success is exactly a changed argmax.
            using Tensor predicted = noise.Logits.argmax(1);
            Assert.Equal(predicted.ne(y).ToArray<bool>(), noise.Success.ToArray<bool>());
        }
    }

    [Fact]
    public void SignedTargetedAttack_ReachesItsTarget_OnAnUnconstrainedNetwork()
    {
        PlainNet net = TrainedNets.Plain();
        (Tensor x, Tensor y) = TrainedNets.TestBatch(50);
        using (x)
        using (y)
        using (Tensor target = (y + 3).remainder(10))
        using (AttackResult r = Attack.Run(net, x, y, double.PositiveInfinity,
                   new AttackOptions { Kind = AttackKind.Signed, Norm = Norm.LInf, Target = target, Steps = 200, SignedStep = 1.0 / 255 }))
        {
            Assert.True(r.SuccessRate >= 0.9, $"only {r.SuccessRate:P0} reached their target");
            long[] predicted = r.Logits.argmax(1).ToArray<long>(), wanted = target.ToArray<long>(), steps = r.Steps.ToArray<long>();
            bool[] success = r.Success.ToArray<bool>();
            double[] linf = r.LInf.ToArray<double>();
            for (int i = 0; i < success.Length; i++)
            {
                Assert.Equal(predicted[i] == wanted[i], success[i]);
                if (!success[i]) continue;
                Assert.InRange(steps[i], 0, 200); // 0: the network already predicted the target
                // Each step moves every free pixel by at most one level, so k steps give at most k/255.
                Assert.True(linf[i] <= steps[i] / 255.0 + 1e-6, $"sample {i}: ‖δ‖∞ {linf[i]} after {steps[i]} steps");
            }
        }
    }

    [Fact]
    public void Pgd_FlipsMostPredictionsOfAnUnconstrainedNetwork_WhereTheOneLipschitzNetworkKeepsMost()
    {
        (Tensor x, Tensor y) = TrainedNets.TestBatch(200);
        using (x)
        using (y)
        {
            var options = new AttackOptions { Kind = AttackKind.Pgd, Norm = Norm.L2, Steps = 20, Restarts = 1 };
            // Measured: at L2 1.5 PGD keeps 26 % of the plain MLP's correct predictions and 70 % of the 1-Lipschitz one's
            // (at 1.0: 53 % / 78 %; at 2.0: 15 % / 55 %).
            const double eps = 1.5;
            double Robust(LipschitzModule net)
            {
                using var noGrad = no_grad();
                using Tensor clean = net.call(x).argmax(1).eq(y);
                using AttackResult r = Attack.Run(net, x, y, eps, options);
                using Tensor kept = clean.logical_and(r.Success.logical_not());
                return kept.to(ScalarType.Float64).sum().ToDouble() / clean.to(ScalarType.Float64).sum().ToDouble();
            }
            double plain = Robust(TrainedNets.Plain()), lipschitz = Robust(TrainedNets.Lipschitz());
            Assert.True(plain < 0.4, $"PGD-L2 at {eps} kept {plain:P0} of the unconstrained network's correct predictions");
            Assert.True(lipschitz > 0.6, $"PGD-L2 at {eps} kept only {lipschitz:P0} of the 1-Lipschitz network's correct predictions");
        }
    }

    [Fact]
    public void Audit_CatchesABrokenCertificate_AndFindsNothingAgainstASoundOne()
    {
        (Tensor x, Tensor y) = TrainedNets.TestBatch(100);
        using (x)
        using (y)
        {
            int Violations(LipschitzModule net)
            {
                using var noGrad = no_grad();
                using Tensor logits = net.call(x);
                using Tensor radius = net.CertifiedRadius(logits);
                using Tensor correct = logits.argmax(1).eq(y).logical_and(radius.gt(0));
                using Tensor budget = radius.to(ScalarType.Float32) * 0.999;
                using AttackResult r = Attack.Run(net, x, y, budget,
                    new AttackOptions { Kind = AttackKind.Audit, Norm = Norm.L2, Steps = 50, Restarts = 2, Clip = null });
                using Tensor broken = r.Success.logical_and(correct);
                return (int)broken.sum().ToInt64();
            }
            // The plain MLP declares a bound of 1 that it does not have: its "certificates" are attacked successfully.
            PlainNet liar = TrainedNets.Plain();
            using var lying = new PlainNet(declaredBound: 1.0);
            Lipschitz.Nn.Serialization.ModuleState.Apply(lying, liar.state_dict().ToList(), "the trained plain network");
            lying.eval();
            Assert.True(Violations(lying) > 5, "the audit must catch a certificate from a bound that is too small");
            Assert.Equal(0, Violations(TrainedNets.Lipschitz()));
        }
    }

    [Fact]
    public void Attack_LeavesTheModelsModeAndGradientFlags_AsTheyWere_AndNoTensorsBehind()
    {
        using var net = new PlainNet();
        net.train();
        var parameters = net.parameters().ToArray();
        parameters[0].requires_grad = false;
        (Tensor x, Tensor y) = TrainedNets.TestBatch(8);
        using (x)
        using (y)
        {
            var stats = DisposeScopeManager.Statistics.TensorStatistics;
            long before = stats.ThreadTotalLiveCount;
            using (AttackResult r = Attack.Run(net, x, y, 0.5, new AttackOptions { Kind = AttackKind.Audit, Steps = 12, Restarts = 2 }))
                Assert.Equal(before + 6, stats.ThreadTotalLiveCount);
            Assert.Equal(before, stats.ThreadTotalLiveCount);
        }
        Assert.True(net.training);
        Assert.False(parameters[0].requires_grad);
        Assert.All(parameters.Skip(1), p => Assert.True(p.requires_grad));
    }
}
