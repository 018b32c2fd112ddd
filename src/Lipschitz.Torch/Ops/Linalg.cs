using System;

namespace Lipschitz.Torch;

public static partial class torch
{
    private static readonly Op s_einsum = Op.Of("aten::einsum");

    /// <summary>Matrix product with broadcasting of batch dimensions (vectors are promoted as in NumPy).</summary>
    public static Tensor matmul(Tensor input, Tensor other) => input.matmul(other);
    /// <summary>Product of two matrices.</summary>
    public static Tensor mm(Tensor input, Tensor mat2) => input.mm(mat2);
    /// <summary>Batched product of [b, n, m] and [b, m, p] tensors.</summary>
    public static Tensor bmm(Tensor input, Tensor mat2) => input.bmm(mat2);
    /// <summary>Matrix-vector product.</summary>
    public static Tensor mv(Tensor input, Tensor vec) => input.mv(vec);
    /// <summary>Dot product of two vectors.</summary>
    public static Tensor dot(Tensor input, Tensor other) => input.dot(other);
    /// <summary>Outer product of two vectors.</summary>
    public static Tensor outer(Tensor input, Tensor vec2) => input.outer(vec2);
    /// <summary>Sum of the diagonal of a matrix.</summary>
    public static Tensor trace(Tensor input) => input.trace();
    /// <summary>Einstein summation, e.g. <c>einsum("ij,jk->ik", a, b)</c>.</summary>
    public static Tensor einsum(string equation, params Tensor[] tensors) => s_einsum.Call(equation, tensors);

    public partial class Tensor
    {
        private static readonly Op s_matmul = Op.Of("aten::matmul"), s_mm = Op.Of("aten::mm"), s_bmm = Op.Of("aten::bmm");
        private static readonly Op s_mv = Op.Of("aten::mv"), s_dot = Op.Of("aten::dot"), s_outer = Op.Of("aten::outer"), s_trace = Op.Of("aten::trace");

        /// <summary>Matrix product with broadcasting of batch dimensions.</summary>
        public Tensor matmul(Tensor other) => s_matmul.Call(this, other);
        /// <summary>Product of two matrices.</summary>
        public Tensor mm(Tensor mat2) => s_mm.Call(this, mat2);
        /// <summary>Batched matrix product.</summary>
        public Tensor bmm(Tensor mat2) => s_bmm.Call(this, mat2);
        /// <summary>Matrix-vector product.</summary>
        public Tensor mv(Tensor vec) => s_mv.Call(this, vec);
        /// <summary>Dot product of two vectors.</summary>
        public Tensor dot(Tensor other) => s_dot.Call(this, other);
        /// <summary>Outer product of two vectors.</summary>
        public Tensor outer(Tensor vec2) => s_outer.Call(this, vec2);
        /// <summary>Sum of the diagonal of a matrix.</summary>
        public Tensor trace() => s_trace.Call(this);
    }

    /// <summary>Linear algebra (torch.linalg); batched over leading dimensions.</summary>
    public static partial class linalg
    {
        private static readonly Op s_svd = Op.Of("aten::linalg_svd"), s_svdvals = Op.Of("aten::linalg_svdvals"), s_qr = Op.Of("aten::linalg_qr");
        private static readonly Op s_solve = Op.Of("aten::linalg_solve"), s_inv = Op.Of("aten::linalg_inv"), s_eigh = Op.Of("aten::linalg_eigh");
        private static readonly Op s_eigvalsh = Op.Of("aten::linalg_eigvalsh"), s_cholesky = Op.Of("aten::linalg_cholesky");
        private static readonly Op s_matrixExp = Op.Of("aten::linalg_matrix_exp"), s_vectorNorm = Op.Of("aten::linalg_vector_norm");
        private static readonly Op s_matrixNorm = Op.Of("aten::linalg_matrix_norm"), s_matrixNormStr = Op.Of("aten::linalg_matrix_norm.str_ord");
        private static readonly Op s_det = Op.Of("aten::linalg_det"), s_pinv = Op.Of("aten::linalg_pinv.atol_rtol_float");

        /// <summary>Singular value decomposition A = U·diag(S)·Vh (reduced unless <paramref name="full_matrices"/>).</summary>
        public static (Tensor U, Tensor S, Tensor Vh) svd(Tensor A, bool full_matrices = true) => s_svd.Call3(A, full_matrices);
        /// <summary>The singular values of A in descending order.</summary>
        public static Tensor svdvals(Tensor A) => s_svdvals.Call(A);
        /// <summary>QR decomposition A = Q·R.</summary>
        public static (Tensor Q, Tensor R) qr(Tensor A, QRMode mode = QRMode.Reduced) =>
            s_qr.Call2(A, mode switch { QRMode.Reduced => "reduced", QRMode.Complete => "complete", _ => "r" });
        /// <summary>The solution X of A·X = B (or X·A = B when <paramref name="left"/> is false).</summary>
        public static Tensor solve(Tensor A, Tensor B, bool left = true) => s_solve.Call(A, B, left);
        /// <summary>The inverse of a square matrix.</summary>
        public static Tensor inv(Tensor A) => s_inv.Call(A);
        /// <summary>Eigenvalues (ascending) and eigenvectors of a symmetric matrix, read from the triangle <paramref name="UPLO"/>.</summary>
        public static (Tensor eigenvalues, Tensor eigenvectors) eigh(Tensor A, char UPLO = 'L') => s_eigh.Call2(A, UPLO.ToString());
        /// <summary>Eigenvalues (ascending) of a symmetric matrix.</summary>
        public static Tensor eigvalsh(Tensor A, char UPLO = 'L') => s_eigvalsh.Call(A, UPLO.ToString());
        /// <summary>The Cholesky factor L (A = L·Lᴴ), or U when <paramref name="upper"/>.</summary>
        public static Tensor cholesky(Tensor A, bool upper = false) => s_cholesky.Call(A, upper);
        /// <summary>The matrix exponential.</summary>
        public static Tensor matrix_exp(Tensor A) => s_matrixExp.Call(A);
        /// <summary>The determinant.</summary>
        public static Tensor det(Tensor A) => s_det.Call(A);
        /// <summary>The Moore–Penrose pseudo-inverse.</summary>
        public static Tensor pinv(Tensor A, double? atol = null, double? rtol = null, bool hermitian = false) =>
            s_pinv.Call(A, Arg.Of(atol), Arg.Of(rtol), hermitian);
        /// <summary>The vector ord-norm over the given dimensions (all when null); ord may be ±∞.</summary>
        public static Tensor vector_norm(Tensor x, double ord = 2, long[]? dims = null, bool keepdim = false, ScalarType? dtype = null) =>
            s_vectorNorm.Call(x, ord, dims, keepdim, Arg.Of(dtype));
        /// <summary>The matrix norm of order ord (±1, ±2, ±∞) over two dimensions.</summary>
        public static Tensor matrix_norm(Tensor A, double ord, long[]? dims = null, bool keepdim = false, ScalarType? dtype = null) =>
            s_matrixNorm.Call(A, ord, dims ?? new[] { -2L, -1L }, keepdim, Arg.Of(dtype));
        /// <summary>The matrix norm "fro" (Frobenius) or "nuc" (nuclear) over two dimensions.</summary>
        public static Tensor matrix_norm(Tensor A, string ord = "fro", long[]? dims = null, bool keepdim = false, ScalarType? dtype = null) =>
            s_matrixNormStr.Call(A, ord, dims ?? new[] { -2L, -1L }, keepdim, Arg.Of(dtype));
    }

    /// <summary>Which factors <see cref="linalg.qr"/> returns.</summary>
    public enum QRMode
    {
        /// <summary>Q is m×k and R k×n, k = min(m, n).</summary>
        Reduced = 0,
        /// <summary>Q is m×m and R m×n.</summary>
        Complete = 1,
        /// <summary>Only R (Q is empty).</summary>
        R = 2,
    }
}
