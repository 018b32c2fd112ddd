using System.Linq;
using Lipschitz.Nn.Layers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lipschitz.Nn.Tests.Zoo;

/// <summary>
/// The composite layers (residual, concat): their Lipschitz constant measured in float64 (Jacobian σmax at random points,
/// random pair ratios) against the declared rule, tight cases, broken rules that the same measurement catches, the
/// verified bound composed from the nested layers', gradients against finite differences, and the nested layers'
/// registration (parameters, state dict, <c>to()</c>).
/// </summary>
[Collection(DeterministicCollection.Name)]
public class CompositionTests(ITestOutputHelper output)
{
    private static readonly long[] Shape6 = { 6 };

    private static Func<Tensor, Tensor> Call(nn.Module<Tensor, Tensor> layer) => x => layer.call(x);

    private static nn.Module<Tensor, Tensor>[] AolBody(long seed)
    {
        manual_seed(seed);
        return new nn.Module<Tensor, Tensor>[] { new AolLinear(6, 6), new MaxMin(), new AolLinear(6, 6) };
    }

    /// <summary>The largest Jacobian σmax and pair ratio of <paramref name="f"/> on inputs [6].</summary>
    private (double Jacobian, double Pairs) Measure(Func<Tensor, Tensor> f, string what, long[]? shape = null)
    {
        manual_seed(11);
        double jacobian = NonlinearNorms.MaxJacobianNorm(f, shape ?? Shape6, 16);
        double pairs = NonlinearNorms.MaxPairRatio(f, shape ?? Shape6, 256);
        output.WriteLine($"{what}: max Jacobian σ {jacobian:R}, max pair ratio {pairs:R}");
        return (jacobian, pairs);
    }

    private static void AssertWithin(double bound, (double Jacobian, double Pairs) measured, string what)
    {
        Assert.True(measured.Jacobian <= bound * (1 + 1e-12), $"{what}: Jacobian norm {measured.Jacobian} > bound {bound}");
        Assert.True(measured.Pairs <= bound * (1 + NonlinearNorms.PairSlack), $"{what}: pair ratio {measured.Pairs} > bound {bound}");
    }

    /// <summary>A few Adam steps on the layer's parameters that push its distance ratio on random pairs up (loss −mean ratio²).</summary>
    private static void PushRatioUp(nn.Module<Tensor, Tensor> layer, int steps)
    {
        using var optimizer = optim.Adam(layer.parameters(), lr: 0.05);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            Tensor x = randn(new[] { 32L, 6 }, ScalarType.Float64);
            Tensor delta = randn(new[] { 32L, 6 }, ScalarType.Float64) * 0.3;
            Tensor num = (layer.call(x) - layer.call(x + delta)).reshape(32, -1).pow(2).sum(1);
            Tensor den = delta.pow(2).sum(1);
            Tensor loss = -(num / den).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }

    // ---- residual ----

    [Fact]
    public void Residual_Plain_IsWithin1PlusLf_RandomAndAfterAdam()
    {
        using var layer = new Residual(AolBody(1));
        layer.to(ScalarType.Float64);
        Assert.Equal(2.0, layer.Bound);
        AssertWithin(2.0, Measure(Call(layer), "residual x + f(x), random"), "random");
        PushRatioUp(layer, 20);
        AssertWithin(2.0, Measure(Call(layer), "residual x + f(x), after 20 Adam steps"), "trained");
    }

    [Fact]
    public void Residual_Convex_IsOneLipschitz_RandomAndAfterAdam_AndWithoutTheSkipFactorIsNot()
    {
        using var layer = new Residual(AolBody(2), scale: 0.5, convex: true);
        layer.to(ScalarType.Float64);
        Assert.Equal(1.0, layer.Bound);
        AssertWithin(1.0, Measure(Call(layer), "convex residual α = 0.5, random"), "random");
        PushRatioUp(layer, 20);
        var trained = Measure(Call(layer), "convex residual α = 0.5, after 20 Adam steps");
        AssertWithin(1.0, trained, "trained");

        // Broken: the same block without the (1 − α) on the skip, x + α·f(x), claimed with the convex bound 1.
        var broken = Measure(x => { using Tensor f = ChainOf(layer.Body, x); return x + f * 0.5; }, "broken: x + α·f(x) (no 1 − α)");
        Assert.True(broken.Jacobian > 1.05, $"the broken variant should exceed the convex bound 1, measured {broken.Jacobian}");
    }

    private static Tensor ChainOf(System.Collections.Generic.IReadOnlyList<nn.Module<Tensor, Tensor>> chain, Tensor x)
    {
        Tensor h = x.alias();
        foreach (var l in chain)
        {
            Tensor next = l.call(h);
            h.Dispose();
            h = next;
        }
        return h;
    }

    [Fact]
    public void Residual_IsTight_OnALinearBody()
    {
        // Body c·x: the block is (1 + c)·x (plain) or x (convex), whose norms are the rules' values exactly.
        using var plain = new Residual(new nn.Module<Tensor, Tensor>[] { new Scale(1.0) });
        Assert.Equal(2.0, plain.Bound);
        Assert.Equal(2.0, Measure(Call(plain), "residual with body x").Jacobian, 12);
        using var convex = new Residual(new nn.Module<Tensor, Tensor>[] { new Scale(1.0) }, scale: 0.25, convex: true);
        Assert.Equal(1.0, convex.Bound);
        Assert.Equal(1.0, Measure(Call(convex), "convex residual with body x").Jacobian, 12);
        // A negative scale: x − 3·(0.5·x) = −0.5·x, bound 1 + 3·0.5 = 2.5 (the rule takes |c|).
        using var negative = new Residual(new nn.Module<Tensor, Tensor>[] { new Scale(0.5) }, scale: -3);
        Assert.Equal(2.5, negative.Bound);
        Assert.True(Measure(Call(negative), "residual x − 3·(0.5·x)").Jacobian <= 2.5);
        // Power iteration on a linear block finds its norm (in float32: a parameter-free block runs in the default dtype).
        Assert.Equal(2.0, plain.PowerIteration(Shape6, 10), 4);
    }

    [Fact]
    public void Residual_VerifiedBound_ComposesTheBodysVerifiedBounds()
    {
        using var layer = new Residual(AolBody(3), scale: 0.5);
        layer.to(ScalarType.Float64);
        var aol = layer.Body.OfType<AolLinear>().ToArray();
        double expected = 1 + 0.5 * (aol[0].VerifiedBound(Shape6) * 1.0 * aol[1].VerifiedBound(Shape6));
        double verified = layer.VerifiedBound(Shape6);
        var measured = Measure(Call(layer), "residual x + 0.5·f(x)");
        output.WriteLine($"verified {verified:R}, declared {layer.Bound:R}, power iteration {layer.PowerIteration(Shape6, 30):R}");
        Assert.Equal(expected, verified, 12);
        Assert.True(verified >= measured.Jacobian, $"verified {verified} < measured {measured.Jacobian}");
        Assert.True(verified <= layer.Bound * (1 + 1e-9));
        Assert.True(layer.PowerIteration(Shape6, 30) <= verified * (1 + 1e-9));
        Assert.Contains("1 + |0.5|", layer.BoundMethod(Shape6));

        // An unconstrained body: no declared bound, but a verified one from its weight (float64 SVD).
        manual_seed(4);
        using var free = new Residual(new nn.Module<Tensor, Tensor>[] { new Linear(6, 6) });
        free.to(ScalarType.Float64);
        Assert.True(double.IsPositiveInfinity(free.Bound));
        double sigma = OperatorNorms.SigmaMax(((Linear)free.Body[0]).weight.detach());
        // Linear's verified bound is σ·(1 + a relative margin for the SVD's rounding).
        Assert.InRange(free.VerifiedBound(Shape6), 1 + sigma, (1 + sigma) * (1 + 1e-6));
        Assert.True(Measure(Call(free), "residual x + W·x").Jacobian <= 1 + sigma + 1e-12);
    }

    [Fact]
    public void Residual_Gradients_MatchFiniteDifferences()
    {
        using var layer = new Residual(AolBody(5), scale: 0.7, convex: true);
        layer.to(ScalarType.Float64);
        manual_seed(6);
        using Tensor x = randn(new[] { 3L, 6 }, ScalarType.Float64).requires_grad_(true);
        using Tensor weights = randn(new[] { 3L, 6 }, ScalarType.Float64);
        Tensor Loss() { using Tensor y = layer.call(x); using Tensor p = y * weights; return p.sum(); }
        double inputError = NonlinearNorms.MaxGradientError(Loss, x, 12);
        var weight = ((AolLinear)layer.Body[0]).weight;
        // A generic P: a square AOL layer starts near an orthogonal P, where PᵀP's off-diagonal |·| has its kink at 0.
        using (no_grad()) { using Tensor p = randn(new[] { 6L, 6 }, ScalarType.Float64); weight.copy_(p); }
        double weightError = NonlinearNorms.MaxGradientError(Loss, weight, 12);
        output.WriteLine($"gradient errors: input {inputError:E2}, nested weight {weightError:E2}");
        Assert.True(inputError < 1e-6, $"input gradient error {inputError}");
        Assert.True(weightError < 1e-6, $"nested weight gradient error {weightError}");
    }

    [Fact]
    public void Residual_RegistersItsBody_Once_AndMovesIt()
    {
        using var layer = new Residual(AolBody(7));
        var keys = layer.state_dict().Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "body.0.bias", "body.0.weight", "body.2.bias", "body.2.weight" }, keys);
        Assert.Equal(4, layer.parameters().Count());
        layer.to(ScalarType.Float64);
        Assert.All(layer.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Float64, ((AolLinear)layer.Body[0]).weight.dtype);
        using Tensor x = randn(new[] { 2L, 6 }, ScalarType.Float64);
        using Tensor y = layer.call(x);
        Assert.Equal(ScalarType.Float64, y.dtype);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Residual(new nn.Module<Tensor, Tensor>[] { new Relu() }, scale: 1.5, convex: true));
        Assert.Throws<ArgumentException>(() => new Residual(new nn.Module<Tensor, Tensor>[] { new Flatten() }).call(zeros(1, 2, 3)));
    }

    // ---- concat ----

    private static Concat Branches(long seed)
    {
        manual_seed(seed);
        return new Concat(new[]
        {
            new nn.Module<Tensor, Tensor>[] { new AolLinear(6, 4), new MaxMin() },
            new nn.Module<Tensor, Tensor>[] { new Scale(0.5) },
            System.Array.Empty<nn.Module<Tensor, Tensor>>(),
        });
    }

    [Fact]
    public void Concat_IsWithinRootSumOfSquares_RandomAndAfterAdam_AndAboveTheMax()
    {
        using var layer = Branches(8);
        layer.to(ScalarType.Float64);
        double bound = System.Math.Sqrt(1 + 0.25 + 1);
        Assert.Equal(bound, layer.Bound);
        var random = Measure(Call(layer), "concat [aol·maxmin, 0.5·x, x], random");
        AssertWithin(bound, random, "random");
        PushRatioUp(layer, 20);
        var trained = Measure(Call(layer), "concat, after 20 Adam steps");
        AssertWithin(bound, trained, "trained");
        // Broken: the bound taken as the largest branch bound (1) instead of √(Σ Lᵢ²): the measurement exceeds it.
        double broken = new[] { 1.0, 0.5, 1.0 }.Max();
        Assert.True(trained.Jacobian > broken * 1.05, $"the max-of-branches bound {broken} should be exceeded, measured {trained.Jacobian}");
    }

    [Fact]
    public void Concat_IsTight_OnIdentityBranches()
    {
        using var layer = new Concat(new[] { System.Array.Empty<nn.Module<Tensor, Tensor>>(), System.Array.Empty<nn.Module<Tensor, Tensor>>() });
        Assert.Equal(System.Math.Sqrt(2), layer.Bound);
        Assert.Equal(System.Math.Sqrt(2), Measure(Call(layer), "concat [x, x]").Jacobian, 12);
        Assert.Equal(System.Math.Sqrt(2), layer.PowerIteration(Shape6, 5), 4);
        // Images: channels are joined, spatial dims kept.
        using var image = new Concat(new[] { new nn.Module<Tensor, Tensor>[] { new AolConv2d(2, 3, 3) }, System.Array.Empty<nn.Module<Tensor, Tensor>>() });
        using Tensor y = image.call(zeros(1, 2, 5, 5));
        Assert.Equal(new long[] { 1, 5, 5, 5 }, y.shape);
    }

    [Fact]
    public void Concat_VerifiedBound_ComposesTheBranchesVerifiedBounds()
    {
        using var layer = Branches(9);
        layer.to(ScalarType.Float64);
        double aol = ((AolLinear)layer.Branches[0][0]).VerifiedBound(Shape6);
        double expected = System.Math.Sqrt(aol * aol + 0.25 + 1);
        double verified = layer.VerifiedBound(Shape6);
        var measured = Measure(Call(layer), "concat (verified)");
        output.WriteLine($"verified {verified:R}, declared {layer.Bound:R}, power iteration {layer.PowerIteration(Shape6, 30):R}");
        Assert.Equal(expected, verified, 12);
        Assert.True(verified >= measured.Jacobian);
        Assert.True(verified <= layer.Bound * (1 + 1e-9));
        Assert.True(layer.PowerIteration(Shape6, 30) <= verified * (1 + 1e-9));
    }

    [Fact]
    public void Concat_Gradients_MatchFiniteDifferences_AndRegistersBranchesOnce()
    {
        using var layer = Branches(10);
        Assert.Equal(new[] { "branch0.0.bias", "branch0.0.weight" }, layer.state_dict().Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToArray());
        Assert.Equal(2, layer.parameters().Count());
        layer.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, ((AolLinear)layer.Branches[0][0]).weight.dtype);
        manual_seed(12);
        using Tensor x = randn(new[] { 3L, 6 }, ScalarType.Float64).requires_grad_(true);
        using Tensor weights = randn(new[] { 3L, 4 + 6 + 6 }, ScalarType.Float64);
        Tensor Loss() { using Tensor y = layer.call(x); using Tensor p = y * weights; return p.sum(); }
        double inputError = NonlinearNorms.MaxGradientError(Loss, x, 12);
        double weightError = NonlinearNorms.MaxGradientError(Loss, ((AolLinear)layer.Branches[0][0]).weight, 12);
        output.WriteLine($"gradient errors: input {inputError:E2}, nested weight {weightError:E2}");
        Assert.True(inputError < 1e-6 && weightError < 1e-6, $"gradient errors {inputError}, {weightError}");
    }

    [Fact]
    public void Nested_ResidualInsideConcat_ComposesBothRules()
    {
        manual_seed(13);
        using var layer = new Concat(new[]
        {
            new nn.Module<Tensor, Tensor>[] { new Residual(new nn.Module<Tensor, Tensor>[] { new AolLinear(6, 6) }, scale: 0.5) },
            new nn.Module<Tensor, Tensor>[] { new Scale(0.5) },
        });
        layer.to(ScalarType.Float64);
        double bound = System.Math.Sqrt(1.5 * 1.5 + 0.25);
        Assert.Equal(bound, layer.Bound);
        AssertWithin(bound, Measure(Call(layer), "concat [x + 0.5·aol(x), 0.5·x]"), "nested");
        Assert.True(layer.VerifiedBound(Shape6) <= bound * (1 + 1e-9));
        var keys = layer.state_dict().Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToArray();
        output.WriteLine(string.Join(", ", keys));
        Assert.Equal(new[] { "branch0.0.body.0.bias", "branch0.0.body.0.weight" }, keys);
    }
}
