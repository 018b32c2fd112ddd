namespace Lipschitz.Torch;

public static partial class torch
{
    private static readonly Op s_where = Op.Of("aten::where.self"), s_whereSO = Op.Of("aten::where.ScalarOther"), s_whereSS = Op.Of("aten::where.ScalarSelf");

    /// <summary>Picks <paramref name="x"/> where <paramref name="condition"/> is true, else <paramref name="y"/> (broadcasting).</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => s_where.Call(condition, x, y);
    /// <summary>Picks <paramref name="x"/> where <paramref name="condition"/> is true, else the scalar <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, Tensor x, double y) => s_whereSO.Call(condition, x, y);
    /// <summary>Picks the scalar <paramref name="x"/> where <paramref name="condition"/> is true, else <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, double x, Tensor y) => s_whereSS.Call(condition, x, y);
    /// <summary>Elementwise maximum of two tensors (broadcasting; NaN propagates).</summary>
    public static Tensor maximum(Tensor input, Tensor other) => input.maximum(other);
    /// <summary>Elementwise minimum of two tensors (broadcasting; NaN propagates).</summary>
    public static Tensor minimum(Tensor input, Tensor other) => input.minimum(other);
    /// <summary>Elementwise input == other.</summary>
    public static Tensor eq(Tensor input, Tensor other) => input.eq(other);
    /// <summary>Elementwise input != other.</summary>
    public static Tensor ne(Tensor input, Tensor other) => input.ne(other);
    /// <summary>Elementwise input &lt; other.</summary>
    public static Tensor lt(Tensor input, Tensor other) => input.lt(other);
    /// <summary>Elementwise input &lt;= other.</summary>
    public static Tensor le(Tensor input, Tensor other) => input.le(other);
    /// <summary>Elementwise input &gt; other.</summary>
    public static Tensor gt(Tensor input, Tensor other) => input.gt(other);
    /// <summary>Elementwise input &gt;= other.</summary>
    public static Tensor ge(Tensor input, Tensor other) => input.ge(other);
    /// <summary>True when both tensors have the same shape and values.</summary>
    public static bool equal(Tensor input, Tensor other) => input.equal(other);
    /// <summary>True when |input − other| ≤ atol + rtol·|other| everywhere.</summary>
    public static bool allclose(Tensor input, Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) =>
        input.allclose(other, rtol, atol, equal_nan);
    /// <summary>Elementwise logical AND.</summary>
    public static Tensor logical_and(Tensor input, Tensor other) => input.logical_and(other);
    /// <summary>Elementwise logical OR.</summary>
    public static Tensor logical_or(Tensor input, Tensor other) => input.logical_or(other);
    /// <summary>Elementwise logical XOR.</summary>
    public static Tensor logical_xor(Tensor input, Tensor other) => input.logical_xor(other);
    /// <summary>Softmax along a dimension.</summary>
    public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
    /// <summary>Logarithm of the softmax along a dimension (numerically stable).</summary>
    public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => input.log_softmax(dim, dtype);
    /// <summary>Replaces NaN and infinities by finite numbers (defaults: 0 and the dtype's extremes).</summary>
    public static Tensor nan_to_num(Tensor input, double? nan = null, double? posinf = null, double? neginf = null) => input.nan_to_num(nan, posinf, neginf);

    public partial class Tensor
    {
        private static readonly Op s_maximum = Op.Of("aten::maximum"), s_minimum = Op.Of("aten::minimum");
        private static readonly Op s_eqT = Op.Of("aten::eq.Tensor"), s_eqS = Op.Of("aten::eq.Scalar");
        private static readonly Op s_neT = Op.Of("aten::ne.Tensor"), s_neS = Op.Of("aten::ne.Scalar");
        private static readonly Op s_ltT = Op.Of("aten::lt.Tensor"), s_ltS = Op.Of("aten::lt.Scalar");
        private static readonly Op s_leT = Op.Of("aten::le.Tensor"), s_leS = Op.Of("aten::le.Scalar");
        private static readonly Op s_gtT = Op.Of("aten::gt.Tensor"), s_gtS = Op.Of("aten::gt.Scalar");
        private static readonly Op s_geT = Op.Of("aten::ge.Tensor"), s_geS = Op.Of("aten::ge.Scalar");
        private static readonly Op s_equal = Op.Of("aten::equal"), s_allclose = Op.Of("aten::allclose");
        private static readonly Op s_logicalAnd = Op.Of("aten::logical_and"), s_logicalOr = Op.Of("aten::logical_or"), s_logicalXor = Op.Of("aten::logical_xor");
        private static readonly Op s_softmax = Op.Of("aten::softmax.int"), s_logSoftmax = Op.Of("aten::log_softmax.int");
        private static readonly Op s_nanToNum = Op.Of("aten::nan_to_num");
        private static readonly Op s_maskedFillS = Op.Of("aten::masked_fill.Scalar"), s_maskedFillT = Op.Of("aten::masked_fill.Tensor");

        /// <summary>Elementwise a &lt; b (bool).</summary>
        public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
        /// <summary>Elementwise a &gt; b (bool).</summary>
        public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
        /// <summary>Elementwise a &lt;= b (bool).</summary>
        public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
        /// <summary>Elementwise a &gt;= b (bool).</summary>
        public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
        /// <summary>Elementwise a &lt; scalar (bool).</summary>
        public static Tensor operator <(Tensor a, double b) => a.lt(b);
        /// <summary>Elementwise a &gt; scalar (bool).</summary>
        public static Tensor operator >(Tensor a, double b) => a.gt(b);
        /// <summary>Elementwise a &lt;= scalar (bool).</summary>
        public static Tensor operator <=(Tensor a, double b) => a.le(b);
        /// <summary>Elementwise a &gt;= scalar (bool).</summary>
        public static Tensor operator >=(Tensor a, double b) => a.ge(b);
        /// <summary>Python-style remainder with a scalar divisor.</summary>
        public static Tensor operator %(Tensor a, double b) => a.remainder(b);
        /// <summary>Python-style elementwise remainder.</summary>
        public static Tensor operator %(Tensor a, Tensor b) => a.remainder(b);

        /// <summary>Elementwise maximum with another tensor (broadcasting).</summary>
        public Tensor maximum(Tensor other) => s_maximum.Call(this, other);
        /// <summary>Elementwise minimum with another tensor (broadcasting).</summary>
        public Tensor minimum(Tensor other) => s_minimum.Call(this, other);
        /// <summary>Elementwise self == other (bool).</summary>
        public Tensor eq(Tensor other) => s_eqT.Call(this, other);
        /// <summary>Elementwise self == scalar (bool).</summary>
        public Tensor eq(double other) => s_eqS.Call(this, other);
        /// <summary>Elementwise self != other (bool).</summary>
        public Tensor ne(Tensor other) => s_neT.Call(this, other);
        /// <summary>Elementwise self != scalar (bool).</summary>
        public Tensor ne(double other) => s_neS.Call(this, other);
        /// <summary>Elementwise self &lt; other (bool).</summary>
        public Tensor lt(Tensor other) => s_ltT.Call(this, other);
        /// <summary>Elementwise self &lt; scalar (bool).</summary>
        public Tensor lt(double other) => s_ltS.Call(this, other);
        /// <summary>Elementwise self &lt;= other (bool).</summary>
        public Tensor le(Tensor other) => s_leT.Call(this, other);
        /// <summary>Elementwise self &lt;= scalar (bool).</summary>
        public Tensor le(double other) => s_leS.Call(this, other);
        /// <summary>Elementwise self &gt; other (bool).</summary>
        public Tensor gt(Tensor other) => s_gtT.Call(this, other);
        /// <summary>Elementwise self &gt; scalar (bool).</summary>
        public Tensor gt(double other) => s_gtS.Call(this, other);
        /// <summary>Elementwise self &gt;= other (bool).</summary>
        public Tensor ge(Tensor other) => s_geT.Call(this, other);
        /// <summary>Elementwise self &gt;= scalar (bool).</summary>
        public Tensor ge(double other) => s_geS.Call(this, other);
        /// <summary>True when both tensors have the same shape and values.</summary>
        public bool equal(Tensor other)
        {
            using Tensor r = s_equal.Call(this, other);
            return r.item<bool>();
        }
        /// <summary>True when |self − other| ≤ atol + rtol·|other| everywhere.</summary>
        public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false)
        {
            using Tensor r = s_allclose.Call(this, other, rtol, atol, equal_nan);
            return r.item<bool>();
        }
        /// <summary>Elementwise logical AND (nonzero is true).</summary>
        public Tensor logical_and(Tensor other) => s_logicalAnd.Call(this, other);
        /// <summary>Elementwise logical OR (nonzero is true).</summary>
        public Tensor logical_or(Tensor other) => s_logicalOr.Call(this, other);
        /// <summary>Elementwise logical XOR (nonzero is true).</summary>
        public Tensor logical_xor(Tensor other) => s_logicalXor.Call(this, other);
        /// <summary>Softmax along a dimension.</summary>
        public Tensor softmax(long dim, ScalarType? dtype = null) => s_softmax.Call(this, dim, Arg.Of(dtype));
        /// <summary>Logarithm of the softmax along a dimension (numerically stable).</summary>
        public Tensor log_softmax(long dim, ScalarType? dtype = null) => s_logSoftmax.Call(this, dim, Arg.Of(dtype));
        /// <summary>Replaces NaN and infinities by finite numbers (defaults: 0 and the dtype's extremes).</summary>
        public Tensor nan_to_num(double? nan = null, double? posinf = null, double? neginf = null) =>
            s_nanToNum.Call(this, Arg.Of(nan), Arg.Of(posinf), Arg.Of(neginf));
        /// <summary>A copy with the elements where <paramref name="mask"/> is true set to <paramref name="value"/>.</summary>
        public Tensor masked_fill(Tensor mask, double value) => s_maskedFillS.Call(this, mask, value);
        /// <summary>A copy with the elements where <paramref name="mask"/> is true set to a one-element tensor's value.</summary>
        public Tensor masked_fill(Tensor mask, Tensor value) => s_maskedFillT.Call(this, mask, value);
        /// <summary>Picks self where <paramref name="condition"/> is true, else <paramref name="other"/>.</summary>
        public Tensor where(Tensor condition, Tensor other) => s_where.Call(condition, this, other);
        /// <summary>Picks self where <paramref name="condition"/> is true, else the scalar <paramref name="other"/>.</summary>
        public Tensor where(Tensor condition, double other) => s_whereSO.Call(condition, this, other);
    }
}
