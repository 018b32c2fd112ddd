using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;

namespace Lipschitz.Torch.Tests;

public class IndexingTests
{
    // x[i, j, k] = 100 i + 10 j + k, shape [2, 3, 4]
    private static Tensor X()
    {
        var v = new double[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    v[(i * 3 + j) * 4 + k] = 100 * i + 10 * j + k;
        return tensor(v, new long[] { 2, 3, 4 });
    }

    [Fact]
    public void PositionsRangesEllipsisAndNewAxes_FollowPythonSemantics()
    {
        using var scope = NewDisposeScope();
        Tensor x = X();
        Close(new double[] { 112 }, x[1, 1, 2].reshape(1));
        Tensor r = x[1, 1..3];                          // x[1, 1:3]
        Assert.Equal(new long[] { 2, 4 }, r.shape);
        Close(new double[] { 110, 111, 112, 113, 120, 121, 122, 123 }, r);
        Close(new double[] { 3, 13, 23, 103, 113, 123 }, x[TensorIndex.Ellipsis, ^1]);   // x[..., -1]
        Close(new double[] { 1, 3, 101, 103 }, x[.., 0, TensorIndex.Slice(1, null, 2)]); // x[:, 0, 1::2]
        Assert.Equal(new long[] { 2, 1, 3, 4 }, x[.., TensorIndex.None].shape);           // x[:, None]
        Assert.Equal(new long[] { 3, 4 }, x[-1].shape);
        Close(new double[] { 20, 21, 22, 23 }, x[0, ^1]);
        Assert.Throws<ArgumentException>(() => x[0, 0, 0, 0]);
    }

    [Fact]
    public void TensorIndices_PickAndMask()
    {
        using var scope = NewDisposeScope();
        Tensor x = X();
        Tensor idx = tensor(new long[] { 2, 0 });
        Close(new double[] { 120, 121, 122, 123, 100, 101, 102, 103 }, x[1, idx]);             // x[1, [2, 0]]
        Close(new double[] { 2, 0, 12, 10, 22, 20, 102, 100, 112, 110, 122, 120 }, x[TensorIndex.Ellipsis, idx]); // x[..., [2, 0]]
        Tensor mask = tensor(new[] { false, true, true });
        Close(new double[] { 11, 21, 111, 121 }, x[.., mask, 1]);                                // x[:, mask, 1]
        Tensor mask2 = x.select(2, 0).gt(100);                                                  // [2, 3] mask
        Close(new double[] { 110, 120 }, x[mask2, 0]);                                          // x[mask2, 0]
    }

    [Fact]
    public void Setters_WriteIntoTheOriginal()
    {
        using var scope = NewDisposeScope();
        Tensor x = zeros(new long[] { 3, 4 }, float64);
        x[1] = ones(4);
        x[0, 1..3] = tensor(new double[] { 5, 6 });
        x[2, ^1] = tensor(9.0, float64);
        x[tensor(new long[] { 2 })] = full(new long[] { 1, 4 }, 7.0, float64) + x[2];
        Close(new double[] { 0, 5, 6, 0, 1, 1, 1, 1, 7, 7, 7, 16 }, x);
        x[.., tensor(new long[] { 0 })] = tensor(new double[] { -1 });
        Close(new double[] { -1, -1, -1 }, x[.., 0]);
        x[1, 2] = tensor(3.0, float64);
        Close(3, x[1, 2]);
    }
}
