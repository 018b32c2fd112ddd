using static Lipschitz.Torch.torch;
using static Lipschitz.Torch.Tests.TestUtil;

namespace Lipschitz.Torch.Tests;

public class LinalgTests
{
    [Fact]
    public void MatmulFamily_MatchHandProducts()
    {
        using var scope = NewDisposeScope();
        Tensor a = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Tensor b = tensor(new double[] { 1, 0, 0, 1, 1, 1 }, new long[] { 3, 2 });
        double[] ab = { 1 + 3, 2 + 3, 4 + 6, 5 + 6 };
        Close(ab, a.matmul(b));
        Close(ab, mm(a, b));
        Close(ab, einsum("ij,jk->ik", a, b));
        Close(new double[] { 1 + 2 + 3, 4 + 5 + 6 }, a.mv(ones(new long[] { 3 }, float64)));
        Tensor v = tensor(new double[] { 1, 2, 3 });
        Close(14, v.dot(v));
        Close(new double[] { 1, 2, 3, 2, 4, 6, 3, 6, 9 }, outer(v, v));
        Tensor batch = stack(new[] { a, a * 2 });
        Tensor bb = stack(new[] { b, b });
        Close(ab.Concat(ab.Select(x => 2 * x)).ToArray(), bmm(batch, bb));
        Close(ab.Concat(ab.Select(x => 2 * x)).ToArray(), batch.matmul(b));
        Tensor w = tensor(new double[] { 1, 1, 1, 0, 0, 1 }, new long[] { 2, 3 });
        Tensor bias = tensor(new double[] { 10, 20 });
        // x·Wᵀ + b with x = a: rows (1,2,3) → (6, 3) + b, (4,5,6) → (15, 6) + b
        Close(new double[] { 16, 23, 25, 26 }, nn.functional.linear(a, w, bias));
        Close(5, tensor(new double[] { 1, 2, 3, 4 }, new long[] { 2, 2 }).trace());
    }

    [Fact]
    public void Decompositions_OfKnownMatrices()
    {
        using var scope = NewDisposeScope();
        // Symmetric [[2, 1], [1, 2]]: eigenvalues 1 and 3, singular values 3 and 1.
        Tensor s = tensor(new double[] { 2, 1, 1, 2 }, new long[] { 2, 2 });
        Close(new double[] { 3, 1 }, linalg.svdvals(s), 1e-12);
        var (vals, vecs) = linalg.eigh(s);
        Close(new double[] { 1, 3 }, vals, 1e-12);
        Close(Math.Sqrt(0.5), vecs[0, 1].abs(), 1e-12);
        Close(new double[] { 1, 3 }, linalg.eigvalsh(s), 1e-12);
        var (u, sv, vh) = linalg.svd(s);
        Close(s.ToArray<double>(), u.matmul(sv.diag()).matmul(vh), 1e-12);
        // Cholesky: [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]].
        Tensor spd = tensor(new double[] { 4, 2, 2, 5 }, new long[] { 2, 2 });
        Close(new double[] { 2, 0, 1, 2 }, linalg.cholesky(spd), 1e-12);
        Close(new double[] { 2, 1, 0, 2 }, linalg.cholesky(spd, upper: true), 1e-12);
        // Inverse and solve: det 16, inverse [[5, −2], [−2, 4]]/16.
        Close(new double[] { 5.0 / 16, -2.0 / 16, -2.0 / 16, 4.0 / 16 }, linalg.inv(spd), 1e-12);
        Close(16, linalg.det(spd), 1e-12);
        Tensor rhs = tensor(new double[] { 6, 7 }, new long[] { 2, 1 });
        Close(new double[] { (30 - 14) / 16.0, (-12 + 28) / 16.0 }, linalg.solve(spd, rhs), 1e-12);
        Close(new double[] { 5.0 / 16, -2.0 / 16, -2.0 / 16, 4.0 / 16 }, linalg.pinv(spd), 1e-12);
        // QR of a 3×2 matrix: Q has orthonormal columns, R is upper triangular, QR = A.
        Tensor a = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 3, 2 });
        var (q, r) = linalg.qr(a);
        Assert.Equal(new long[] { 3, 2 }, q.shape);
        Close(new double[] { 1, 0, 0, 1 }, q.t().matmul(q), 1e-12);
        Close(0, r[1, 0], 1e-12);
        Close(a.ToArray<double>(), q.matmul(r), 1e-12);
        var (qc, _) = linalg.qr(a, QRMode.Complete);
        Assert.Equal(new long[] { 3, 3 }, qc.shape);
    }

    [Fact]
    public void MatrixExpAndNorms_MatchClosedForms()
    {
        using var scope = NewDisposeScope();
        // exp([[0, t], [−t, 0]]) is the rotation by t; exp of nilpotent [[0, 1], [0, 0]] is [[1, 1], [0, 1]].
        double th = 0.7;
        Close(new[] { Math.Cos(th), Math.Sin(th), -Math.Sin(th), Math.Cos(th) },
            linalg.matrix_exp(tensor(new[] { 0, th, -th, 0 }, new long[] { 2, 2 })), 1e-12);
        Close(new double[] { 1, 1, 0, 1 }, linalg.matrix_exp(tensor(new double[] { 0, 1, 0, 0 }, new long[] { 2, 2 })), 1e-12);
        Tensor v = tensor(new double[] { 3, -4, 0 });
        Close(5, linalg.vector_norm(v), 1e-12);
        Close(7, linalg.vector_norm(v, 1), 1e-12);
        Close(4, linalg.vector_norm(v, double.PositiveInfinity), 1e-12);
        Tensor m = tensor(new double[] { 3, 0, 4, 0, 1, 0 }, new long[] { 2, 3 });
        Close(new double[] { 5, 1 }, linalg.vector_norm(m, 2, new long[] { 1 }), 1e-12);
        Close(Math.Sqrt(26), linalg.matrix_norm(m), 1e-12);
        Close(5, linalg.matrix_norm(m, 2), 1e-12);       // largest singular value: rows orthogonal, norms 5 and 1
        Close(6, linalg.matrix_norm(m, "nuc"), 1e-12);
        Close(7, linalg.matrix_norm(m, double.PositiveInfinity), 1e-12);  // max row sum
        Close(4, linalg.matrix_norm(m, 1), 1e-12);       // max column sum (3, 1, 4)
    }
}
