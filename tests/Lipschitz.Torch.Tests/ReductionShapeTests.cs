using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;

namespace Lipschitz.Torch.Tests;

public class ReductionTests
{
    // [[1, 5, 2], [4, 0, 6]]
    private static Tensor M() => tensor(new double[] { 1, 5, 2, 4, 0, 6 }, new long[] { 2, 3 });

    [Fact]
    public void SumMeanProd_OverAllAndDims()
    {
        using var scope = NewDisposeScope();
        Tensor m = M();
        Close(18, m.sum());
        Close(new double[] { 5, 5, 8 }, m.sum(0));
        Close(new double[] { 8, 10 }, sum(m, 1));
        Assert.Equal(new long[] { 2, 1 }, m.sum(1, keepdim: true).shape);
        Close(18, m.sum(new long[] { 0, 1 }));
        Close(3, m.mean());
        Close(new double[] { 2.5, 2.5, 4 }, m.mean(0));
        Close(0, m.prod());
        Close(new double[] { 2.5, 2.5, 4 }, mean(m, 0));
        Close(new double[] { 5, 5, 8 }, sum(m, 0));
        Close(new double[] { 4, 0, 12 }, m.prod(0));
        Close(new double[] { 1, 6, 8, 4, 4, 10 }, m.cumsum(1));
        using var ints = tensor(new long[] { 1, 2, 3 });
        Assert.Equal(6L, ints.sum().item<long>());
        Assert.Equal(ScalarType.Int64, ints.sum().dtype);
        Close(6, ints.sum(float64));
    }

    [Fact]
    public void MaxMinArgmaxAmax_ReturnValuesAndIndices()
    {
        using var scope = NewDisposeScope();
        Tensor m = M();
        Close(6, m.max());
        Close(0, min(m));
        var (values, indexes) = m.max(1);
        Close(new double[] { 5, 6 }, values);
        Assert.Equal(new long[] { 1, 2 }, indexes.ToArray<long>());
        var (mv, mi) = torch.min(m, 0, keepdim: true);
        Assert.Equal(new long[] { 1, 3 }, mv.shape);
        Close(new double[] { 1, 0, 2 }, mv);
        Assert.Equal(new long[] { 0, 1, 0 }, mi.ToArray<long>());
        Assert.Equal(5L, m.argmax().item<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, m.argmax(0).ToArray<long>());
        Assert.Equal(new long[] { 0, 1 }, argmin(m, 1).ToArray<long>());
        Close(new double[] { 4, 5, 6 }, m.amax(0));
        Close(new double[] { 1, 0 }, amin(m, new long[] { 1 }));
        Close(2, m.median());
    }

    [Fact]
    public void LogsumexpNormStdAllAny_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor m = M();
        Close(new[] { Math.Log(Math.Exp(1) + Math.Exp(5) + Math.Exp(2)), Math.Log(Math.Exp(4) + 1 + Math.Exp(6)) }, m.logsumexp(1), 1e-12);
        Close(Math.Sqrt(1 + 25 + 4 + 16 + 36), m.norm(), 1e-12);
        Close(1 + 5 + 2 + 4 + 6, m.norm(1.0));
        Close(new[] { Math.Sqrt(30), Math.Sqrt(52) }, m.norm(1L, p: 2), 1e-12);
        // values 1,5,2,4,0,6: mean 3, squared deviations 4,4,1,1,9,9 = 28
        Close(Math.Sqrt(28.0 / 5), m.std(), 1e-12);
        Close(28.0 / 6, m.var(unbiased: false), 1e-12);
        Assert.False(m.all().item<bool>());
        Assert.True(m.any().item<bool>());
        Assert.Equal(new[] { true, false, true }, m.all(0).ToArray<bool>());
        Assert.Equal(5L, count_nonzero(m).item<long>());
    }
}

public class ShapeTests
{
    [Fact]
    public void ViewsAndPermutations_MoveElementsAsExpected()
    {
        using var scope = NewDisposeScope();
        Tensor x = arange(24).reshape(2, 3, 4);
        Assert.Equal(new long[] { 2, 12 }, x.flatten(1).shape);
        Assert.Equal(new long[] { 24 }, flatten(x).shape);
        Tensor p = x.permute(2, 0, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, p.shape);
        // p[k, i, j] = x[i, j, k] = 12 i + 4 j + k; p[3, 1, 2] = 12 + 8 + 3
        Assert.Equal(23L, p[3, 1][2].item<long>());
        Tensor t = x.transpose(0, 2);
        Assert.Equal(new long[] { 4, 3, 2 }, t.shape);
        Assert.Equal(12 + 4 * 2 + 1L, t[1, 2][1].item<long>());
        Assert.Equal(new long[] { 2, 1, 3, 4 }, x.unsqueeze(1).shape);
        Assert.Equal(new long[] { 2, 3, 4 }, x.unsqueeze(1).squeeze().shape);
        Assert.Equal(new long[] { 2, 3, 4 }, x.unsqueeze(0).squeeze(0).shape);
        Assert.Equal(new long[] { 2, 3, 2, 2 }, x.unflatten(2, 2, 2).shape);
        Tensor row = tensor(new double[] { 1, 2, 3 });
        Close(new double[] { 1, 2, 3, 1, 2, 3 }, row.expand(2, 3).contiguous());
        Close(new double[] { 1, 2, 3, 1, 2, 3 }, row.repeat(2));
        Close(new double[] { 3, 2, 1 }, row.flip(0));
        Close(new double[] { 3, 1, 2 }, row.roll(1, 0));
        Tensor mat = tensor(new double[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        Close(new double[] { 1, 3, 2, 4 }, mat.t().contiguous());
        Close(new double[] { 1, 3, 2, 4 }, mat.mT.contiguous());
        Close(new double[] { 1, 0, 3, 4 }, mat.tril());
        Close(new double[] { 1, 2, 0, 4 }, mat.triu());
        Close(new double[] { 1, 4 }, mat.diag());
        Close(new double[] { 2, 3 }, mat.slice(0, 0, 2).select(1, 1) + tensor(new double[] { 0, -1 }));
    }

    [Fact]
    public void CatStackChunkSplitUnbind_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor a = tensor(new double[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        Tensor b = tensor(new double[] { 5, 6 }, new long[] { 1, 2 });
        Close(new double[] { 1, 2, 3, 4, 5, 6 }, cat(new[] { a, b }));
        Assert.Equal(new long[] { 2, 2, 2 }, stack(new[] { a, a }, 1).shape);
        Tensor x = arange(7);
        Tensor[] c = x.chunk(3);
        Assert.Equal(new[] { 3L, 3, 1 }, c.Select(t => t.shape[0]));
        Tensor[] s = x.split(new long[] { 2, 5 });
        Assert.Equal(new long[] { 2, 3, 4, 5, 6 }, s[1].ToArray<long>());
        Tensor[] s2 = split(x, 4);
        Assert.Equal(new long[] { 4, 5, 6 }, s2[1].ToArray<long>());
        Tensor[] u = a.unbind(1);
        Close(new double[] { 2, 4 }, u[1]);
        Tensor[] halves = torch.chunk(a, 2, 1);
        Close(new double[] { 1, 3 }, halves[0].contiguous());
    }

    [Fact]
    public void IndexingGatherScatterMasks_MatchHandValues()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new double[] { 10, 11, 12, 20, 21, 22, 30, 31, 32 }, new long[] { 3, 3 });
        Tensor idx = tensor(new long[] { 2, 0, 2 });
        Tensor batch = x[idx];
        Assert.Equal(new long[] { 3, 3 }, batch.shape);
        Close(new double[] { 30, 31, 32, 10, 11, 12, 30, 31, 32 }, batch);
        Close(new double[] { 12, 10, 12, 22, 20, 22, 32, 30, 32 }, x.index_select(1, idx));
        Tensor g = x.gather(1, tensor(new long[] { 1, 0, 2 }, new long[] { 3, 1 }));
        Close(new double[] { 11, 20, 32 }, g);
        Tensor mask = tensor(new[] { true, false, true });
        Close(new double[] { 10, 11, 12, 30, 31, 32 }, x[mask]);
        Close(new double[] { 11, 32 }, x.index(tensor(new long[] { 0, 2 }), tensor(new long[] { 1, 2 })));
        Close(new double[] { 20, 21, 22 }, x[1]);
        Close(new double[] { 30, 31, 32 }, x[-1]);
        Tensor z = zeros(new long[] { 2, 3 }, float64);
        Close(new double[] { 0, 5, 0, 0, 0, 5 }, z.scatter(1, tensor(new long[] { 1, 2 }, new long[] { 2, 1 }), 5.0));
        Tensor y = zeros(new long[] { 4 }, float64);
        y.index_put_(new Tensor?[] { tensor(new long[] { 1, 1, 3 }) }, tensor(new double[] { 1, 2, 3 }), accumulate: true);
        Close(new double[] { 0, 3, 0, 3 }, y);
        Close(new double[] { 0, 0, 1, 0 }, nn.functional.one_hot(tensor(new long[] { 2 }), 4));
        Assert.Equal(new long[] { 1, 3 }, tensor(new double[] { 0, 3, 0, 1 }).nonzero().ToArray<long>());
    }
}
