using System.Globalization;
using System.Linq;
using Lipschitz.Nn.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Training;

public class ScheduleTests
{
    /// <summary>PyTorch's learning rate (and β₁) before each of <paramref name="steps"/> optimizer steps, and after the last.</summary>
    private static (double[] Lr, double[] Beta1) PyTorch(string scheduler, int steps)
    {
        string script = $$"""
import torch
p = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.Adam([p], lr=0.001, betas=(0.9, 0.999))
s = {{scheduler}}
lrs, betas = [], []
for i in range({{steps}}):
    lrs.append(opt.param_groups[0]['lr']); betas.append(opt.param_groups[0]['betas'][0])
    opt.step(); s.step()
lrs.append(opt.param_groups[0]['lr']); betas.append(opt.param_groups[0]['betas'][0])
print(' '.join(repr(v) for v in lrs)); print(' '.join(repr(v) for v in betas))
""";
        string[] lines = PythonTorchReference.Run(script).Trim().Split('\n');
        double[] Parse(string l) => l.Trim().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (Parse(lines[0]), Parse(lines[1]));
    }

    [PythonTorchFact]
    public void Cosine_EqualsPyTorchsCosineAnnealingLR_AtEveryStep_IncludingTheLast()
    {
        const int steps = 97;
        (double[] lr, _) = PyTorch($"torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max={steps}, eta_min=1e-5)", steps);
        var schedule = new CosineSchedule(0.001, steps, 1e-5);
        for (int t = 0; t <= steps; t++) Assert.Equal(lr[t], schedule.LearningRate(t));
    }

    [PythonTorchFact]
    public void OneCycle_EqualsPyTorchsOneCycleLR_LearningRateAndBeta1_AtEveryStep_IncludingTheLast()
    {
        const int steps = 60;
        double maxLr = 0.001, finalLr = 2e-6;
        string finalDiv = (maxLr / 25 / finalLr).ToString("R", CultureInfo.InvariantCulture);
        (double[] lr, double[] beta1) = PyTorch($"torch.optim.lr_scheduler.OneCycleLR(opt, max_lr={maxLr.ToString("R", CultureInfo.InvariantCulture)}, total_steps={steps}, pct_start=0.25, final_div_factor={finalDiv})", steps);
        var schedule = new OneCycleSchedule(maxLr, steps, 0.25, finalLr);
        for (int t = 0; t <= steps; t++)
        {
            Assert.Equal(lr[t], schedule.LearningRate(t));
            Assert.Equal(beta1[t], schedule.Momentum(t)!.Value);
        }
        // The last optimizer step uses the declared final rate (TorchSharp 0.107's OneCycleLR sets 0 there).
        Assert.Equal(finalLr, schedule.LearningRate(steps - 1), 15);
    }

    [Fact]
    public void Apply_SetsEveryParameterGroup_LearningRateAndBeta1_NotJustTheDefaults()
    {
        using var a = new Parameter(zeros(2));
        using var b = new Parameter(zeros(3));
        using var adam = optim.Adam(new[] { new Adam.ParamGroup(new[] { a }, lr: 0.5), new Adam.ParamGroup(new[] { b }, lr: 0.7) }, lr: 0.1);
        var schedule = new OneCycleSchedule(0.01, 10, 0.3, 1e-6);
        schedule.Apply(adam, 4);
        Assert.All(adam.ParamGroups, g =>
        {
            Assert.Equal(schedule.LearningRate(4), g.LearningRate);
            Assert.Equal(schedule.Momentum(4)!.Value, ((optim.IBetas)g).Betas.Item1);
            Assert.Equal(0.999, ((optim.IBetas)g).Betas.Item2);
        });
        using var sgd = optim.SGD(new[] { new SGD.ParamGroup(new[] { a }, 0.5, momentum: 0.9), new SGD.ParamGroup(new[] { b }, 0.7, momentum: 0.9) }, 0.1);
        schedule.Apply(sgd, 9);
        Assert.All(sgd.ParamGroups, g => Assert.Equal(schedule.Momentum(9)!.Value, ((optim.IMomentum)g).Momentum));
    }
}
